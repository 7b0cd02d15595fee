using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Tasks;

public readonly record struct GrabResult(GrabOutcome Outcome, ClaimSummary? Claim = null, bool KeyReused = false);

/// <summary>
/// One-tap grabbing (一键抢单), the hot path. One read gives the snapshot on which
/// <see cref="ClaimRules.Decide"/> settles every expected refusal (not a member, invisible, closed, already
/// claimed, full) without a write lock and without an exception. A possible winner then runs one command in
/// one short transaction: the atomic conditional update and, only if it took the slot, the insert. The
/// database, not C#, guarantees never more claims than slots; a unique index, one active claim per member per
/// task or shift. A retry carrying the same Idempotency-Key finds its claim in the same read.
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

        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = Decide(view, taskId, shiftId, now);
        if (outcome != GrabOutcome.Claimed)
        {
            return new GrabResult(outcome);
        }

        var write = await writer.TakeAndInsertAsync(taskId, shiftId, view.MemberId, now, idempotencyKey, cancellationToken);
        switch (write.Outcome)
        {
            case SlotWriteOutcome.Inserted:
                return new GrabResult(GrabOutcome.Claimed,
                    new ClaimSummary(write.ClaimId, taskId, shiftId, view.MemberId, ClaimStatus.Claimed, now, view.TaskTitle, view.TaskCategory, view.TaskStartsAt));
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

    /// <summary>What a grab would answer now, on one read: <see cref="GrabOutcome.Claimed"/> when a place is free for him.</summary>
    public async Task<(GrabOutcome Outcome, long MemberId)> WouldGrabAsync(long userId, long taskId, long? shiftId, CancellationToken cancellationToken)
    {
        var view = await statements.ReadAsync(userId, taskId, shiftId, null, cancellationToken);
        return view is null ? (GrabOutcome.NotMember, 0) : (Decide(view, taskId, shiftId, clock.GetUtcNow().UtcDateTime), view.MemberId);
    }

    private static GrabOutcome Decide(GrabView view, long taskId, long? shiftId, DateTime now)
    {
        if (!view.TaskExists)
        {
            return GrabOutcome.NotVisible;
        }

        var shift = shiftId is null ? ShiftChoice.None : view.ShiftTaskId == taskId ? ShiftChoice.OfTheTask : ShiftChoice.Unknown;
        var snapshot = new GrabSnapshot(view.Tier, view.ScopeId, view.Status, view.HasShifts, view.TaskStartsAt, view.TaskSlots, view.TaskClaimed,
            shift, view.ShiftStartsAt, view.ShiftSlots, view.ShiftClaimed);
        var home = Home.Of(view.CommunityId, view.BlockId, view.MovingToCommunityId, view.MovingToBlockId);
        return ClaimRules.Decide(snapshot, home, view.HoldsClaim, seats: 1, now);
    }

    /// <summary>After a refused conditional update: the window closed meanwhile, or simply full.</summary>
    public async Task<GrabOutcome> WhyNotAsync(long taskId, long? shiftId, DateTime now, CancellationToken cancellationToken)
    {
        var task = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => new { t.Status, t.StartsAt }).SingleOrDefaultAsync(cancellationToken);
        var startsAt = shiftId is { } s
            ? await db.TaskShifts.Where(x => x.Id == s).Select(x => (DateTime?)x.StartsAt).SingleOrDefaultAsync(cancellationToken)
            : task?.StartsAt;
        return task is null || startsAt is null ? GrabOutcome.WindowClosed : ClaimRules.WhyNotTaken(task.Status, startsAt.Value, now);
    }

    private async Task<GrabResult> ReplayAsync(long claimId, long taskId, long? shiftId, CancellationToken cancellationToken)
    {
        var claim = await db.Claims.AsNoTracking().SingleAsync(c => c.Id == claimId, cancellationToken);
        if (claim.TaskId != taskId || claim.ShiftId != shiftId)
        {
            return new GrabResult(GrabOutcome.AlreadyClaimed, KeyReused: true);
        }

        var task = await db.Tasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => new { t.Title, t.Category, t.StartsAt }).SingleAsync(cancellationToken);
        return new GrabResult(GrabOutcome.Claimed, TaskMapping.Summary(claim, task.Title, task.Category, task.StartsAt));
    }
}
