using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Wishes;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Wishes;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Data.Tallies;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Trust;

/// <summary>
/// The tallies of an existing database follow the definitions of the code that starts on it: a database whose tallies
/// were built by the previous version of the definitions is rebuilt at start-up (a stale row and all), and a counted
/// thing added with a new version is counted for the rows that were there before it. Every test database starts
/// empty, so only these tests see what an upgrade does.
/// </summary>
public class TallyVersionTests : ApiTest
{
    [Test]
    public async Task ADatabaseBuiltByThePreviousDefinitionsIsRebuiltAtStart()
    {
        await SomeActivityAsync();
        await StaleAsync(previousVersion: true);

        // Another process of the new version starts on the same database: it rebuilds, and every row is right again.
        await using var upgraded = new ZhujiApiFactory(folder: Factory.Folder);
        _ = upgraded.Server;
        await Tallies.AssertKeptExactlyAsync(upgraded);
        await using var scope = upgraded.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        Assert.That(await db.TallyStates.Select(s => s.Policy).SingleAsync(), Is.EqualTo(scope.ServiceProvider.GetRequiredService<TallyCatalog>().Fingerprint));
    }

    [Test]
    public async Task TheSameDefinitionsKeepWhatTheyBuiltAndTheCheckSeesAStaleRow()
    {
        await SomeActivityAsync();
        await StaleAsync(previousVersion: false);

        // Same version: no rebuild, so the stale row is still there, and the operator's check names it.
        await using var restarted = new ZhujiApiFactory(folder: Factory.Folder);
        var check = await (await restarted.CityAdminAsync()).GetAsync("/api/v1/admin/tallies/check").ReadJsonAsync(HttpStatusCode.OK);
        var differences = check["differences"]!.AsArray();
        Assert.That(differences.Select(d => (d!["tally"]!.GetValue<string>(), d["stored"]!.GetValue<long>() - d["counted"]!.GetValue<long>())),
            Is.EquivalentTo(new[] { ("wishes", 7L) }));

        // Put right for the class's own check after the test.
        await using var scope = restarted.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        await db.TallyStates.ExecuteDeleteAsync();
        Assert.That(await TallyMaintenance.EnsureBuiltAsync(db, scope.ServiceProvider.GetRequiredService<TallyCatalog>(), TimeProvider.System, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task ACountedThingAddedWithANewVersionCountsTheRowsAlreadyThere()
    {
        await SomeActivityAsync();
        var byChannel = new Counted<Wish>("wishesByChannel", TallyTable.Counts, w => new Cell(0, w.CommunityId, w.Channel.ToString()));

        // The next release declares one more counted thing, and bumps the version as the catalog says.
        await using var extended = new ZhujiApiFactory(folder: Factory.Folder,
            services: s => s.AddSingleton(new TallyCatalog(CompliancePolicy.Default).With(byChannel, TallyCatalog.Version + 1)));
        var resident = await extended.LoginAsync(Unique("resident-"));
        await resident.PostJsonAsync("/api/v1/wishes", Wish(city!.CommunityB)).ReadAsync<WishDto>(HttpStatusCode.Created);

        await using var scope = extended.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var counted = await db.Wishes.GroupBy(w => new { w.CommunityId, w.Channel }).Select(g => new { g.Key.CommunityId, g.Key.Channel, Count = g.LongCount() }).ToListAsync();
        var kept = await TallyStore.ReadAsync(db, byChannel, CancellationToken.None);
        Assert.That(kept, Is.EquivalentTo(counted.ToDictionary(c => new TallyKey(byChannel.Name, 0, c.CommunityId, c.Channel.ToString()), c => c.Count)),
            "the wishes made before the new definition are counted, and the one made after it");
        Assert.That(counted.Sum(c => c.Count), Is.EqualTo(3));
        await Tallies.AssertKeptExactlyAsync(extended);
    }

    private TestCity? city;

    /// <summary>Counted things of several kinds: a city, a member with a flag, wishes.</summary>
    private async Task SomeActivityAsync()
    {
        city = await TestCity.CreateAsync(Factory);
        var (_, memberId, _) = await Factory.ApprovedMemberAsync(Unique("version-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var admin = await Factory.CityAdminAsync();
        await admin.PostJsonAsync($"/api/v1/members/{memberId}/service-records", new
        {
            category = "CommunityActivity", title = "环境整治", servedAt = DateTimeOffset.UtcNow.AddDays(-1), hours = 2, content = "清理楼道", flags = 2,
        }).ReadJsonAsync(HttpStatusCode.Created);
        var resident = await Factory.LoginAsync(Unique("resident-"));
        await resident.PostJsonAsync("/api/v1/wishes", Wish(city.CommunityA)).ReadAsync<WishDto>(HttpStatusCode.Created);
        await resident.PostJsonAsync("/api/v1/wishes", Wish(city.CommunityB)).ReadAsync<WishDto>(HttpStatusCode.Created);
    }

    private static object Wish(string communityId) =>
        new { communityId, title = "陪老人就医", description = "周三上午", contactName = "王阿姨", contactPhone = "13900002222", channel = "MiniProgram" };

    /// <summary>
    /// The state an older database is in: a tally row off by 7, and (when <paramref name="previousVersion"/>) the state
    /// row the previous definitions wrote.
    /// </summary>
    private async Task StaleAsync(bool previousVersion)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var catalog = scope.ServiceProvider.GetRequiredService<TallyCatalog>();
        await db.Tallies.Where(t => t.Name == catalog.Wishes.Name).Take(1).ExecuteUpdateAsync(u => u.SetProperty(t => t.Count, t => t.Count + 7));
        if (previousVersion)
        {
            // Version 1 wrote the policy alone; any later one writes its own version first.
            var previous = TallyCatalog.Version == 2 ? "5:10-01" : catalog.Fingerprint.Replace($"v{TallyCatalog.Version};", $"v{TallyCatalog.Version - 1};", StringComparison.Ordinal);
            await db.TallyStates.ExecuteUpdateAsync(u => u.SetProperty(s => s.Policy, previous));
        }
    }
}
