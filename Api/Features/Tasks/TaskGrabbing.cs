using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Tasks;

public readonly record struct GrabResult(GrabOutcome Outcome, Claim? Claim = null, bool Replayed = false, bool KeyReused = false);

/// <summary>
/// One-tap grabbing (一键抢单), the hot path. Every expected refusal (invisible, closed, already claimed,
/// full) is decided by reads, without a write lock and without an exception. A possible winner then runs
/// one atomic conditional update (<c>ClaimedCount &lt; Slots</c>, still published, not started) and the insert
/// in one transaction: the database, not C#, guarantees never more claims than slots; a unique index
/// guarantees one active claim per member per task or shift.
/// </summary>
public sealed class TaskGrabbing(ZhujiDbContext db, TimeProvider clock)
{
    private sealed record TaskTarget(TaskTier Tier, long? ScopeId, VolunteerTaskStatus Status, DateTime StartsAt, int Slots, int ClaimedCount, bool HasShifts);

    private sealed record ShiftTarget(long TaskId, DateTime StartsAt, int Slots, int ClaimedCount);

    private static readonly Func<ZhujiDbContext, long, CancellationToken, Task<TaskTarget?>> TaskById =
        EF.CompileAsyncQuery((ZhujiDbContext db, long id, CancellationToken _) =>
            db.Tasks.AsNoTracking().Where(t => t.Id == id)
                .Select(t => new TaskTarget(t.Tier, t.ScopeId, t.Status, t.StartsAt, t.Slots, t.ClaimedCount, t.HasShifts))
                .FirstOrDefault());

    private static readonly Func<ZhujiDbContext, long, CancellationToken, Task<ShiftTarget?>> ShiftById =
        EF.CompileAsyncQuery((ZhujiDbContext db, long id, CancellationToken _) =>
            db.TaskShifts.AsNoTracking().Where(s => s.Id == id)
                .Select(s => new ShiftTarget(s.TaskId, s.StartsAt, s.Slots, s.ClaimedCount))
                .FirstOrDefault());

    private static readonly Func<ZhujiDbContext, long, long, long, CancellationToken, Task<bool>> HoldsClaim =
        EF.CompileAsyncQuery((ZhujiDbContext db, long taskId, long shiftKey, long memberId, CancellationToken _) =>
            db.Claims.Any(c => c.TaskId == taskId && c.ShiftKey == shiftKey && c.MemberId == memberId && c.Status != ClaimStatus.Cancelled));

    private static readonly Func<ZhujiDbContext, long, string, CancellationToken, Task<Claim?>> ClaimByKey =
        EF.CompileAsyncQuery((ZhujiDbContext db, long memberId, string key, CancellationToken _) =>
            db.Claims.AsNoTracking().FirstOrDefault(c => c.MemberId == memberId && c.IdempotencyKey == key));

    public async Task<GrabResult> GrabAsync(MemberScope member, long taskId, long? shiftId, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && await ReplayAsync(member.Id, taskId, shiftId, idempotencyKey, cancellationToken) is { } replay)
        {
            return replay;
        }

        var task = await TaskById(db, taskId, cancellationToken);
        if (task is null || !ClaimRules.IsVisibleTo(task.Tier, task.ScopeId, member.CommunityId, member.BlockId))
        {
            return new GrabResult(GrabOutcome.NotVisible);
        }

        var (startsAt, slots, claimed) = (task.StartsAt, task.Slots, task.ClaimedCount);
        if (task.HasShifts)
        {
            if (shiftId is null)
            {
                return new GrabResult(GrabOutcome.ShiftRequired);
            }

            var shift = await ShiftById(db, shiftId.Value, cancellationToken);
            if (shift is null || shift.TaskId != taskId)
            {
                return new GrabResult(GrabOutcome.UnknownShift);
            }

            (startsAt, slots, claimed) = (shift.StartsAt, shift.Slots, shift.ClaimedCount);
        }
        else if (shiftId is not null)
        {
            return new GrabResult(GrabOutcome.UnknownShift);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (!ClaimRules.WindowOpen(task.Status, startsAt, now))
        {
            return new GrabResult(GrabOutcome.WindowClosed);
        }

        if (await HoldsClaim(db, taskId, shiftId ?? 0, member.Id, cancellationToken))
        {
            return new GrabResult(GrabOutcome.AlreadyClaimed);
        }

        if (claimed >= slots)
        {
            return new GrabResult(GrabOutcome.TaskFull);
        }

        return await WriteAsync(member.Id, taskId, shiftId, idempotencyKey, now, cancellationToken);
    }

    private async Task<GrabResult> WriteAsync(long memberId, long taskId, long? shiftId, string? idempotencyKey, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await TakeSlotAsync(taskId, shiftId, 1, now, cancellationToken) == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new GrabResult(await WhyNotAsync(taskId, shiftId, now, cancellationToken));
        }

        var claim = Claim.Grab(taskId, shiftId, memberId, now, idempotencyKey);
        db.Claims.Add(claim);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // The same member won a race against himself (a double tap, a retry in flight).
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return idempotencyKey is not null && await ReplayAsync(memberId, taskId, shiftId, idempotencyKey, cancellationToken) is { } replay
                ? replay
                : new GrabResult(GrabOutcome.AlreadyClaimed);
        }

        await transaction.CommitAsync(cancellationToken);
        return new GrabResult(GrabOutcome.Claimed, claim);
    }

    /// <summary>
    /// The atomic conditional update: takes <paramref name="count"/> slots only if they are free, the task is
    /// still published and the task (or shift) has not started. Returns 0 when it did not.
    /// </summary>
    public async Task<int> TakeSlotAsync(long taskId, long? shiftId, int count, DateTime now, CancellationToken cancellationToken)
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

    /// <summary>Gives slots back (a claim cancelled before the start).</summary>
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
        var task = await TaskById(db, taskId, cancellationToken);
        var startsAt = shiftId is { } s ? (await ShiftById(db, s, cancellationToken))?.StartsAt : task?.StartsAt;
        return task is null || startsAt is null || !ClaimRules.WindowOpen(task.Status, startsAt.Value, now)
            ? GrabOutcome.WindowClosed
            : GrabOutcome.TaskFull;
    }

    private async Task<GrabResult?> ReplayAsync(long memberId, long taskId, long? shiftId, string key, CancellationToken cancellationToken) =>
        await ClaimByKey(db, memberId, key, cancellationToken) is { } previous
            ? previous.TaskId == taskId && previous.ShiftId == shiftId
                ? new GrabResult(GrabOutcome.Claimed, previous, Replayed: true)
                : new GrabResult(GrabOutcome.AlreadyClaimed, KeyReused: true)
            : null;
}
