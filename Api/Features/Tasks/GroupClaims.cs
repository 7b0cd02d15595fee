using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Tasks;

/// <summary>
/// A help-group leader claims one slot for each named member of his group: all or nothing, with the same
/// atomic conditional update as a single grab (taking all the slots at once). Each member gets his own
/// claim, record and flag.
/// </summary>
public sealed class GroupClaims(ZhujiDbContext db, TaskGrabbing grabbing, TimeProvider clock)
{
    public async Task<Results<Created<ClaimDto>, Created<GroupClaimResponse>, ProblemHttpResult>> GrabAsync(
        MemberScope leader, long taskId, long? shiftId, long helpGroupId, IReadOnlyList<long> memberIds, CancellationToken cancellationToken)
    {
        var group = await db.HelpGroups.AsNoTracking().SingleOrDefaultAsync(g => g.Id == helpGroupId, cancellationToken);
        if (group is null)
        {
            return Problems.Validation("helpGroupId", "帮帮团不存在");
        }

        if (group.LeaderMemberId != leader.Id)
        {
            return Problems.Forbidden("只有团长可以为本团成员团体认领");
        }

        var inGroup = await db.HelpGroupMemberships
            .Where(m => m.HelpGroupId == helpGroupId && memberIds.Contains(m.MemberId))
            .Select(m => m.MemberId).ToListAsync(cancellationToken);
        var outsiders = memberIds.Except(inGroup).ToList();
        if (outsiders.Count > 0)
        {
            return Problems.Validation("memberIds", $"以下成员不属于该帮帮团：{string.Join("、", outsiders)}");
        }

        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null || !ClaimRules.IsVisibleTo(task.Tier, task.ScopeId, leader.CommunityId, leader.BlockId))
        {
            return ClaimEndpoints.Refusal(GrabOutcome.NotVisible);
        }

        if (!task.AllowGroupClaims)
        {
            return Problems.InvalidState("该任务不接受团体认领");
        }

        var members = await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id))
            .Select(m => new { m.Id, m.CommunityId, m.BlockId }).ToListAsync(cancellationToken);
        if (members.Any(m => !ClaimRules.IsVisibleTo(task.Tier, task.ScopeId, m.CommunityId, m.BlockId)))
        {
            return Problems.Validation("memberIds", "部分成员不在该任务的发布范围内");
        }

        if (task.HasShifts != (shiftId is not null) ||
            (shiftId is not null && !await db.TaskShifts.AnyAsync(s => s.Id == shiftId && s.TaskId == taskId, cancellationToken)))
        {
            return ClaimEndpoints.Refusal(task.HasShifts && shiftId is null ? GrabOutcome.ShiftRequired : GrabOutcome.UnknownShift);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var shiftKey = shiftId ?? 0;
        if (await db.Claims.AnyAsync(c => c.TaskId == taskId && c.ShiftKey == shiftKey && memberIds.Contains(c.MemberId) && c.Status != ClaimStatus.Cancelled, cancellationToken))
        {
            return ClaimEndpoints.Refusal(GrabOutcome.AlreadyClaimed);
        }

        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        if (await grabbing.TakeSlotsAsync(taskId, shiftId, memberIds.Count, now, cancellationToken) == 0)
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
        return TypedResults.Created($"/api/v1/tasks/{taskId}/claims", new GroupClaimResponse(claims.Select(ClaimEndpoints.ToDto).ToList()));
    }
}
