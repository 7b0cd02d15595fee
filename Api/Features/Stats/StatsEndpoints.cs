using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;
using Zhuji.Domain.Compliance;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Stewardships;
using Zhuji.Domain.Tasks;
using Zhuji.Domain.Wishes;
using Zhuji.Infrastructure.Data;

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
    [property: Description("本年年度考核未达标人数（考核运行后才有）")] int NonCompliant);

/// <summary>The city's figures for a year, including what each community publishes by kind (to see tasks drift into chores, 泛化).</summary>
public static class StatsEndpoints
{
    public static RouteGroupBuilder MapStats(this RouteGroupBuilder api)
    {
        api.MapGet("/stats/city", City)
            .WithTags("Stats").WithName("GetCityStats").ScopedBy(ScopeCheck.City).WithSummary("全市统计：报到率、任务（按类别、按社区）、心愿、红管家、红旗、考核")
            .RequireAuthorization(Policies.CityAdmin)
            .ProducesProblem(400).ProducesProblem(403);
        return api;
    }

    public static async Task<Results<Ok<CityStatsDto>, ProblemHttpResult>> City(int? year, ZhujiDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var asked = Years.Read(year, Years.Current(clock));
        if (!asked.Found)
        {
            return asked.Refusal;
        }

        var period = asked.Value;

        var (start, end) = ShanghaiTime.YearBounds(period);
        var members = await db.Members.CountAsync(cancellationToken);
        var byStatus = await db.Registrations.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var approved = byStatus.FirstOrDefault(x => x.Key == RegistrationStatus.Approved)?.Count ?? 0;
        var pending = byStatus.FirstOrDefault(x => x.Key == RegistrationStatus.Pending)?.Count ?? 0;
        var rosterSize = await db.RosterEntries.CountAsync(cancellationToken);
        var registeredInRoster = await db.RosterEntries.CountAsync(e =>
            db.Registrations.Any(r => r.WorkUnitId == e.WorkUnitId && r.Phone == e.Phone && r.Status != RegistrationStatus.Rejected), cancellationToken);

        var tasks = db.Tasks.AsNoTracking().Where(t => t.StartsAt >= start && t.StartsAt < end && t.Status != VolunteerTaskStatus.Cancelled);
        var byCategory = await tasks.GroupBy(t => t.Category).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byCommunity = (await tasks.Where(t => t.CommunityId != null)
            .GroupBy(t => new { t.CommunityId, t.Category }).Select(g => new { g.Key.CommunityId, g.Key.Category, Count = g.Count() })
            .ToListAsync(cancellationToken)).ToLookup(x => x.CommunityId!.Value);
        var communities = await db.Communities.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);

        var wishes = db.Wishes.Where(w => w.SubmittedAt >= start && w.SubmittedAt < end);
        var stewards = await db.Stewardships.CountAsync(s => s.Year == period && s.Status == StewardshipStatus.Active, cancellationToken);
        var flags = await db.FlagEntries.Where(f => f.PeriodYear == period).SumAsync(f => (int?)f.Flags, cancellationToken) ?? 0;
        var results = await db.ComplianceResults.Where(r => r.Year == period).GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);

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
            await wishes.CountAsync(cancellationToken),
            await wishes.CountAsync(w => w.Status == WishStatus.Fulfilled, cancellationToken),
            stewards,
            flags,
            results.FirstOrDefault(r => r.Key == ComplianceStatus.Compliant)?.Count ?? 0,
            results.FirstOrDefault(r => r.Key == ComplianceStatus.NonCompliant)?.Count ?? 0));
    }
}
