using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Tasks;

/// <summary>A claim as the grab path knows it, without reading it back.</summary>
public sealed record ClaimSummary(long Id, long TaskId, long? ShiftId, long MemberId, ClaimStatus Status, DateTime ClaimedAt, long? HelpGroupId = null);

public readonly record struct GrabResult(GrabOutcome Outcome, ClaimSummary? Claim = null, bool KeyReused = false);

/// <summary>
/// One-tap grabbing (一键抢单), the hot path. One read decides every expected refusal (not a member,
/// invisible, closed, already claimed, full) without a write lock and without an exception. A possible
/// winner then runs one command in one short transaction: the atomic conditional update
/// (<c>ClaimedCount &lt; Slots</c>, still published, not started) and, only if it took the slot, the insert. The
/// database, not C#, guarantees never more claims than slots; a unique index, one active claim per member
/// per task or shift. A retry carrying the same Idempotency-Key finds its claim in the same read.
/// </summary>
public sealed class TaskGrabbing(ZhujiDbContext db, GrabStatements statements, IClaimSlotWriter writer, TimeProvider clock)
{
    public async Task<GrabResult> GrabAsync(long userId, long taskId, long? shiftId, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var view = await statements.ReadAsync(userId, taskId, shiftId, idempotencyKey, cancellationToken);
        if (view is null)
        {
            return new GrabResult(GrabOutcome.NotMember);
        }

        if (view.KeyedClaimId is { } previous)
        {
            return await ReplayAsync(previous, taskId, shiftId, cancellationToken);
        }

        if (!view.TaskExists || !ClaimRules.IsVisibleTo(view.Tier, view.ScopeId, view.CommunityId, view.BlockId))
        {
            return new GrabResult(GrabOutcome.NotVisible);
        }

        var (startsAt, slots, claimed) = (view.TaskStartsAt, view.TaskSlots, view.TaskClaimed);
        if (view.HasShifts)
        {
            if (shiftId is null)
            {
                return new GrabResult(GrabOutcome.ShiftRequired);
            }

            if (view.ShiftTaskId != taskId)
            {
                return new GrabResult(GrabOutcome.UnknownShift);
            }

            (startsAt, slots, claimed) = (view.ShiftStartsAt!.Value, view.ShiftSlots, view.ShiftClaimed);
        }
        else if (shiftId is not null)
        {
            return new GrabResult(GrabOutcome.UnknownShift);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (!ClaimRules.WindowOpen(view.Status, startsAt, now))
        {
            return new GrabResult(GrabOutcome.WindowClosed);
        }

        if (view.HoldsClaim)
        {
            return new GrabResult(GrabOutcome.AlreadyClaimed);
        }

        if (claimed >= slots)
        {
            return new GrabResult(GrabOutcome.TaskFull);
        }

        var write = await writer.TakeAndInsertAsync(taskId, shiftId, view.MemberId, now, idempotencyKey, cancellationToken);
        switch (write.Outcome)
        {
            case SlotWriteOutcome.Inserted:
                return new GrabResult(GrabOutcome.Claimed, new ClaimSummary(write.ClaimId, taskId, shiftId, view.MemberId, ClaimStatus.Claimed, now));
            case SlotWriteOutcome.Duplicate:
                // The same member won a race against himself (a double tap, a retry in flight).
                var again = await statements.ReadAsync(userId, taskId, shiftId, idempotencyKey, cancellationToken);
                return again?.KeyedClaimId is { } winner
                    ? await ReplayAsync(winner, taskId, shiftId, cancellationToken)
                    : new GrabResult(GrabOutcome.AlreadyClaimed);
            default:
                return new GrabResult(await WhyNotAsync(taskId, shiftId, now, cancellationToken));
        }
    }

    /// <summary>
    /// The atomic conditional update of a group claim: takes <paramref name="count"/> slots only if they are
    /// all free, the task is still published and the task (or shift) has not started. Returns 0 when it did not.
    /// </summary>
    public async Task<int> TakeSlotsAsync(long taskId, long? shiftId, int count, DateTime now, CancellationToken cancellationToken)
    {
        if (shiftId is { } shift)
        {
            var taken = await db.TaskShifts
                .Where(s => s.Id == shift && s.TaskId == taskId && s.StartsAt > now && s.ClaimedCount + count <= s.Slots)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.ClaimedCount, s => s.ClaimedCount + count), cancellationToken);
            return taken == 0
                ? 0
                : await db.Tasks.Where(t => t.Id == taskId && t.Status == VolunteerTaskStatus.Published)
                    .ExecuteUpdateAsync(u => u.SetProperty(t => t.ClaimedCount, t => t.ClaimedCount + count), cancellationToken);
        }

        return await db.Tasks
            .Where(t => t.Id == taskId && t.Status == VolunteerTaskStatus.Published && !t.HasShifts && t.StartsAt > now && t.ClaimedCount + count <= t.Slots)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.ClaimedCount, t => t.ClaimedCount + count), cancellationToken);
    }

    /// <summary>Gives a slot back (a claim cancelled before the start).</summary>
    public async Task ReleaseSlotAsync(long taskId, long? shiftId, CancellationToken cancellationToken)
    {
        if (shiftId is { } shift)
        {
            await db.TaskShifts.Where(s => s.Id == shift && s.ClaimedCount > 0)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.ClaimedCount, s => s.ClaimedCount - 1), cancellationToken);
        }

        await db.Tasks.Where(t => t.Id == taskId && t.ClaimedCount > 0)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.ClaimedCount, t => t.ClaimedCount - 1), cancellationToken);
    }

    /// <summary>After a refused update: closed or started, or simply full.</summary>
    public async Task<GrabOutcome> WhyNotAsync(long taskId, long? shiftId, DateTime now, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => new { t.Status, t.StartsAt }).SingleOrDefaultAsync(cancellationToken);
        var startsAt = shiftId is { } s
            ? await db.TaskShifts.Where(x => x.Id == s).Select(x => (DateTime?)x.StartsAt).SingleOrDefaultAsync(cancellationToken)
            : task?.StartsAt;
        return task is null || startsAt is null || !ClaimRules.WindowOpen(task.Status, startsAt.Value, now)
            ? GrabOutcome.WindowClosed
            : GrabOutcome.TaskFull;
    }

    private async Task<GrabResult> ReplayAsync(long claimId, long taskId, long? shiftId, CancellationToken cancellationToken)
    {
        var claim = await db.Claims.AsNoTracking().SingleAsync(c => c.Id == claimId, cancellationToken);
        return claim.TaskId == taskId && claim.ShiftId == shiftId
            ? new GrabResult(GrabOutcome.Claimed, ClaimEndpoints.Summary(claim))
            : new GrabResult(GrabOutcome.AlreadyClaimed, KeyReused: true);
    }
}
