using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;
using Zhuji.Domain.Compliance;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Stewardships;
using Zhuji.Domain.Tasks;
using Zhuji.Domain.Wishes;
using Zhuji.Domain.WorkUnits;
using Zhuji.Infrastructure.Compliance;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Data.Tallies;

namespace Zhuji.Api.Features.Stats;

/// <summary>One community's tasks of the year by kind (every community, with zeros).</summary>
public sealed record CommunityTaskStatsDto(
    [property: Description("社区 ID")] string CommunityId,
    [property: Description("社区名称")] string Name,
    [property: Description("本年开始、未取消的社区级与小区级任务数")] int Tasks,
    [property: Description("同上，按服务类别")] IReadOnlyDictionary<ServiceCategory, int> ByCategory);

/// <summary>The city's figures for a year; each says in its description exactly what it counts.</summary>
public sealed record CityStatsDto(
    [property: Description("统计年度")] int Year,
    [property: Description("党员数：报到经社区审核通过的党员（此刻；含迁居待新社区审核者）")] int Members,
    [property: Description("已提交报到且未被驳回的报到数（此刻）= approved + pendingRegistrations")] int Registered,
    [property: Description("报到状态为已通过的报到数（此刻）")] int Approved,
    [property: Description("待社区审核的报到数（此刻；新报到与迁居）")] int PendingRegistrations,
    [property: Description("各单位在职党员名册人数合计（此刻）")] int RosterSize,
    [property: Description("名册中已提交报到且未被驳回的人数（按单位与手机号匹配）")] int RegisteredInRoster,
    [property: Description("报到率 = registeredInRoster / rosterSize（四位小数；名册为空时为 null）")] double? RegistrationRate,
    [property: Description("本年开始、未取消的任务数（全市、社区、小区三级）")] int TasksPublished,
    [property: Description("同上，按服务类别")] IReadOnlyDictionary<ServiceCategory, int> TasksByCategory,
    [property: Description("每个社区的社区级与小区级任务（无任务的社区也列出，数为 0）；全市级任务不计入")] IReadOnlyList<CommunityTaskStatsDto> TasksByCommunity,
    [property: Description("本年提交的微心愿数")] int WishesSubmitted,
    [property: Description("本年提交且已实现的微心愿数")] int WishesFulfilled,
    [property: Description("本年在任的红管家数")] int RedStewards,
    [property: Description("本年计入的红旗面数（认定减去撤销）")] int FlagsAwarded,
    [property: Description("本年年度考核已达标人数（考核运行后才有）")] int Compliant,
    [property: Description("本年年度考核未达标人数（考核运行后才有）")] int NonCompliant,
    [property: Description("本年每月计入的红旗面数（1–12 月，按服务时间，北京时间）")] IReadOnlyList<int> FlagsByMonth,
    [property: Description("参与本年考核的在职党员数（截止日前报到通过）")] int Evaluated,
    [property: Description("其中已达标（本年红旗已够要求）")] int Reached,
    [property: Description("其中进度正常（不少于已过季度的进度要求；当年第一季度内均为进度正常）")] int OnTrack,
    [property: Description("其中进度落后（少于已过季度的进度要求；往年为不达标）")] int Behind);

/// <summary>A task of the day on the city's data screen: what, where, when, how many places and how many taken.</summary>
public sealed record TodayTaskDto(
    [property: Description("任务 ID")] string Id,
    [property: Description("标题")] string Title,
    [property: Description("发布层级")] TaskTier Tier,
    [property: Description("所属社区（全市级任务为空）")] string? CommunityName,
    [property: Description("服务类别")] ServiceCategory Category,
    [property: Description("开始时间")] DateTime StartsAt,
    [property: Description("结束时间")] DateTime EndsAt,
    [property: Description("所需人数")] int Slots,
    [property: Description("已认领人数")] int ClaimedCount);

/// <summary>The day's tasks across the city (Beijing time), soonest first, with the day's totals.</summary>
public sealed record TodayStatsDto(
    [property: Description("日期（北京时间）")] DateOnly Date,
    [property: Description("今日开始、未取消的任务数")] int Tasks,
    [property: Description("这些任务的名额合计")] int Places,
    [property: Description("其中已认领")] int Claimed,
    [property: Description("今日任务（开始早的在前，最多 50 个）")] IReadOnlyList<TodayTaskDto> Items);

/// <summary>A work unit's standing: registration against its roster, and its evaluated members' progress.</summary>
public sealed record WorkUnitStatsDto(
    [property: Description("单位 ID")] string WorkUnitId,
    [property: Description("单位名称")] string Name,
    [property: Description("单位类别")] WorkUnitKind Kind,
    [property: Description("名册人数")] int RosterSize,
    [property: Description("名册中已提交报到且未被驳回的人数")] int RegisteredInRoster,
    [property: Description("报到率 = registeredInRoster / rosterSize；名册为空时为 null")] double? RegistrationRate,
    [property: Description("参与本年考核的党员数")] int Evaluated,
    [property: Description("已达标")] int Reached,
    [property: Description("进度正常")] int OnTrack,
    [property: Description("进度落后（往年为不达标）")] int Behind);

