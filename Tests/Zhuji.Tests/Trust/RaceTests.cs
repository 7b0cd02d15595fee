using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Features.Wishes;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Trust;

/// <summary>Races the database decides: a claim during a cancellation, twin grants, two confirmations of one wish, parallel password guesses.</summary>
public class RaceTests() : CityApiTest(TestClock.Shanghai(2026, 5, 10, 9))
{
    [Test]
    [SqliteOnly] // The race is staged by holding SQLite's write gate; on PostgreSQL the task's row lock orders the two.
    public async Task AClaimCommittedWhileItsTaskIsCancelledFallsWithIt()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("race-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var task = await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2026, 5, 12, 9)));
        Task<HttpResponseMessage> grab, cancel;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            // Hold the write gate: the grab reads, then waits to write; the cancellation loads the task, then waits behind it.
            var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
            await using var gate = await db.BeginWriteAsync(CancellationToken.None);
            grab = member.ClaimAsync(task.Id);
            await Task.Delay(300);
            cancel = CommunityAdmin.PostJsonAsync($"/api/v1/tasks/{task.Id}/cancel", new { reason = "暴雨预警" });
            await Task.Delay(300);
            Assert.That(grab.IsCompleted || cancel.IsCompleted, Is.False, "both wait for the gate");
        }

        await grab.ReadJsonAsync(HttpStatusCode.Created);
        await cancel.ReadJsonAsync(HttpStatusCode.OK);
        await using var check = Factory.Services.CreateAsyncScope();
        var statuses = await check.ServiceProvider.GetRequiredService<ZhujiDbContext>().Claims.Where(c => c.TaskId == long.Parse(task.Id)).Select(c => c.Status).ToListAsync();
        Assert.That(statuses, Is.EqualTo(new[] { ClaimStatus.Cancelled }), "no claim survives on a cancelled task");
    }

    [Test]
    public async Task EightIdenticalGrantsAtOnceMakeOneRole()
    {
        var openId = Unique("twin-");
        var cityAdmin = await Factory.CityAdminAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            cityAdmin.PostJsonAsync("/api/v1/role-assignments", new { openId, role = "BlockAdmin", scopeId = City.BlockA1 }))));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
        }

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var count = await db.RoleAssignments.CountAsync(r => db.Users.Any(u => u.Id == r.UserId && u.OpenId == openId));
        Assert.Multiple(() =>
        {
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(1));
            Assert.That(count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task TwoAdminsConfirmingTwoClaimsOfOneWishBothSucceedAndTheWishIsFulfilledOnce()
    {
        var resident = await Factory.LoginAsync(Unique("wisher-"));
        var wish = await resident.PostJsonAsync("/api/v1/wishes", new { communityId = City.CommunityA, title = "陪老人看病", description = "周六上午", contactName = "王", contactPhone = "13600001111", channel = "MiniProgram" })
            .ReadAsync<WishDto>(HttpStatusCode.Created);
        var task = await CommunityAdmin.PostJsonAsync($"/api/v1/wishes/{wish.Id}/publish", new { slots = 2, flags = 1, startsAt = TestClock.Shanghai(2026, 5, 10, 14), endsAt = TestClock.Shanghai(2026, 5, 10, 16) })
            .ReadAsync<TaskDto>(HttpStatusCode.Created);
        var claims = new List<string>();
        foreach (var i in new[] { 1, 2 })
        {
            var (member, _, _) = await Factory.ApprovedMemberAsync(Unique($"helper{i}-"), City.CommunityA, City.BlockA1, City.WorkUnit);
            claims.Add((await member.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id);
        }

        Clock.Set(TestClock.Shanghai(2026, 5, 10, 17));
        var other = await TestCity.AdminAsync(Factory, Unique("ca2-"), "CommunityAdmin", City.CommunityA);
        var attendance = new { record = new { servedAt = TestClock.Shanghai(2026, 5, 10, 14, 30), hours = 2, content = "陪同就医", place = "人民医院" } };
        for (var round = 0; round < 3; round++)
        {
            var responses = await Task.WhenAll(
                Task.Run(() => CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claims[0]}/confirm", attendance)),
                Task.Run(() => other.PostJsonAsync($"/api/v1/claims/{claims[1]}/confirm", attendance)));
            if (round == 0)
            {
                foreach (var response in responses)
                {
                    await response.ReadJsonAsync(HttpStatusCode.OK);
                }
            }
        }

        var seen = await resident.GetAsync($"/api/v1/wishes/{wish.Id}").ReadAsync<WishDto>(HttpStatusCode.OK);
        Assert.That(seen.Status.ToString(), Is.EqualTo("Fulfilled"));
    }

    [Test]
    public async Task ParallelPasswordGuessesGetNoMoreTriesAndDoNotLockTheOwnerOut()
    {
        var username = Unique("guessed");
        await (await Factory.CityAdminAsync()).PostJsonAsync("/api/v1/admin-accounts", new
        {
            username,
            password = "right-password-1",
            displayName = "被猜的账号",
            roles = new[] { new { role = "WorkUnitAdmin", scopeId = City.WorkUnit } },
        }).ReadJsonAsync(HttpStatusCode.Created);

        var attacker = Factory.CreateClient();
        attacker.DefaultRequestHeaders.Add(ZhujiApiFactory.ClientHeader, "203.0.113.7");
        var guesses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            attacker.PostAsJsonAsync("/api/v1/auth/password-login", new { username, password = $"guess-{i:D4}-x" }))));
        var checkedGuesses = guesses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized);
        Assert.Multiple(() =>
        {
            Assert.That(checkedGuesses, Is.LessThanOrEqualTo(5), "at most five guesses were ever checked");
            Assert.That(guesses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests), Is.GreaterThanOrEqualTo(35));
        });

        var fromAttacker = await attacker.PostAsJsonAsync("/api/v1/auth/password-login", new { username, password = "right-password-1" });
        Assert.That(fromAttacker.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the attacker's address stays locked even with the right password");

        var owner = Factory.CreateClient();
        owner.DefaultRequestHeaders.Add(ZhujiApiFactory.ClientHeader, "198.51.100.20");
        await owner.PostAsJsonAsync("/api/v1/auth/password-login", new { username, password = "right-password-1" }).ReadAsync<LoginResponse>(HttpStatusCode.OK);
    }

    [Test]
    public async Task ConflictsAnsweredCorrectlyAreNotLoggedAsErrors()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("quiet-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var task = await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2026, 5, 10, 14)));
        var claim = await member.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        Clock.Set(TestClock.Shanghai(2026, 5, 10, 18));
        await member.PostJsonAsync($"/api/v1/claims/{claim.Id}/record", new { servedAt = TestClock.Shanghai(2026, 5, 10, 15), hours = 1, content = "x", place = "x" }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        var other = await TestCity.AdminAsync(Factory, Unique("ca3-"), "CommunityAdmin", City.CommunityA);
        var before = Factory.Logs.Lines.Count;
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            (i % 2 == 0 ? CommunityAdmin : other).PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { }))));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
        var lines = Factory.Logs.Lines.Skip(before).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)), Is.Empty);
            Assert.That(lines.Where(l => l.Contains("   at ", StringComparison.Ordinal) && !l.StartsWith("Debug", StringComparison.Ordinal)), Is.Empty, "no stack traces");
        });
    }
}
