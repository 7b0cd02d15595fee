using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;
using Zhuji.Domain.Points;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Points;

public sealed record PointsEntryDto(
    string Id,
    PointsKind Kind,
    [property: Description("正数为得到，负数为扣除")] int Points,
    DateTime At,
    [property: Description("积分所属年度：亮旗的年度；其余为记账时的年度")] int Year,
    PointsSource? Source,
    string? RedemptionId,
    string? FlagEntryId);

public sealed record MyPointsDto(
    [property: Description("当前积分：全部明细之和")] int Balance,
    [property: Description("今年 12 月 31 日（北京时间）将过期的积分：去年及以前得到、尚未用掉的部分")] int ExpiringThisYear,
    IReadOnlyList<PointsEntryDto> Entries,
    string? NextCursor);

public sealed record LeaderboardRowDto(int Rank, string MemberId, [property: Description("本社区以外的党员姓名脱敏（张*）")] string Name, string Community, int Flags, int Points,
    [property: Description("星级志愿者（按历年服务时长）")] string StarName = "");

public sealed record LeaderboardDto(LeaderboardScope Scope, string? ScopeId, int Year, LeaderboardBy By, IReadOnlyList<LeaderboardRowDto> Items);

/// <summary>The member's points (积分) and the leaderboards (光荣榜).</summary>
public static class PointsEndpoints
{
    public static RouteGroupBuilder MapPoints(this RouteGroupBuilder api)
    {
        api.MapGet("/me/points", Mine)
            .WithTags("Points").WithName("GetMyPoints").ScopedBy(ScopeCheck.Self).WithSummary("我的积分：余额、今年将过期的积分与明细（最新在前）")
            .RequireAuthorization().RequireMember()
            .ProducesProblem(400);
        api.MapGet("/leaderboards", Board)
            .WithTags("Points").WithName("GetLeaderboard").ScopedBy(ScopeCheck.AnyUser).WithSummary("光荣榜：社区、单位或全市按红旗或积分的前 50 名")
            .RequireAuthorization()
            .ProducesProblem(400).ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Ok<MyPointsDto>, ProblemHttpResult>> Mine(
        [AsParameters] ListQuery list, CallerMember me, ZhujiDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var page = list.Page;

        var member = me.Scope.Id;
        var balance = await MallWrites.BalanceAsync(db, member, cancellationToken);
        var expiring = await PointsLedger.ExpiringAsync(db, member, ShanghaiTime.YearOf(clock.GetUtcNow().UtcDateTime), cancellationToken);
        var query = db.PointsEntries.AsNoTracking().Where(p => p.MemberId == member);
        query = query.Before(page, p => p.Id);

        var rows = await query.OrderByDescending(p => p.Id).Take(page.Fetch).ToListAsync(cancellationToken);
        var entries = page.ToPage(rows.Select(p => new PointsEntryDto(Ids.Format(p.Id), p.Kind, p.Points, p.At, p.Year, p.Source,
            p.RedemptionId is { } r ? Ids.Format(r) : null, p.FlagEntryId is { } f ? Ids.Format(f) : null)).ToList(), p => p.Id);
        return TypedResults.Ok(new MyPointsDto(balance, expiring, entries.Items, entries.NextCursor));
    }

    public static async Task<Results<Ok<LeaderboardDto>, ProblemHttpResult>> Board(
        LeaderboardScope? scope, string? scopeId, int? year, LeaderboardBy? by, CallerMember me, ScopeQueries scopes, PlaceDirectory places,
        ZhujiDbContext db, Auth.UserProfiles profiles, TimeProvider clock, CancellationToken cancellationToken)
    {
        var asked = Years.Read(year, Years.Current(clock));
        if (!asked.Found)
        {
            return asked.Refusal;
        }

        var within = scope ?? LeaderboardScope.Community;
        var member = await me.GetAsync(cancellationToken);
        var id = Ids.ParseOrNull(scopeId) ?? (within == LeaderboardScope.Community ? member?.CommunityId : within == LeaderboardScope.WorkUnit ? member?.WorkUnitId : null);
        if (scopeId is not null && !Ids.TryParse(scopeId, out _))
        {
            return Problems.Validation("scopeId", "范围 ID 无效");
        }

        if (within != LeaderboardScope.City && id is null)
        {
            return Problems.Validation("scopeId", within == LeaderboardScope.Community ? "请指定社区" : "请指定单位");
        }

        if (within == LeaderboardScope.Community && await places.CommunityAsync(id!.Value, cancellationToken) is null)
        {
            return Problems.NotFound("社区不存在");
        }

        if (within == LeaderboardScope.WorkUnit && await places.WorkUnitAsync(id!.Value, cancellationToken) is null)
        {
            return Problems.NotFound("单位不存在");
        }

        var period = asked.Value;
        var members = db.Members.AsNoTracking();
        members = within switch
        {
            LeaderboardScope.Community => members.Where(m => m.CommunityId == id),
            LeaderboardScope.WorkUnit => members.Where(m => m.WorkUnitId == id),
            _ => members,
        };
        var flags = await (from f in db.FlagEntries
                           where f.PeriodYear == period && members.Any(m => m.Id == f.MemberId)
                           group f by f.MemberId into g
                           select new { g.Key, Flags = g.Sum(f => f.Flags) }).ToDictionaryAsync(g => g.Key, g => g.Flags, cancellationToken);
        var points = await (from p in db.PointsEntries
                            where p.Year == period && (p.Kind == PointsKind.Earned || p.Kind == PointsKind.Revoked) && members.Any(m => m.Id == p.MemberId)
                            group p by p.MemberId into g
                            select new { g.Key, Points = g.Sum(p => p.Points) }).ToDictionaryAsync(g => g.Key, g => g.Points, cancellationToken);
        var sortBy = by ?? LeaderboardBy.Flags;
        var leading = (sortBy == LeaderboardBy.Flags ? flags : points).OrderByDescending(x => x.Value).Take(Leaderboard.Size * 4).Select(x => x.Key).ToList();
        var people = await (from m in members
                            join c in db.Communities on m.CommunityId equals c.Id
                            where leading.Contains(m.Id)
                            select new { m.Id, m.Name, m.CommunityId, Community = c.Name }).ToListAsync(cancellationToken);

        var seesName = await scopes.SeesNamesInAsync(member?.CommunityId, cancellationToken);
        var rows = Leaderboard.Rank(
            people.Select(p => new LeaderboardCandidate(p.Id, p.Name, p.CommunityId, p.Community, flags.GetValueOrDefault(p.Id), points.GetValueOrDefault(p.Id))),
            sortBy, seesName);
        var stars = await profiles.StarsAsync(rows.Select(r => r.MemberId).ToList(), cancellationToken);
        return TypedResults.Ok(new LeaderboardDto(within, id is { } s ? Ids.Format(s) : null, period, sortBy,
            rows.Select(r => new LeaderboardRowDto(r.Rank, Ids.Format(r.MemberId), r.Name, r.Community, r.Flags, r.Points, stars[r.MemberId].Name)).ToList()));
    }
}
