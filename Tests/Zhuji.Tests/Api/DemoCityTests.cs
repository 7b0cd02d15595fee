using System.Net;
using System.Net.Http.Json;
using Zhuji.Api.Features.CheckIn;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Features.Points;
using Zhuji.Api.Features.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>The embedded default's demo city: real data to try at once.</summary>
public class DemoCityTests : ApiTest
{
    private readonly TestClock clock = new(DateTimeOffset.UtcNow);

    protected override Task<ZhujiApiFactory> CreateFactoryAsync() =>
        Task.FromResult(new ZhujiApiFactory(new Dictionary<string, string?> { ["Zhuji:SeedDemoData"] = "true" }, clock: clock));

    [Test]
    public async Task TheDemoCityHasZhujisStreetsCommunitiesUnitsAndMembers()
    {
        var admin = await Factory.CityAdminAsync();
        var streets = await admin.GetAsync("/api/v1/streets").ReadJsonAsync(HttpStatusCode.OK);
        var units = await admin.GetAsync("/api/v1/work-units?limit=100").ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(streets["items"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()),
                Is.EquivalentTo(new[] { "暨阳街道", "浣东街道", "陶朱街道", "暨南街道", "大唐街道" }));
            Assert.That(units["items"]!.AsArray(), Has.Count.GreaterThanOrEqualTo(12));
        });

        var member = await Factory.LoginAsync("demo-member-1");
        var me = await member.GetAsync("/api/v1/me").ReadJsonAsync(HttpStatusCode.OK);
        var feed = await member.GetAsync("/api/v1/tasks?status=Published").ReadJsonAsync(HttpStatusCode.OK);
        var claims = await member.GetAsync("/api/v1/me/claims").ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(me["member"], Is.Not.Null);
            Assert.That(feed["items"]!.AsArray().Select(t => t!["title"]!.GetValue<string>()), Does.Contain("反诈宣传").And.Contain("全市文明城市创建志愿服务"));
            Assert.That(claims["items"]!.AsArray().Select(c => c!["status"]!.GetValue<string>()), Does.Contain("Confirmed"));
        });

        var communityAdmin = await Factory.LoginAsync(DemoCitySeeder.CommunityAdminOpenId);
        var communityId = (await communityAdmin.GetAsync("/api/v1/me").ReadJsonAsync(HttpStatusCode.OK))["roles"]![0]!["scopeId"]!.GetValue<string>();
        var pending = await communityAdmin.GetAsync($"/api/v1/communities/{communityId}/registrations?status=Pending").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(pending["items"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task EveryTasksCountIsItsClaimsAndPastTasksAreClosed()
    {
        var admin = await Factory.CityAdminAsync();
        var tasks = (await admin.GetAsync("/api/v1/tasks/managed?limit=100").ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray();
        Assert.That(tasks, Has.Count.GreaterThan(10));
        foreach (var task in tasks.Select(t => t!))
        {
            var claims = (await admin.GetAsync($"/api/v1/tasks/{task.Id()}/claims?limit=100").ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray();
            var held = claims.Count(c => c!["status"]!.GetValue<string>() != "Cancelled");
            Assert.That(task["claimedCount"]!.GetValue<int>(), Is.EqualTo(held), task["title"]!.GetValue<string>());
            if (task["endsAt"]!.GetValue<DateTimeOffset>() < DateTimeOffset.UtcNow)
            {
                Assert.That(task["status"]!.GetValue<string>(), Is.EqualTo("Closed"), $"{task["title"]} ended");
            }

            var month = TimeZoneInfo.ConvertTime(task["startsAt"]!.GetValue<DateTimeOffset>(), Zhuji.Domain.Common.ShanghaiTime.Zone).Month;
            if (task["title"]!.GetValue<string>().Contains("元宵"))
            {
                Assert.That(month, Is.AnyOf(1, 2), "a lantern festival task only around the lantern festival");
            }
        }
    }

    [TestCase(12, "冬至")]
    [TestCase(2, "元宵")]
    [TestCase(9, "中秋")]
    public void TheFestivalTaskIsOfTheSeason(int month, string festival) =>
        Assert.That(DemoCitySeeder.SeasonalActivity(new DateTime(2026, month, 3)), Does.Contain(festival));

    [Test]
    public async Task TheMemberLoopCanBeWalkedAtOnce()
    {
        // demo-member-1 holds a claim on a task running now: he records, the community confirms, a flag lands.
        var member = await Factory.LoginAsync("demo-member-1");
        var before = (await member.GetAsync("/api/v1/me/flags").ReadJsonAsync(HttpStatusCode.OK))["total"]!.GetValue<int>();
        var claims = (await member.GetAsync("/api/v1/me/claims").ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray();
        var running = claims.Single(c => c!["status"]!.GetValue<string>() == "Claimed" && c["taskTitle"]!.GetValue<string>() == "垃圾分类定时定点督导")!;
        var recorded = await member.PostJsonAsync($"/api/v1/claims/{running.Id()}/record",
            new { servedAt = DateTimeOffset.UtcNow.AddMinutes(-5), hours = 1, content = "引导居民分类投放", place = "城西社区 1 号投放点" }).ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(recorded["status"]!.GetValue<string>(), Is.EqualTo("Submitted"));

        var communityAdmin = await Factory.LoginAsync(DemoCitySeeder.CommunityAdminOpenId);
        var confirmed = await communityAdmin.PostJsonAsync($"/api/v1/claims/{running.Id()}/confirm", new { }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        Assert.That(confirmed.Status.ToString(), Is.EqualTo("Confirmed"));
        var after = (await member.GetAsync("/api/v1/me/flags").ReadJsonAsync(HttpStatusCode.OK))["total"]!.GetValue<int>();
        Assert.That(after, Is.EqualTo(before + 1));
    }

    [Test]
    public async Task TheOnSiteLoopCanBeWalkedAtOnce()
    {
        // demo-member-1 holds a claim on a task that requires check-in: the organiser shows the code, he checks in
        // and out on site, the community confirms. Another member already checked in and out: the queue shows it.
        var member = await Factory.LoginAsync("demo-member-1");
        var claims = (await member.GetAsync("/api/v1/me/claims").ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray();
        var onSite = claims.Single(c => c!["taskTitle"]!.GetValue<string>() == "社区义诊秩序引导")!;
        var communityAdmin = await Factory.LoginAsync(DemoCitySeeder.CommunityAdminOpenId);
        var task = await communityAdmin.GetAsync($"/api/v1/tasks/{onSite["taskId"]}").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(task["checkInRequired"]!.GetValue<bool>(), Is.True);
        var queue = await communityAdmin.GetAsync($"/api/v1/claims?taskId={onSite["taskId"]}").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(queue["items"]!.AsArray().Select(i => i!["attendance"]?["checkedOutAt"]), Has.Some.Not.Null, "a member already checked out");

        await communityAdmin.PostJsonAsync($"/api/v1/claims/{onSite.Id()}/confirm", new { }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        var code = (await communityAdmin.GetAsync($"/api/v1/tasks/{onSite["taskId"]}/checkin-code").ReadJsonAsync(HttpStatusCode.OK))["qrText"]!.GetValue<string>();
        var at = new { code, latitude = task["geofence"]!["latitude"]!.GetValue<double>(), longitude = task["geofence"]!["longitude"]!.GetValue<double>() };
        await member.PostJsonAsync($"/api/v1/claims/{onSite.Id()}/check-in", at).ReadAsync<CheckedInDto>(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromMinutes(10));
        var later = (await communityAdmin.GetAsync($"/api/v1/tasks/{onSite["taskId"]}/checkin-code").ReadJsonAsync(HttpStatusCode.OK))["qrText"]!.GetValue<string>();
        await member.PostJsonAsync($"/api/v1/claims/{onSite.Id()}/check-out", at with { code = later }).ReadAsync<CheckedOutDto>(HttpStatusCode.OK);
        var confirmed = await communityAdmin.PostJsonAsync($"/api/v1/claims/{onSite.Id()}/confirm", new { }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        Assert.That(confirmed.Status.ToString(), Is.EqualTo("Confirmed"));
    }

    [Test]
    public async Task DemoMembersHoldPointsForTheirFlagsAndTheirCommunitysMallIsStocked()
    {
        var member = await Factory.LoginAsync("demo-member-1");
        var flags = await member.GetAsync($"/api/v1/me/flags?year={DateTime.UtcNow.Year}").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        var lastYear = await member.GetAsync($"/api/v1/me/flags?year={DateTime.UtcNow.Year - 1}").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        var points = await member.GetAsync("/api/v1/me/points").ReadAsync<MyPointsDto>(HttpStatusCode.OK);
        Assert.That(points.Balance, Is.GreaterThan(0).And.EqualTo(10 * (flags.Total + lastYear.Total)));
        var items = await member.GetAsync("/api/v1/mall/items").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(items["items"]!.AsArray().Select(i => i!["kind"]!.GetValue<string>()), Is.EquivalentTo(new[] { "Goods", "Service", "PropertyFeeOffset" }));
    }

    [Test]
    public async Task EveryRoleHasABackOfficeAccountWithItsPasswordInTheAccountsFile()
    {
        var lines = (await File.ReadAllLinesAsync(Path.Combine(Factory.Folder, DemoCitySeeder.AccountsFile))).Where(l => !l.StartsWith('#')).ToList();
        var roles = new List<string>();
        foreach (var line in lines)
        {
            var (username, password) = (line.Split('\t')[0], line.Split('\t')[1]);
            var login = await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/password-login", new { username, password }).ReadJsonAsync(HttpStatusCode.OK);
            roles.Add(login["user"]!["roles"]![0]!["role"]!.GetValue<string>());
        }

        Assert.That(roles, Is.EquivalentTo(new[] { "CityAdmin", "StreetAdmin", "CommunityAdmin", "BlockAdmin", "WorkUnitAdmin", "MerchantAdmin" }));
    }

    [Test]
    public async Task TheBackOfficeAccountLogsInWithThePasswordWrittenToTheDataFolder()
    {
        var password = (await File.ReadAllTextAsync(Path.Combine(Factory.Folder, DemoCitySeeder.PasswordFile))).Trim();
        var response = await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/password-login", new { username = DemoCitySeeder.BackOfficeUsername, password });
        var login = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(login["user"]!["roles"]![0]!["role"]!.GetValue<string>(), Is.EqualTo("CityAdmin"));
            Assert.That(Factory.Logs.AllText, Does.Not.Contain(password));
        });
    }
}