/// <summary>A community at a glance, for its street and the city: who is there, what waits, what it publishes.</summary>
public sealed record CommunityStatsDto(
    [property: Description("社区 ID")] string CommunityId,
    [property: Description("社区名称")] string Name,
    [property: Description("所属街道 ID")] string StreetId,
    [property: Description("所属街道")] string StreetName,
    [property: Description("在册党员数（报到通过，住在本社区）")] int Members,
    [property: Description("待审核的报到数（新报到与迁入）")] int PendingRegistrations,
    [property: Description("本社区党员已提交纪实、待认定的认领数")] int AwaitingConfirmation,
    [property: Description("待处理的微心愿数（已提交未发布）")] int OpenWishes,
    [property: Description("本年开始、未取消的社区级与小区级任务数")] int Tasks,
    [property: Description("同上，按服务类别")] IReadOnlyDictionary<ServiceCategory, int> TasksByCategory,
    [property: Description("本年本社区党员计入的红旗面数")] int FlagsAwarded);

/// <summary>The city's figures for a year, including what each community publishes by kind (to see tasks drift into chores, 泛化).</summary>
public static class StatsEndpoints
{
    public static RouteGroupBuilder MapStats(this RouteGroupBuilder api)
    {
        api.MapGet("/stats/work-units", WorkUnits)
            .WithTags("Stats").WithName("GetWorkUnitStats").ScopedBy(ScopeCheck.City).WithSummary("各单位报到率与党员达标进度（全部单位，一页返回）")
            .RequireAuthorization(Policies.CityAdmin)
            .ProducesProblem(400).ProducesProblem(403);
        api.MapGet("/stats/communities", Communities)
            .WithTags("Stats").WithName("GetCommunityStats").ScopedBy(ScopeCheck.Place).WithSummary("各社区概况并列：党员、待审核、待认定、心愿、任务类别、红旗（街道看本街道，市级看全部）")
            .RequireAuthorization()
            .ProducesProblem(400).ProducesProblem(403);
        api.MapGet("/stats/today", Today)
            .WithTags("Stats").WithName("GetTodayStats").ScopedBy(ScopeCheck.City).WithSummary("今日全市任务（数据大屏）：开始、未取消的任务及名额与认领")
            .RequireAuthorization(Policies.CityAdmin)
            .ProducesProblem(403);
        api.MapGet("/stats/city", City)
            .WithTags("Stats").WithName("GetCityStats").ScopedBy(ScopeCheck.City).WithSummary("全市统计：报到率、任务（按类别、按社区）、心愿、红管家、红旗、考核")
            .RequireAuthorization(Policies.CityAdmin)
            .ProducesProblem(400).ProducesProblem(403);
        return api;
    }

    /// <summary>The day's tasks, read from the index on the start: a city publishes tens a day.</summary>
    public static async Task<Ok<TodayStatsDto>> Today(ZhujiDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (start, end) = (ShanghaiTime.StartOfDay(now), ShanghaiTime.StartOfDay(now).AddDays(1));
        var today = db.Tasks.AsNoTracking().Where(VolunteerTask.CountsAsPublished).Where(t => t.StartsAt >= start && t.StartsAt < end);
        var totals = await today.GroupBy(_ => 1).Select(g => new { Tasks = g.Count(), Places = g.Sum(t => t.Slots), Claimed = g.Sum(t => t.ClaimedCount) })
            .SingleOrDefaultAsync(cancellationToken);
        var items = await (from t in today
                           join c in db.Communities on t.CommunityId equals c.Id into communities
                           from c in communities.DefaultIfEmpty()
                           orderby t.StartsAt, t.Id
                           select new TodayTaskDto(t.Id.ToString(), t.Title, t.Tier, c == null ? null : c.Name, t.Category, t.StartsAt, t.EndsAt, t.Slots, t.ClaimedCount))
            .Take(50).ToListAsync(cancellationToken);
        return TypedResults.Ok(new TodayStatsDto(DateOnly.FromDateTime(ShanghaiTime.ToShanghai(now).Date), totals?.Tasks ?? 0, totals?.Places ?? 0, totals?.Claimed ?? 0, items));
    }

