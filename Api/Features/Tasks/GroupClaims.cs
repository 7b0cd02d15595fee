using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Domain.Common;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Tasks;

/// <summary>
/// A help-group leader claims one slot for each named member of his group: all or nothing. The refusals are
/// <see cref="ClaimRules.Decide"/>'s, as for one member; the slots are taken by the same conditional update,
/// all at once. Each member gets his own claim, record and flag.
/// </summary>
public sealed class GroupClaims(ZhujiDbContext db, GrabStatements statements, TaskGrabbing grabbing, TimeProvider clock)
{
    public async Task<Results<Created<ClaimDto>, Created<GroupClaimResponse>, ProblemHttpResult>> GrabAsync(
        MemberScope leader, long taskId, long? shiftId, long helpGroupId, IReadOnlyList<long> memberIds, CancellationToken cancellationToken)
    {
        var group = await db.HelpGroups.AsNoTracking().SingleOrDefaultAsync(g => g.Id == helpGroupId, cancellationToken);
        if (group is null)
        {
            return Problems.Validation("helpGroupId", "帮帮团不存在");
        }

        var inGroup = await db.HelpGroupMemberships
            .Where(m => m.HelpGroupId == helpGroupId && memberIds.Contains(m.MemberId))
            .Select(m => m.MemberId).ToListAsync(cancellationToken);
        group.EnsureMayClaimFor(leader.Id, memberIds, inGroup);

        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null || !ClaimRules.IsVisibleTo(task.Tier, task.ScopeId, leader.Home))
        {
            return ClaimEndpoints.Refusal(GrabOutcome.NotVisible);
        }

        task.EnsureTakesGroupClaims();

        var homes = await (from m in db.Members.AsNoTracking()
                           join r in db.Registrations on m.RegistrationId equals r.Id
                           where memberIds.Contains(m.Id)
                           select new { m.CommunityId, m.BlockId, r.Status, MovingTo = r.CommunityId, MovingToBlock = r.BlockId }).ToListAsync(cancellationToken);
        if (homes.Any(m => !ClaimRules.IsVisibleTo(task.Tier, task.ScopeId, m.Status == RegistrationStatus.Pending
                ? Home.Of(m.CommunityId, m.BlockId, m.MovingTo, m.MovingToBlock)
                : Home.Of(m.CommunityId, m.BlockId))))
        {
            return Problems.Validation("memberIds", "部分成员不在该任务的发布范围内");
        }

        var shift = shiftId is null ? null : await db.TaskShifts.AsNoTracking().SingleOrDefaultAsync(s => s.Id == shiftId && s.TaskId == taskId, cancellationToken);
        var shiftKey = shiftId ?? 0;
        var anyHolds = await db.Claims.Where(Claim.Stands).AnyAsync(c => c.TaskId == taskId && c.ShiftKey == shiftKey && memberIds.Contains(c.MemberId), cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var snapshot = new GrabSnapshot(task.Tier, task.ScopeId, task.Status, task.HasShifts, task.StartsAt, task.Slots, task.ClaimedCount,
            shiftId is null ? ShiftChoice.None : shift is null ? ShiftChoice.Unknown : ShiftChoice.OfTheTask,
            shift?.StartsAt, shift?.Slots ?? 0, shift?.ClaimedCount ?? 0);
        var outcome = ClaimRules.Decide(snapshot, leader.Home, anyHolds, memberIds.Count, now);
        if (outcome == GrabOutcome.TaskFull)
        {
            return Problems.Conflict(snapshot.FullReason(memberIds.Count), ErrorCodes.TaskFull);
        }

        if (outcome != GrabOutcome.Claimed)
        {
            return ClaimEndpoints.Refusal(outcome);
        }

        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        if (!await statements.TakeSlotsAsync(taskId, shiftId, memberIds.Count, now, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return ClaimEndpoints.Refusal(await grabbing.WhyNotAsync(taskId, shiftId, now, cancellationToken));
        }

        var claims = memberIds.Select(m => Claim.Grab(taskId, shiftId, m, now, helpGroupId: helpGroupId, claimedByMemberId: leader.Id)).ToList();
        db.Claims.AddRange(claims);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return ClaimEndpoints.Refusal(GrabOutcome.AlreadyClaimed);
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/tasks/{taskId}/claims", new GroupClaimResponse(claims.Select(c => TaskMapping.ToDto(c, task)).ToList()));
    }
}
