using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;

namespace Zhuji.Api.Features.Tasks;

/// <summary>Who was invited by this call (and how many had been before), by name.</summary>
public sealed record InvitationsSentDto(int Invited, int AlreadyInvited, IReadOnlyList<InvitedMemberDto> Members);

public sealed record InvitedMemberDto(string MemberId, string Name, string MatchedSkills);

/// <summary>A task he was invited to for his skills (still open to claim, or not).</summary>
public sealed record MyInvitationDto(string TaskId, string TaskTitle, DateTime StartsAt, string Location, string MatchedSkills, DateTime InvitedAt, bool Open, bool ClaimedByMe);

/// <summary>技能邀请: the admins of a Professional task invite the members whose skills match.</summary>
public static class InvitationEndpoints
{
    public static RouteGroupBuilder MapInvitations(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Tasks").RequireAuthorization();
        group.MapPost("/tasks/{id:long}/invitations", Invite)
            .WithName("InviteMembers").ScopedBy(ScopeCheck.Place).WithSummary("专业型任务按技能邀请可认领的党员（每人一次，订阅消息通知）")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapGet("/me/invitations", Mine)
            .WithName("ListMyInvitations").ScopedBy(ScopeCheck.Self).WithSummary("邀请我的专业型任务（最新在前）")
            .RequireMember()
            .ProducesProblem(400).ProducesProblem(403);
        return api;
    }

    public static async Task<Results<Ok<InvitationsSentDto>, ProblemHttpResult>> Invite(
        long id, [AsParameters] AdminServices admin, TaskAccess access, CancellationToken cancellationToken)
    {
        var (db, now) = (admin.Db, admin.Now);
        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (task is null)
        {
            return Problems.NotFound("任务不存在");
        }

        if (!await access.AdministersAsync(task, cancellationToken))
        {
            return Problems.Forbidden("只有发布层级的管理员可以邀请");
        }

        TaskInvitation.EnsureInvitable(task, now);

        // Those who may take it (by the task's tier), have one of its skills, hold no place on it and were not invited yet.
        var skills = task.Skills.ToList();
        var members = db.Members.AsNoTracking().Where(m => m.Skills.Any(s => skills.Contains(s)));
        members = task.Tier switch
        {
            TaskTier.Community => members.Where(m => m.CommunityId == task.ScopeId),
            TaskTier.Block => members.Where(m => m.BlockId == task.ScopeId),
            _ => members,
        };
        var already = await db.TaskInvitations.CountAsync(i => i.TaskId == id, cancellationToken);
        var candidates = await members
            .Where(m => !db.TaskInvitations.Any(i => i.TaskId == id && i.MemberId == m.Id))
            .Where(m => !db.Claims.Where(Claim.Stands).Any(c => c.TaskId == id && c.MemberId == m.Id))
            .OrderBy(m => m.Id).Take(TaskInvitation.MaxPerCall)
            .Select(m => new { m.Id, m.UserId, m.Name, m.Skills }).ToListAsync(cancellationToken);
        var invited = candidates.Select(m => (Member: m, Matched: TaskInvitation.Matching(skills, m.Skills))).Where(x => x.Matched.Count > 0).ToList();
        foreach (var (member, matched) in invited)
        {
            db.TaskInvitations.Add(new TaskInvitation(id, member.Id, string.Join("、", matched), admin.Caller.UserId, now));
        }

        admin.Audit.Record("MembersInvited", "Task", id, null, new { invited = invited.Count, skills });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return Problems.Conflict("其他管理员刚刚发出了邀请，请刷新后重试");
        }

        admin.Notifier.Tell(Messages.TaskInvitation(task, invited.Select(x => x.Member.UserId).ToArray(), skills));

        return TypedResults.Ok(new InvitationsSentDto(invited.Count, already,
            invited.Select(x => new InvitedMemberDto(Ids.Format(x.Member.Id), x.Member.Name, string.Join("、", x.Matched))).ToList()));
    }

    public static async Task<Results<Ok<Page<MyInvitationDto>>, ProblemHttpResult>> Mine(
        [AsParameters] ListQuery list, CallerMember me, ZhujiDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var page = list.Page;
        var now = clock.GetUtcNow().UtcDateTime;
        var mine = db.TaskInvitations.AsNoTracking().Where(i => i.MemberId == me.Scope.Id);
        mine = mine.Before(page, i => i.Id);

        var memberId = me.Scope.Id;
        var rows = await (from i in mine.OrderByDescending(i => i.Id).Take(page.Fetch)
                          join t in db.Tasks on i.TaskId equals t.Id
                          select new
                          {
                              i.Id, t.Title, i.TaskId, t.StartsAt, t.Location, i.MatchedSkills, i.InvitedAt, t.Status, t.Slots, t.ClaimedCount,
                              Claimed = db.Claims.Where(Claim.Stands).Any(c => c.TaskId == t.Id && c.MemberId == memberId),
                          }).ToListAsync(cancellationToken);
        var items = rows.Select(r => (r.Id, Dto: new MyInvitationDto(Ids.Format(r.TaskId), r.Title, r.StartsAt, r.Location, r.MatchedSkills, r.InvitedAt,
            r.Status == VolunteerTaskStatus.Published && r.StartsAt > now && r.ClaimedCount < r.Slots, r.Claimed))).ToList();
        var paged = page.ToPage(items, i => Ids.Format(i.Id));
        return TypedResults.Ok(new Page<MyInvitationDto>(paged.Items.Select(i => i.Dto).ToList(), paged.NextCursor));
    }
}
