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

public sealed record CommunityTaskStatsDto(string CommunityId, string Name, int Tasks, IReadOnlyDictionary<ServiceCategory, int> ByCategory);

public sealed record CityStatsDto(
    int Year,
    int Members,
    int Registered,
    int RosterSize,
    double? RegistrationRate,
    int TasksPublished,
    IReadOnlyDictionary<ServiceCategory, int> TasksByCategory,
    IReadOnlyList<CommunityTaskStatsDto> TasksByCommunity,
    int WishesSubmitted,
    int WishesFulfilled,
    int RedStewards,
    int FlagsAwarded,
    int Compliant,
    int NonCompliant);

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
        var registered = await db.Registrations.CountAsync(r => r.Status != RegistrationStatus.Rejected, cancellationToken);
        var rosterSize = await db.RosterEntries.CountAsync(cancellationToken);
        var rosterRegistered = await db.RosterEntries.CountAsync(e =>
            db.Registrations.Any(r => r.WorkUnitId == e.WorkUnitId && r.Phone == e.Phone && r.Status != RegistrationStatus.Rejected), cancellationToken);

        var tasks = db.Tasks.AsNoTracking().Where(t => t.StartsAt >= start && t.StartsAt < end && t.Status != VolunteerTaskStatus.Cancelled);
        var byCategory = await tasks.GroupBy(t => t.Category).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byCommunity = await tasks.Where(t => t.CommunityId != null)
            .GroupBy(t => new { t.CommunityId, t.Category }).Select(g => new { g.Key.CommunityId, g.Key.Category, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var names = await db.Communities.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);

        var wishes = db.Wishes.Where(w => w.SubmittedAt >= start && w.SubmittedAt < end);
        var stewards = await db.Stewardships.CountAsync(s => s.Year == period && s.Status == StewardshipStatus.Active, cancellationToken);
        var flags = await db.FlagEntries.Where(f => f.PeriodYear == period).SumAsync(f => (int?)f.Flags, cancellationToken) ?? 0;
        var results = await db.ComplianceResults.Where(r => r.Year == period).GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);

        return TypedResults.Ok(new CityStatsDto(
            period,
            members,
            registered,
            rosterSize,
            rosterSize == 0 ? null : Math.Round((double)rosterRegistered / rosterSize, 4),
            byCategory.Sum(c => c.Count),
            Enum.GetValues<ServiceCategory>().ToDictionary(c => c, c => byCategory.FirstOrDefault(x => x.Key == c)?.Count ?? 0),
            byCommunity.GroupBy(x => x.CommunityId!.Value).OrderBy(g => g.Key)
                .Select(g => new CommunityTaskStatsDto(Ids.Format(g.Key), names.GetValueOrDefault(g.Key, ""), g.Sum(x => x.Count),
                    Enum.GetValues<ServiceCategory>().ToDictionary(c => c, c => g.Where(x => x.Category == c).Sum(x => x.Count))))
                .ToList(),
            await wishes.CountAsync(cancellationToken),
            await wishes.CountAsync(w => w.Status == WishStatus.Fulfilled, cancellationToken),
            stewards,
            flags,
            results.FirstOrDefault(r => r.Key == ComplianceStatus.Compliant)?.Count ?? 0,
            results.FirstOrDefault(r => r.Key == ComplianceStatus.NonCompliant)?.Count ?? 0));
    }
}
