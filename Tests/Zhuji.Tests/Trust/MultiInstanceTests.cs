using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Trust;

/// <summary>
/// Three API instances on one server database (three hosts, each with its own services, caches, connection pool
/// and writer, as three processes behind a load balancer would have): a storm spread across them takes exactly the
/// slots, and two admins on two instances confirming one claim award one flag. PostgreSQL pass only: the embedded
/// SQLite default is one instance by design (one writer per file).
/// </summary>
public class MultiInstanceTests : ApiTest
{
    private readonly TestClock clock = new(TestClock.Shanghai(2026, 5, 10, 9));
    private ZhujiApiFactory second = null!;
    private ZhujiApiFactory third = null!;
    private TestCity city = null!;

    protected override Task<ZhujiApiFactory> CreateFactoryAsync() => Task.FromResult(new ZhujiApiFactory(clock: clock));

    [OneTimeSetUp]
    public async Task TwoMoreInstancesOnTheSameDatabaseAsync()
    {
        if (ZhujiApiFactory.Postgres is null)
        {
            Assert.Ignore("Several instances share a server database: this runs in the PostgreSQL pass (scripts/test-postgres.sh).");
        }

        second = new ZhujiApiFactory(folder: Factory.Folder, clock: clock);
        third = new ZhujiApiFactory(folder: Factory.Folder, clock: clock);
        _ = (second.Server, third.Server);
        city = await TestCity.CreateAsync(Factory);
    }

    [OneTimeTearDown]
    public async Task StopThemAsync()
    {
        if (second is not null && third is not null)
        {
            await second.DisposeAsync();
            await third.DisposeAsync();
        }
    }

    [Test]
    public async Task AStormOf400SpreadOverThreeInstancesTakesExactlyTheTwentySlots()
    {
        var admin = await TestCity.AdminAsync(Factory, Unique("mi-admin-"), "CommunityAdmin", city.CommunityA);
        var task = await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, TestClock.Shanghai(2026, 5, 12, 9), slots: 20));
        var members = await Factory.ApprovedMembersAsync(400, Unique("mi-storm-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var instances = new[] { Factory, second, third };
        var clients = members.Select((m, i) =>
        {
            var client = instances[i % 3].CreateClient();
            client.DefaultRequestHeaders.Authorization = m.Client.DefaultRequestHeaders.Authorization;
            return client;
        }).ToList();

        var answers = await TaskHelpers.GrabAtOnceAsync(clients, task.Id);

        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Created), Is.EqualTo(20));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await refused.ReadProblemAsync(HttpStatusCode.Conflict, "task_full");
        }

        await using var scope = third.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var id = long.Parse(task.Id);
        Assert.That(await db.Claims.CountAsync(c => c.TaskId == id), Is.EqualTo(20));
        Assert.That(await db.Tasks.Where(t => t.Id == id).Select(t => t.ClaimedCount).SingleAsync(), Is.EqualTo(20));
        clients.ForEach(c => c.Dispose());
    }

    [Test]
    public async Task CancelsAndGrabsSpreadOverThreeInstancesGiveEachFreedPlaceOnceToTheLineInOrder()
    {
        var admin = await TestCity.AdminAsync(Factory, Unique("mi-wl-admin-"), "CommunityAdmin", city.CommunityA);
        var task = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, TestClock.Shanghai(2026, 5, 12, 9), slots: 10))).Id;
        var members = await Factory.ApprovedMembersAsync(70, Unique("mi-wl-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var (holders, line, grabbers) = (members.Take(10).ToList(), members.Skip(10).Take(30).ToList(), members.Skip(40).ToList());
        var held = new List<string>();
        foreach (var h in holders)
        {
            held.Add((await h.Client.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id);
        }

        foreach (var w in line)
        {
            await w.Client.PostJsonAsync($"/api/v1/tasks/{task}/waitlist", new { }).ExpectAsync(HttpStatusCode.Created);
        }

        var instances = new[] { Factory, second, third };
        HttpClient On(int i, HttpClient caller)
        {
            var client = instances[i % 3].CreateClient();
            client.DefaultRequestHeaders.Authorization = caller.DefaultRequestHeaders.Authorization;
            return client;
        }

        using var gate = new ManualResetEventSlim();
        var calls = holders.Select((h, i) => (Client: On(i, h.Client), Call: (Func<HttpClient, Task<HttpResponseMessage>>)(c => c.DeleteAsync($"/api/v1/claims/{held[i]}"))))
            .Concat(grabbers.Select((g, i) => (Client: On(i + 1, g.Client), Call: (Func<HttpClient, Task<HttpResponseMessage>>)(c => c.ClaimAsync(task)))))
            .Select(x => Task.Run(() =>
            {
                gate.Wait();
                return x.Call(x.Client);
            })).ToList();
        gate.Set();
        var answers = await Task.WhenAll(calls);

        await using var scope = third.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var id = long.Parse(task);
        var active = await db.Claims.Where(c => c.TaskId == id && c.Status != Zhuji.Domain.Tasks.ClaimStatus.Cancelled).Select(c => c.MemberId).ToListAsync();
        var firstTen = line.Take(10).Select(w => long.Parse(w.MemberId)).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(answers.Take(10).Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.NoContent));
            Assert.That(answers.Skip(10).Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.Conflict), "no grab passes the line");
            Assert.That(active, Is.EquivalentTo(firstTen), "the first ten in line, each once");
            Assert.That(await db.Tasks.Where(t => t.Id == id).Select(t => t.ClaimedCount).SingleAsync(), Is.EqualTo(10));
            Assert.That(await db.WaitlistEntries.CountAsync(e => e.TaskId == id && e.Status == Zhuji.Domain.Tasks.WaitlistStatus.Waiting), Is.EqualTo(20));
        });
    }

    [Test]
    public async Task TwoAdminsOnTwoInstancesConfirmingOneClaimAwardOneFlag()
    {
        clock.Set(TestClock.Shanghai(2026, 5, 10, 9));
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("mi-confirm-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var one = await TestCity.AdminAsync(Factory, Unique("mi-one-"), "CommunityAdmin", city.CommunityA);
        var other = await TestCity.AdminAsync(Factory, Unique("mi-other-"), "StreetAdmin", city.StreetA);
        var task = await one.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, TestClock.Shanghai(2026, 5, 10, 10), hours: 2));
        var claim = await member.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        clock.Set(TestClock.Shanghai(2026, 5, 10, 11));
        await member.PostJsonAsync($"/api/v1/claims/{claim.Id}/record", new { servedAt = TestClock.Shanghai(2026, 5, 10, 10, 30), hours = 1, content = "巡查", place = "南门" })
            .ReadJsonAsync(HttpStatusCode.OK);

        HttpClient On(ZhujiApiFactory instance, HttpClient who)
        {
            var client = instance.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", who.DefaultRequestHeaders.Authorization!.Parameter);
            return client;
        }

        var answers = await Task.WhenAll(
            Task.Run(() => On(second, one).PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { })),
            Task.Run(() => On(third, other).PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { })));
        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.OK), Is.EqualTo(1), string.Join(", ", answers.Select(a => (int)a.StatusCode)));
        await answers.Single(a => a.StatusCode != HttpStatusCode.OK).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");

        await using var scope = second.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var claimId = long.Parse(claim.Id);
        Assert.That(await db.FlagEntries.CountAsync(f => f.ClaimId == claimId), Is.EqualTo(1));
        var member_ = long.Parse(memberId);
        Assert.That(await db.PointsEntries.Where(p => p.MemberId == member_).SumAsync(p => p.Points), Is.EqualTo(10), "its points once too");
    }
}
