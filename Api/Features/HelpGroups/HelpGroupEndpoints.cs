using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Http;
using Zhuji.Domain.Groups;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.HelpGroups;

public sealed record CreateHelpGroupRequest(string? CommunityId, string? Name, IReadOnlyList<string>? Skills, string? Description, string? LeaderMemberId);

public sealed record AppointLeaderRequest(string? MemberId);

public sealed record HelpGroupDto(string Id, string CommunityId, string Name, IReadOnlyList<string> Skills, string Description, string? LeaderMemberId, string? LeaderName, int MemberCount);

public sealed record HelpGroupMemberDto(string MemberId, string Name, string Phone, IReadOnlyList<string> Skills, DateTime JoinedAt);

public sealed record HelpGroupDetailDto(HelpGroupDto Group, IReadOnlyList<HelpGroupMemberDto> Members);

internal sealed class CreateHelpGroupRequestValidator : AbstractValidator<CreateHelpGroupRequest>
{
    public CreateHelpGroupRequestValidator()
    {
        RuleFor(r => r.CommunityId).RequiredId("社区");
        RuleFor(r => r.Name).RequiredText("团队名称", 30);
        RuleFor(r => r.Description).OptionalText("团队介绍", 500);
        RuleFor(r => r.Skills).Must(s => s is null || s.Count <= 10).WithMessage("特长最多 10 项");
        RuleForEach(r => r.Skills).Must(s => !string.IsNullOrWhiteSpace(s) && s.Length <= 20).WithMessage("每项特长须为 1–20 个字符");
        RuleFor(r => r.LeaderMemberId).OptionalId("团长");
    }
}

internal sealed class AppointLeaderRequestValidator : AbstractValidator<AppointLeaderRequest>
{
    public AppointLeaderRequestValidator() => RuleFor(r => r.MemberId).RequiredId("团长");
}

