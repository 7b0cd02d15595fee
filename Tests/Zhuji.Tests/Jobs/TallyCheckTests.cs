using Zhuji.Api.Features.Wishes;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Data.Tallies;
using Zhuji.Jobs;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Jobs;

/// <summary>The operator's drift check: over HTTP for the city, and every night as a job that logs and audits what differs.</summary>
public class TallyCheckTests : ApiTest
{
    [Test]
    public async Task TheCheckAnswersNothingWhenTheTalliesAreRightAndOnlyToTheCity()
    {
        var city = await TestCity.CreateAsync(Factory);
        await Factory.ApprovedMemberAsync(Unique("check-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var check = await (await Factory.CityAdminAsync()).GetAsync("/api/v1/admin/tallies/check").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(check["differences"]!.AsArray(), Is.Empty);

        var community = await TestCity.AdminAsync(Factory, Unique("check-admin-"), "CommunityAdmin", city.CommunityA);
        await community.GetAsync("/api/v1/admin/tallies/check").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await Factory.CreateClient().GetAsync("/api/v1/admin/tallies/check").ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task TheNightlyCheckLogsAndAuditsADifferenceAndCorrectsNothing()
    {
        var city = await TestCity.CreateAsync(Factory);
        await Factory.ApprovedMemberAsync(Unique("drift-"), city.CommunityB, city.BlockB1, city.WorkUnit);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var job = scope.ServiceProvider.GetRequiredService<TallyCheckJob>();
        Assert.That(await job.RunAsync(CancellationToken.None), Is.Empty, "right after the saves");

        // A bulk fix done by hand in SQL, forgetting the tallies: one more member than the registry holds.
        await db.Tallies.Where(t => t.Name == "members").Take(1).ExecuteUpdateAsync(u => u.SetProperty(t => t.Count, t => t.Count + 1));
        var found = await job.RunAsync(CancellationToken.None);
        Assert.That(found.Select(d => (d.Tally, d.Stored - d.Counted)), Is.EqualTo(new[] { ("members", 1L) }));
        Assert.That(Factory.Logs.AllText, Does.Contain("Tally members(year 0, scope 0, -) holds"));
        var audited = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == TallyCheckJob.Action);
        Assert.That(audited.ActorUserId, Is.Null, "the system found it");
        Assert.That(audited.After, Does.Contain("\"count\":1").And.Contain("members"));
        Assert.That((await job.RunAsync(CancellationToken.None)).Count, Is.EqualTo(1), "the job reports; it does not correct");

        await db.TallyStates.ExecuteDeleteAsync();
        await TallyMaintenance.EnsureBuiltAsync(db, scope.ServiceProvider.GetRequiredService<TallyCatalog>(), TimeProvider.System, CancellationToken.None);
        Assert.That(await job.RunAsync(CancellationToken.None), Is.Empty, "a rebuild puts it right");
    }

    [Test]
    public async Task ASaveRefusedByAConcurrencyTokenMovesNoTallyThenOrLater()
    {
        var city = await TestCity.CreateAsync(Factory);
        var resident = await Factory.LoginAsync(Unique("token-"));
        var wish = await resident.PostJsonAsync("/api/v1/wishes", new { communityId = city.CommunityA, title = "修理水管", description = "厨房", contactName = "李", contactPhone = "13600003333", channel = "MiniProgram" })
            .ReadAsync<WishDto>(HttpStatusCode.Created);
        var id = long.Parse(wish.Id, System.Globalization.CultureInfo.InvariantCulture);

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var tracked = await db.Wishes.SingleAsync(w => w.Id == id);
        await db.Wishes.Where(w => w.Id == id).ExecuteUpdateAsync(u => u.SetProperty(w => w.Version, w => w.Version + 1));
        tracked.Decline("重复提交", DateTime.UtcNow);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());

        // The same context saves something else: the refused save's move must not come along.
        db.ChangeTracker.Clear();
        db.AuditEntries.Add(new Zhuji.Domain.Auditing.AuditEntry(null, "WishDeclined", "Wish", wish.Id, null, null, DateTime.UtcNow));
        await db.SaveChangesAsync();
        await Tallies.AssertKeptExactlyAsync(Factory);
    }
}
