using Microsoft.Extensions.DependencyInjection;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Data.Tallies;

namespace Zhuji.Tests.Support;

/// <summary>The summary tables as the saves kept them, against the counts of what they count (the operator's drift check).</summary>
public static class Tallies
{
    /// <summary>
    /// Every tally of the API's catalog equals the count of the tables it follows, read in one snapshot so that a job
    /// writing meanwhile cannot tear the comparison.
    /// </summary>
    public static async Task AssertKeptExactlyAsync(ZhujiApiFactory factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var differences = await TallyMaintenance.DifferencesAsync(db, scope.ServiceProvider.GetRequiredService<TallyCatalog>(), CancellationToken.None);
        Assert.That(differences.Select(d => $"{d.Key}: kept {d.Stored}, counted {d.Counted}"), Is.Empty,
            "the tallies kept by the saves equal the counts of the tables");
    }
}
