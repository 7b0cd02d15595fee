using System.Net;
using System.Net.Http.Json;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.CheckIn;
using Zhuji.Api.Features.Mall;
using Zhuji.Api.Features.MasterData;
using Zhuji.Api.Features.Registrations;
using Zhuji.Api.Http;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Mall;
using Zhuji.Domain.Tasks;
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
        var streets = await admin.GetAsync("/api/v1/streets").ReadAsync<Page<StreetDto>>(HttpStatusCode.OK);
        var units = await admin.GetAsync("/api/v1/work-units?limit=100").ReadAsync<Page<WorkUnitDto>>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(streets.Items.Select(s => s.Name),
                Is.EquivalentTo(new[] { "暨阳街道", "浣东街道", "陶朱街道", "暨南街道", "大唐街道" }));
            Assert.That(units.Items, Has.Count.GreaterThanOrEqualTo(12));
        });

        var member = await Factory.LoginAsync("demo-member-1");
        var me = await member.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK);
        var feed = await member.GetAsync("/api/v1/tasks?status=Published").ReadAsync<Page<TaskDto>>(HttpStatusCode.OK);
        var claims = await member.GetAsync("/api/v1/me/claims").ReadAsync<Page<ClaimDto>>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(me.Member, Is.Not.Null);
            Assert.That(feed.Items.Select(t => t.Title), Does.Contain("反诈宣传").And.Contain("全市文明城市创建志愿服务"));
            Assert.That(claims.Items.Select(c => c.Status), Does.Contain(ClaimStatus.Confirmed));
        });

        var communityAdmin = await Factory.LoginAsync(DemoCitySeeder.CommunityAdminOpenId);
        var communityId = (await communityAdmin.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK)).Roles[0].ScopeId;
        var pending = await communityAdmin.GetAsync($"/api/v1/communities/{communityId}/registrations?status=Pending").ReadAsync<Page<RegistrationDto>>(HttpStatusCode.OK);
        Assert.That(pending.Items, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task EveryTasksCountIsItsClaimsAndPastTasksAreClosed()
    {
        var admin = await Factory.CityAdminAsync();
        var tasks = (await admin.GetAsync("/api/v1/tasks/managed?limit=100").ReadAsync<Page<TaskDto>>(HttpStatusCode.OK)).Items;
        Assert.That(tasks, Has.Count.GreaterThan(10));
        foreach (var task in tasks)
        {
            var claims = (await admin.GetAsync($"/api/v1/tasks/{task.Id}/claims?limit=100").ReadAsync<Page<TaskClaimDto>>(HttpStatusCode.OK)).Items;
            var held = claims.Count(c => c.Status != ClaimStatus.Cancelled);
            Assert.That(task.ClaimedCount, Is.EqualTo(held), task.Title);
            if (task.EndsAt.ToUniversalTime() < DateTime.UtcNow)
            {
                Assert.That(task.Status, Is.EqualTo(VolunteerTaskStatus.Closed), $"{task.Title} ended");
            }

            var month = TimeZoneInfo.ConvertTimeFromUtc(task.StartsAt.ToUniversalTime(), Zhuji.Domain.Common.ShanghaiTime.Zone).Month;
            if (task.Title.Contains("元宵"))
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
        var before = (await member.GetAsync("/api/v1/me/flags").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK)).Total;
        var claims = (await member.GetAsync("/api/v1/me/claims").ReadAsync<Page<ClaimDto>>(HttpStatusCode.OK)).Items;
        var running = claims.Single(c => c.Status == ClaimStatus.Claimed && c.TaskTitle == "垃圾分类定时定点督导");
        var recorded = await member.PostJsonAsync($"/api/v1/claims/{running.Id}/record",
            new { servedAt = DateTimeOffset.UtcNow.AddMinutes(-5), hours = 1, content = "引导居民分类投放", place = "城西社区 1 号投放点" }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        Assert.That(recorded.Status, Is.EqualTo(ClaimStatus.Submitted));

        var communityAdmin = await Factory.LoginAsync(DemoCitySeeder.CommunityAdminOpenId);
        var confirmed = await communityAdmin.PostJsonAsync($"/api/v1/claims/{running.Id}/confirm", new { }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        Assert.That(confirmed.Status.ToString(), Is.EqualTo("Confirmed"));
        var after = (await member.GetAsync("/api/v1/me/flags").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK)).Total;
        Assert.That(after, Is.EqualTo(before + 1));
    }

    [Test]
    public async Task TheOnSiteLoopCanBeWalkedAtOnce()
    {
        // demo-member-1 holds a claim on a task that requires check-in: the organiser shows the code, he checks in
        // and out on site, the community confirms. Another member already checked in and out: the queue shows it.
        var member = await Factory.LoginAsync("demo-member-1");
        var claims = (await member.GetAsync("/api/v1/me/claims").ReadAsync<Page<ClaimDto>>(HttpStatusCode.OK)).Items;
        var onSite = claims.Single(c => c.TaskTitle == "社区义诊秩序引导");
        var communityAdmin = await Factory.LoginAsync(DemoCitySeeder.CommunityAdminOpenId);
        var task = await communityAdmin.GetAsync($"/api/v1/tasks/{onSite.TaskId}").ReadAsync<TaskDto>(HttpStatusCode.OK);
        Assert.That(task.CheckInRequired, Is.True);
        var queue = await communityAdmin.GetAsync($"/api/v1/claims?taskId={onSite.TaskId}").ReadAsync<Page<ClaimQueueItemDto>>(HttpStatusCode.OK);
        Assert.That(queue.Items.Select(i => i.Attendance?.CheckedOutAt), Has.Some.Not.Null, "a member already checked out");

        await communityAdmin.PostJsonAsync($"/api/v1/claims/{onSite.Id}/confirm", new { }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        var code = (await communityAdmin.GetAsync($"/api/v1/tasks/{onSite.TaskId}/checkin-code").ReadAsync<CheckInCodeDto>(HttpStatusCode.OK)).QrText;
        var at = new { code, latitude = task.Geofence!.Latitude, longitude = task.Geofence.Longitude };
        await member.PostJsonAsync($"/api/v1/claims/{onSite.Id}/check-in", at).ReadAsync<CheckedInDto>(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromMinutes(10));
        var later = (await communityAdmin.GetAsync($"/api/v1/tasks/{onSite.TaskId}/checkin-code").ReadAsync<CheckInCodeDto>(HttpStatusCode.OK)).QrText;
        await member.PostJsonAsync($"/api/v1/claims/{onSite.Id}/check-out", at with { code = later }).ReadAsync<CheckedOutDto>(HttpStatusCode.OK);
        var confirmed = await communityAdmin.PostJsonAsync($"/api/v1/claims/{onSite.Id}/confirm", new { }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
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
        var items = await member.GetAsync("/api/v1/mall/items").ReadAsync<Page<MallItemDto>>(HttpStatusCode.OK);
        Assert.That(items.Items.Select(i => i.Kind), Is.EquivalentTo(new[] { MallItemKind.Goods, MallItemKind.Service, MallItemKind.PropertyFeeOffset }));
    }

    [Test]
    public async Task EveryRoleHasABackOfficeAccountWithItsPasswordInTheAccountsFile()
    {
        var lines = (await File.ReadAllLinesAsync(Path.Combine(Factory.Folder, DemoCitySeeder.AccountsFile))).Where(l => !l.StartsWith('#')).ToList();
        var roles = new List<Role>();
        foreach (var line in lines)
        {
            var (username, password) = (line.Split('\t')[0], line.Split('\t')[1]);
            var login = await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/password-login", new { username, password }).ReadAsync<LoginResponse>(HttpStatusCode.OK);
            roles.Add(login.User.Roles[0].Role);
        }

        Assert.That(roles, Is.EquivalentTo(new[] { Role.CityAdmin, Role.StreetAdmin, Role.CommunityAdmin, Role.BlockAdmin, Role.WorkUnitAdmin, Role.MerchantAdmin }));
    }

    [Test]
    public async Task TheBackOfficeAccountLogsInWithThePasswordWrittenToTheDataFolder()
    {
        var password = (await File.ReadAllTextAsync(Path.Combine(Factory.Folder, DemoCitySeeder.PasswordFile))).Trim();
        var response = await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/password-login", new { username = DemoCitySeeder.BackOfficeUsername, password });
        var login = await response.ReadAsync<LoginResponse>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(login.User.Roles[0].Role, Is.EqualTo(Role.CityAdmin));
            Assert.That(Factory.Logs.AllText, Does.Not.Contain(password));
        });
    }
}