    public static async Task<Results<Ok<CityStatsDto>, ProblemHttpResult>> City(
        int? year, ZhujiDbContext db, TallyCatalog tallies, TimeProvider clock, CancellationToken cancellationToken)
    {
        var asked = Years.Read(year, Years.Current(clock));
        if (!asked.Found)
        {
            return asked.Refusal;
        }

        var period = asked.Value;

        // Every figure from the tallies kept in the saves that change what they count (ADR 0016): a few rows each,
        // whatever the size of the province; a test holds each to a count of the tables.
        var memberTally = await TallyStore.ReadYearAsync(db, tallies.Members, 0, cancellationToken);
        var registrations = await TallyStore.ReadYearAsync(db, tallies.Registrations, 0, cancellationToken);
        var roster = await TallyStore.ReadYearAsync(db, tallies.Roster, 0, cancellationToken);
        var registeredInRoster = (int)(await TallyStore.ReadYearAsync(db, tallies.RosterRegistered, 0, cancellationToken)).Values.Sum();
        var counted = (await TallyStore.ReadYearAsync(db, tallies.Tasks, period, cancellationToken))
            .Select(t => new { CommunityId = t.Key.Scope == 0 ? (long?)null : t.Key.Scope, Category = Enum.Parse<ServiceCategory>(t.Key.Dim), Count = (int)t.Value }).ToList();
        var byCategory = counted.GroupBy(x => x.Category).Select(g => new { g.Key, Count = g.Sum(x => x.Count) }).ToList();
        var byCommunity = counted.Where(x => x.CommunityId != null).ToLookup(x => x.CommunityId!.Value);
        var communities = await db.Communities.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        var wishes = await TallyStore.ReadYearAsync(db, tallies.Wishes, period, cancellationToken);
        var stewards = (int)(await TallyStore.ReadYearAsync(db, tallies.Stewards, period, cancellationToken)).GetValueOrDefault((0, nameof(StewardshipStatus.Active)));
        var results = await TallyStore.ReadYearAsync(db, tallies.Compliance, period, cancellationToken);
        var members = (int)memberTally.GetValueOrDefault((0, ""));
        var approved = (int)registrations.GetValueOrDefault((0, nameof(RegistrationStatus.Approved)));
        var pending = (int)registrations.GetValueOrDefault((0, nameof(RegistrationStatus.Pending)));
        var rosterSize = (int)roster.GetValueOrDefault((0, ""));

        var byMonth = (await TallyStore.ReadYearAsync(db, tallies.CityMonths, period, cancellationToken))
            .ToDictionary(m => int.Parse(m.Key.Dim, System.Globalization.CultureInfo.InvariantCulture), m => (int)m.Value);
        var flags = byMonth.Values.Sum();
        var standing = await tallies.StandingAsync(db, period, clock.GetUtcNow().UtcDateTime, cancellationToken);

        return TypedResults.Ok(new CityStatsDto(
            period,
            members,
            approved + pending,
            approved,
            pending,
            rosterSize,
            registeredInRoster,
            rosterSize == 0 ? null : Math.Round((double)registeredInRoster / rosterSize, 4),
            byCategory.Sum(c => c.Count),
            Enum.GetValues<ServiceCategory>().ToDictionary(c => c, c => byCategory.FirstOrDefault(x => x.Key == c)?.Count ?? 0),
            communities.Select(c => new CommunityTaskStatsDto(Ids.Format(c.Id), c.Name, byCommunity[c.Id].Sum(x => x.Count),
                    Enum.GetValues<ServiceCategory>().ToDictionary(k => k, k => byCommunity[c.Id].Where(x => x.Category == k).Sum(x => x.Count))))
                .ToList(),
            (int)wishes.Values.Sum(),
            (int)wishes.GetValueOrDefault((0, nameof(WishStatus.Fulfilled))),
            stewards,
            flags,
            (int)results.GetValueOrDefault((0, nameof(ComplianceStatus.Compliant))),
            (int)results.GetValueOrDefault((0, nameof(ComplianceStatus.NonCompliant))),
            Enumerable.Range(1, 12).Select(m => byMonth.GetValueOrDefault(m)).ToList(),
            (int)standing.Evaluated,
            (int)standing.Reached,
            (int)standing.OnTrack,
            (int)standing.Behind));
    }

