using Zhuji.Api.Auth;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Data.Tallies;

namespace Zhuji.Api.Features.Tallies;

/// <summary>One kept row that differs from a recount: <c>key</c> reads "year · scope · dimension".</summary>
public sealed record TallyDifferenceDto(string Tally, string Key, int Year, string Scope, string Dim, long Stored, long Counted);

public sealed record TallyCheckDto(IReadOnlyList<TallyDifferenceDto> Differences);

/// <summary>The operator's drift check of the summary tables (统计汇总表核对), for the city organization department.</summary>
public static class TallyEndpoints
{
    public const string CheckRoute = "/admin/tallies/check";

    public static RouteGroupBuilder MapTallies(this RouteGroupBuilder api)
    {
        api.MapGet(CheckRoute, Check)
            .WithTags("Operations").WithName("CheckTallies").ScopedBy(ScopeCheck.City)
            .WithSummary("核对统计汇总表：在一个只读快照中重新计数并给出差异（一致时为空）")
            .RequireAuthorization(Policies.CityAdmin)
            .ProducesProblem(403);
        return api;
    }

    public static async Task<TallyCheckDto> Check(ZhujiDbContext db, TallyCatalog tallies, CancellationToken cancellationToken) =>
        new((await TallyMaintenance.DifferencesAsync(db, tallies, cancellationToken)).Select(ToDto).ToList());

    public static TallyDifferenceDto ToDto(TallyDifference d) =>
        new(d.Tally, $"{d.Key.Year} · {d.Key.Scope} · {d.Key.Dim}", d.Key.Year, d.Key.Scope.ToString(System.Globalization.CultureInfo.InvariantCulture), d.Key.Dim, d.Stored, d.Counted);
}
