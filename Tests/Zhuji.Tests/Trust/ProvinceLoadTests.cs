using System.Net;
using Zhuji.Api.Features.Stats;
using Zhuji.Bench;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Trust;

/// <summary>
/// The bench's province loader (compiled here from the bench's own file) against the schema of today's migrations:
/// a migration that adds a required column breaks the load here, in CI, rather than in the next province run; and
/// a database filled behind the saves' back starts with its tallies rebuilt exactly, as the bench relies on.
/// </summary>
public class ProvinceLoadTests
{
    [Test]
    public async Task ASmallProvinceLoadsIntoTheCurrentSchemaAndTheNextStartCountsItExactly()
    {
        var size = new Province(Members: 400, Flags: 2_000, Units: 8, Communities: 4);
        await using var first = new ZhujiApiFactory();
        _ = first.Server; // migrated, empty
        if (first.PostgresConnection is { } connection)
        {
            await ProvinceLoad.LoadPostgresAsync(connection, size);
        }
        else
        {
            ProvinceLoad.LoadSqlite(first.DatabasePath, size);
        }

        // The loader left no tally state: the next start rebuilds from the tables, and seals the plaintext phones.
        await using var next = new ZhujiApiFactory(folder: first.Folder);
        var stats = await (await next.CityAdminAsync()).GetAsync($"/api/v1/stats/city?year={ProvinceLoad.Year}").ReadAsync<CityStatsDto>(HttpStatusCode.OK);
        var flagsOfTheYear = Enumerable.Range(1, size.Flags).Where(g => g % 10 != 0).Sum(g => 1 + g % 3);
        Assert.Multiple(() =>
        {
            Assert.That(stats.Members, Is.EqualTo(size.Members));
            Assert.That(stats.RosterSize, Is.EqualTo(size.Members - size.Members / 20), "every 20th member is a resident, outside any roster");
            Assert.That(stats.FlagsAwarded, Is.EqualTo(flagsOfTheYear));
        });
        await Tallies.AssertKeptExactlyAsync(next);
    }
}