    public static async Task<Results<Ok<Page<WorkUnitStatsDto>>, ProblemHttpResult>> WorkUnits(
        int? year, ZhujiDbContext db, IOptions<ComplianceOptions> compliance, TimeProvider clock, CancellationToken cancellationToken)
    {
        var asked = Years.Read(year, Years.Current(clock));
        if (!asked.Found)
        {
            return asked.Refusal;
        }

        var units = await db.WorkUnits.AsNoTracking().OrderBy(u => u.Id).Select(u => new { u.Id, u.Name, u.Kind }).ToListAsync(cancellationToken);
        var roster = await db.RosterEntries.GroupBy(e => e.WorkUnitId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var registered = await db.RosterEntries
            .Where(e => db.Registrations.Any(r => r.WorkUnitId == e.WorkUnitId && r.Phone == e.Phone && r.Status != RegistrationStatus.Rejected))
            .GroupBy(e => e.WorkUnitId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var progress = (await ComplianceQueries.ProgressAsync(db, asked.Value, compliance.Value.Policy, clock.GetUtcNow().UtcDateTime, cancellationToken))
            .Where(p => p.WorkUnitId is not null && p.State != ProgressState.NotEvaluated).ToLookup(p => p.WorkUnitId!.Value, p => p.State);
        var items = units.Select(u =>
        {
            var (size, inRoster, states) = (roster.GetValueOrDefault(u.Id), registered.GetValueOrDefault(u.Id), progress[u.Id].ToList());
            return new WorkUnitStatsDto(Ids.Format(u.Id), u.Name, u.Kind, size, inRoster, size == 0 ? null : Math.Round((double)inRoster / size, 4), states.Count,
                states.Count(s => s == ProgressState.Reached), states.Count(s => s == ProgressState.OnTrack), states.Count(s => s == ProgressState.Behind));
        }).ToList();
        return TypedResults.Ok(new Page<WorkUnitStatsDto>(items, null));
    }

    public static async Task<Results<Ok<Page<CommunityStatsDto>>, ProblemHttpResult>> Communities(
        int? year, string? streetId, Caller caller, ScopeQueries scopes, ZhujiDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var asked = Years.Read(year, Years.Current(clock));
        if (!asked.Found)
        {
            return asked.Refusal;
        }

        if (streetId is not null && !Ids.TryParse(streetId, out _))
        {
            return Problems.Validation("streetId", "街道 ID 无效");
        }

        var communities = db.Communities.AsNoTracking();
        if (!caller.IsCityAdmin)
        {
            var mine = await scopes.CommunitiesAsync(cancellationToken);
            if (mine.Count == 0)
            {
                return Problems.Forbidden("仅街道、社区及市级管理员可以查看");
            }

            communities = communities.Where(c => mine.Contains(c.Id));
        }

        if (Ids.ParseOrNull(streetId) is { } street)
        {
            communities = communities.Where(c => c.StreetId == street);
        }

        var period = asked.Value;
        var (start, end) = ShanghaiTime.YearBounds(period);
        var rows = await (from c in communities
                          join s in db.Streets on c.StreetId equals s.Id
                          orderby s.Id, c.Id
                          select new { c.Id, c.Name, c.StreetId, Street = s.Name }).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var members = await db.Members.Where(m => ids.Contains(m.CommunityId)).GroupBy(m => m.CommunityId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var pending = await db.Registrations.Where(r => r.Status == RegistrationStatus.Pending && ids.Contains(r.CommunityId)).GroupBy(r => r.CommunityId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var awaiting = await (from c in db.Claims
                              join m in db.Members on c.MemberId equals m.Id
                              where c.Status == ClaimStatus.Submitted && ids.Contains(m.CommunityId)
                              group c by m.CommunityId into g
                              select new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var wishes = await db.Wishes.Where(w => w.Status == WishStatus.Submitted && ids.Contains(w.CommunityId)).GroupBy(w => w.CommunityId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var tasks = (await db.Tasks.Where(VolunteerTask.CountsAsPublished).Where(t => t.CommunityId != null && ids.Contains(t.CommunityId.Value) && t.StartsAt >= start && t.StartsAt < end)
            .GroupBy(t => new { t.CommunityId, t.Category }).Select(g => new { g.Key.CommunityId, g.Key.Category, Count = g.Count() })
            .ToListAsync(cancellationToken)).ToLookup(t => t.CommunityId!.Value);
        var flags = await db.CommunityFlagMonths.Where(f => f.Year == period && ids.Contains(f.CommunityId)).GroupBy(f => f.CommunityId)
            .Select(g => new { g.Key, Flags = g.Sum(f => f.Flags) }).ToDictionaryAsync(g => g.Key, g => g.Flags, cancellationToken);
        var items = rows.Select(r => new CommunityStatsDto(Ids.Format(r.Id), r.Name, Ids.Format(r.StreetId), r.Street, members.GetValueOrDefault(r.Id),
            pending.GetValueOrDefault(r.Id), awaiting.GetValueOrDefault(r.Id), wishes.GetValueOrDefault(r.Id), tasks[r.Id].Sum(t => t.Count),
            Enum.GetValues<ServiceCategory>().ToDictionary(k => k, k => tasks[r.Id].Where(t => t.Category == k).Sum(t => t.Count)), flags.GetValueOrDefault(r.Id))).ToList();
        return TypedResults.Ok(new Page<CommunityStatsDto>(items, null));
    }
}