/// <summary>Help groups (帮帮团、睦邻社、志愿服务队): the community creates them, members join and leave, a leader claims for the group.</summary>
public static class HelpGroupEndpoints
{
    public static RouteGroupBuilder MapHelpGroups(this RouteGroupBuilder api)
    {
        var groups = api.MapGroup("/help-groups").WithTags("Help groups").RequireAuthorization();
        groups.MapPost("/", Create)
            .WithName("CreateHelpGroup").Idempotent().ScopedBy(ScopeCheck.Place).WithSummary("社区组建帮帮团")
            .Validate<CreateHelpGroupRequest>()
            .ProducesProblem(403).ProducesProblem(409);
        groups.MapGet("/", List)
            .WithName("ListHelpGroups").ScopedBy(ScopeCheck.AnyUser).WithSummary("社区的帮帮团").ProducesProblem(400);
        groups.MapGet("/{id:long}", Get)
            .WithName("GetHelpGroup").ScopedBy(ScopeCheck.AnyUser).WithSummary("帮帮团及其成员").ProducesProblem(404);
        groups.MapPost("/{id:long}/members", Join)
            .WithName("JoinHelpGroup").ScopedBy(ScopeCheck.Self).WithSummary("加入帮帮团（本社区党员）").Idempotent()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        groups.MapDelete("/{id:long}/members", Leave)
            .WithName("LeaveHelpGroup").ScopedBy(ScopeCheck.Self).WithSummary("退出帮帮团").ProducesProblem(404);
        groups.MapDelete("/{id:long}/members/{memberId:long}", Remove)
            .WithName("RemoveHelpGroupMember").ScopedBy(ScopeCheck.Place).WithSummary("社区移除成员").ProducesProblem(403).ProducesProblem(404);
        groups.MapPut("/{id:long}/leader", AppointLeader)
            .WithName("AppointHelpGroupLeader").ScopedBy(ScopeCheck.Place).WithSummary("任命团长（须为本团成员）")
            .Validate<AppointLeaderRequest>()
            .ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Created<HelpGroupDto>, ProblemHttpResult>> Create(
        CreateHelpGroupRequest request, Caller caller, PlaceDirectory places, ZhujiDbContext db, AuditLog audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var communityId = Ids.ParseOrNull(request.CommunityId)!.Value;
        if (await places.CommunityAsync(communityId, cancellationToken) is not { } place)
        {
            return Problems.Validation("communityId", "社区不存在");
        }

        if (!caller.Administers(place))
        {
            return Problems.Forbidden("只能在本社区组建帮帮团");
        }

        var name = request.Name!.Trim();
        if (await db.HelpGroups.AnyAsync(g => g.CommunityId == communityId && g.Name == name, cancellationToken))
        {
            return Problems.Conflict("本社区已有同名团队");
        }

        var leaderId = Ids.ParseOrNull(request.LeaderMemberId);
        var leaderCommunity = leaderId is null ? null
            : await db.Members.Where(m => m.Id == leaderId).Select(m => (long?)m.CommunityId).SingleOrDefaultAsync(cancellationToken);
        if (leaderId is not null && leaderCommunity is null)
        {
            return Problems.Validation("leaderMemberId", HelpGroup.LeaderFromCommunity);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var group = new HelpGroup(communityId, name, (request.Skills ?? []).Select(s => s.Trim()).Distinct().ToList(), request.Description?.Trim() ?? "", caller.UserId, now);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        db.HelpGroups.Add(group);
        audit.RecordFor("HelpGroupCreated", "HelpGroup", group, null, new { communityId, name, leaderMemberId = leaderId });
        await db.SaveChangesAsync(cancellationToken);
        if (leaderId is { } leader)
        {
            // The leader's membership names the group: after its id is known.
            db.HelpGroupMemberships.Add(group.FoundWith(leader, leaderCommunity!.Value, now));
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/help-groups/{group.Id}", (await DtosAsync(db, db.HelpGroups.Where(g => g.Id == group.Id), cancellationToken))[0]);
    }

    public static async Task<Results<Ok<Page<HelpGroupDto>>, ProblemHttpResult>> List(
        string? communityId, [AsParameters] ListQuery list, CallerMember me, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var page = list.Page;

        long community;
        if (communityId is null)
        {
            if (await me.GetAsync(cancellationToken) is not { } member)
            {
                return Problems.Validation("communityId", "请指定社区");
            }

            community = member.CommunityId;
        }
        else if (!Ids.TryParse(communityId, out community))
        {
            return Problems.Validation("communityId", "社区 ID 无效");
        }

        var query = db.HelpGroups.AsNoTracking().Where(g => g.CommunityId == community);
        query = query.After(page, g => g.Id);

        var items = await DtosAsync(db, query.OrderBy(g => g.Id).Take(page.Fetch), cancellationToken);
        return TypedResults.Ok(page.ToPage(items, g => g.Id));
    }

    public static async Task<Results<Ok<HelpGroupDetailDto>, ProblemHttpResult>> Get(
        long id, Caller caller, PlaceDirectory places, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var groups = await DtosAsync(db, db.HelpGroups.Where(g => g.Id == id), cancellationToken);
        if (groups.Count == 0)
        {
            return Problems.NotFound("帮帮团不存在");
        }

        var communityId = long.Parse(groups[0].CommunityId);
        var place = await places.CommunityAsync(communityId, cancellationToken);
        var rows = await (from m in db.HelpGroupMemberships.AsNoTracking()
                          join member in db.Members on m.MemberId equals member.Id
                          where m.HelpGroupId == id
                          orderby m.JoinedAt
                          select new { member.Id, member.Name, member.Phone, member.Skills, member.CommunityId, member.BlockId, member.WorkUnitId, m.JoinedAt, member.UserId })
            .ToListAsync(cancellationToken);
        var members = rows.Select(r =>
        {
            var visible = r.UserId == caller.UserId ||
                          ScopeRules.SeesPersonalData(caller.Grants, new Place(place?.StreetId, r.CommunityId, r.BlockId, r.WorkUnitId));
            return new HelpGroupMemberDto(Ids.Format(r.Id), r.Name, visible ? r.Phone : PhoneNumber.Mask(r.Phone), r.Skills, r.JoinedAt);
        }).ToList();
        return TypedResults.Ok(new HelpGroupDetailDto(groups[0], members));
    }

    public static async Task<Results<Created<HelpGroupMemberDto>, ProblemHttpResult>> Join(
        long id, CallerMember me, ZhujiDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var group = await db.HelpGroups.AsNoTracking().SingleOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (group is null)
        {
            return Problems.NotFound("帮帮团不存在");
        }

        if (await me.GetAsync(cancellationToken) is not { } member || member.CommunityId != group.CommunityId)
        {
            return Problems.Forbidden("只有本社区的党员可以加入");
        }

        var joined = new HelpGroupMembership(id, member.Id, clock.GetUtcNow().UtcDateTime);
        db.HelpGroupMemberships.Add(joined);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return Problems.Conflict("您已在该团队中");
        }

        var skills = await db.Members.Where(m => m.Id == member.Id).Select(m => m.Skills).SingleAsync(cancellationToken);
        var phone = await db.Members.Where(m => m.Id == member.Id).Select(m => m.Phone).SingleAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/help-groups/{id}", new HelpGroupMemberDto(Ids.Format(member.Id), member.Name, phone, skills, joined.JoinedAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Leave(long id, CallerMember me, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        if (await me.GetAsync(cancellationToken) is not { } member || !await RemoveMembershipAsync(db, id, member.Id, cancellationToken))
        {
            return Problems.NotFound("您不在该团队中");
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Remove(
        long id, long memberId, ScopedLoader loader, ZhujiDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        var loaded = await ToManageAsync(id, db, loader, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        if (!await RemoveMembershipAsync(db, id, memberId, cancellationToken))
        {
            return Problems.NotFound("该党员不在团队中");
        }

        audit.Record("HelpGroupMemberRemoved", "HelpGroup", id, new { memberId }, null);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<HelpGroupDto>, ProblemHttpResult>> AppointLeader(
        long id, AppointLeaderRequest request, ScopedLoader loader, ZhujiDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        var loaded = await ToManageAsync(id, db, loader, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var group = loaded.Value;
        var memberId = Ids.ParseOrNull(request.MemberId)!.Value;
        var members = await db.HelpGroupMemberships.Where(m => m.HelpGroupId == id).Select(m => m.MemberId).ToListAsync(cancellationToken);
        var before = group.LeaderMemberId;
        group.AppointLeader(memberId, members);
        audit.Record("HelpGroupLeaderAppointed", "HelpGroup", id, new { leaderMemberId = before }, new { leaderMemberId = memberId });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok((await DtosAsync(db, db.HelpGroups.Where(g => g.Id == id), cancellationToken))[0]);
    }

    /// <summary>A group the caller manages: an admin of its community (or above).</summary>
    private static async Task<Loaded<HelpGroup>> ToManageAsync(long id, ZhujiDbContext db, ScopedLoader loader, CancellationToken cancellationToken) =>
        await loader.InCommunityAsync(await db.HelpGroups.SingleOrDefaultAsync(g => g.Id == id, cancellationToken), g => g.CommunityId,
            "帮帮团不存在", "只能管理本社区的团队", cancellationToken);

    /// <summary>Takes the member out of the group (his leadership with him), for the caller to save.</summary>
    private static async Task<bool> RemoveMembershipAsync(ZhujiDbContext db, long groupId, long memberId, CancellationToken cancellationToken)
    {
        var membership = await db.HelpGroupMemberships.SingleOrDefaultAsync(m => m.HelpGroupId == groupId && m.MemberId == memberId, cancellationToken);
        if (membership is null)
        {
            return false;
        }

        db.HelpGroupMemberships.Remove(membership);
        (await db.HelpGroups.SingleAsync(g => g.Id == groupId, cancellationToken)).MemberLeft(memberId);
        return true;
    }

    private static async Task<List<HelpGroupDto>> DtosAsync(ZhujiDbContext db, IQueryable<HelpGroup> groups, CancellationToken cancellationToken)
    {
        var rows = await (from g in groups.AsNoTracking()
                          join l in db.Members on g.LeaderMemberId equals l.Id into leaders
                          from l in leaders.DefaultIfEmpty()
                          select new { Group = g, LeaderName = l == null ? null : l.Name, Count = db.HelpGroupMemberships.Count(m => m.HelpGroupId == g.Id) })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Group.Id).Select(r => new HelpGroupDto(Ids.Format(r.Group.Id), Ids.Format(r.Group.CommunityId), r.Group.Name, r.Group.Skills,
            r.Group.Description, Ids.Format(r.Group.LeaderMemberId), r.LeaderName, r.Count)).ToList();
    }
}
