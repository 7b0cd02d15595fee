using System.Net;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Compliance;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Features.MasterData;
using Zhuji.Api.Features.Members;
using Zhuji.Api.Features.Stats;
using Zhuji.Api.Http;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Tasks;
using Zhuji.Api.Features.Rosters;
using Zhuji.Domain.Compliance;
using Zhuji.Infrastructure.Data;
using Zhuji.Jobs;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Jobs;

/// <summary>The annual five-flag check, the work units' views and reports, resolved from DI, the clock moved.</summary>
public class ComplianceJobTests : ApiTest
{
    private readonly TestClock clock = new(TestClock.Shanghai(2025, 3, 1, 9));
    private TestCity city = null!;
    private HttpClient communityAdmin = null!;
    private HttpClient unitAdmin = null!;
    private string unit = "";

    protected override Task<ZhujiApiFactory> CreateFactoryAsync() => Task.FromResult(new ZhujiApiFactory(clock: clock));

    [OneTimeSetUp]
    public async Task CreateCityAsync()
    {
        city = await TestCity.CreateAsync(Factory);
        communityAdmin = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
    }

    [SetUp]
    public async Task FreshUnitAsync()
    {
        clock.Set(TestClock.Shanghai(2025, 3, 1, 9));
        unit = (await (await Factory.CityAdminAsync()).PostJsonAsync("/api/v1/work-units", new { name = Unique("考核单位"), kind = "CityOrgan" })
            .ReadAsync<WorkUnitDto>(HttpStatusCode.Created)).Id;
        unitAdmin = await TestCity.AdminAsync(Factory, Unique("ua-"), "WorkUnitAdmin", unit);
    }

    [Test]
    public async Task ServiceAtHalfPastMidnightOnNewYearsDayCountsForTheNewYear()
    {
        var (_, memberId, _) = await Factory.ApprovedMemberAsync(Unique("ny-"), city.CommunityA, city.BlockA1, unit);
        clock.Set(TestClock.Shanghai(2026, 1, 2, 9));
        await ServiceAsync(memberId, TestClock.Shanghai(2026, 1, 1, 0, 30), flags: 5);
        await ServiceAsync(memberId, TestClock.Shanghai(2025, 12, 31, 23, 30), flags: 2);

        var y2025 = await RunAsync(2025);
        var y2026 = await RunAsync(2026);
        Assert.Multiple(async () =>
        {
            Assert.That((await ResultAsync(2025, memberId))!.Flags, Is.EqualTo(2));
            Assert.That((await ResultAsync(2025, memberId))!.Status, Is.EqualTo(ComplianceStatus.NonCompliant));
            Assert.That((await ResultAsync(2026, memberId))!.Flags, Is.EqualTo(5));
            Assert.That((await ResultAsync(2026, memberId))!.Status, Is.EqualTo(ComplianceStatus.Compliant));
            Assert.That(y2025.Provisional, Is.False);
            Assert.That(y2026.Provisional, Is.True);
        });
    }

    [Test]
    public async Task AMemberApprovedAfterTheCutoffIsNotEvaluatedThatYear()
    {
        clock.Set(TestClock.Shanghai(2025, 9, 30, 23, 59));
        var (_, before, _) = await Factory.ApprovedMemberAsync(Unique("sep-"), city.CommunityA, city.BlockA1, unit);
        clock.Set(TestClock.Shanghai(2025, 10, 1, 0, 1));
        var (_, after, _) = await Factory.ApprovedMemberAsync(Unique("oct-"), city.CommunityA, city.BlockA1, unit);
        var (_, resident, _) = await Factory.ApprovedMemberAsync(Unique("res-"), city.CommunityA, city.BlockA1, null, memberType: "Resident");

        clock.Set(TestClock.Shanghai(2026, 1, 15, 2));
        await RunAsync(2025);
        Assert.Multiple(async () =>
        {
            Assert.That(await ResultAsync(2025, before), Is.Not.Null);
            Assert.That(await ResultAsync(2025, after), Is.Null);
            Assert.That(await ResultAsync(2025, resident), Is.Null);
        });
        await RunAsync(2026);
        Assert.That(await ResultAsync(2026, after), Is.Not.Null, "evaluated from the next year on");
    }

    [Test]
    public async Task ReRunningReplacesAndNeverDuplicates()
    {
        var (_, memberId, _) = await Factory.ApprovedMemberAsync(Unique("rr-"), city.CommunityA, city.BlockA1, unit);
        clock.Set(TestClock.Shanghai(2025, 6, 1, 9));
        await ServiceAsync(memberId, TestClock.Shanghai(2025, 5, 20, 9), flags: 3);
        var first = await RunAsync(2025);
        var rowsAfterFirst = await CountAsync(2025);
        var second = await RunAsync(2025);
        Assert.Multiple(async () =>
        {
            Assert.That(second.Evaluated, Is.EqualTo(first.Evaluated));
            Assert.That(await CountAsync(2025), Is.EqualTo(rowsAfterFirst));
            Assert.That((await ResultAsync(2025, memberId))!.Flags, Is.EqualTo(3));
        });

        await ServiceAsync(memberId, TestClock.Shanghai(2025, 5, 21, 9), flags: 2);
        await RunAsync(2025);
        Assert.That((await ResultAsync(2025, memberId))!.Status, Is.EqualTo(ComplianceStatus.Compliant), "a re-run sees what changed");
    }

    [Test]
    public async Task ARevokedFlagIsCountedOut()
    {
        var (_, memberId, _) = await Factory.ApprovedMemberAsync(Unique("rv-"), city.CommunityA, city.BlockA1, unit);
        clock.Set(TestClock.Shanghai(2025, 6, 1, 9));
        await ServiceAsync(memberId, TestClock.Shanghai(2025, 5, 20, 9), flags: 4);
        var revoked = await ServiceAsync(memberId, TestClock.Shanghai(2025, 5, 21, 9), flags: 3);
        await communityAdmin.PostJsonAsync($"/api/v1/flags/{revoked}/revoke", new { reason = "重复录入" }).ReadAsync<FlagEntryDto>(HttpStatusCode.OK);
        await RunAsync(2025);
        var result = await ResultAsync(2025, memberId);
        Assert.Multiple(() =>
        {
            Assert.That(result!.Flags, Is.EqualTo(4));
            Assert.That(result.Status, Is.EqualTo(ComplianceStatus.NonCompliant));
        });
    }

    [Test]
    public async Task TheRunEndpointEnqueuesTheSameJobForTheCityOnly()
    {
        clock.Set(TestClock.Shanghai(2026, 2, 1, 9));
        var accepted = await (await Factory.CityAdminAsync()).PostAsync("/api/v1/compliance/2025/run", null).ReadAsync<RunAcceptedResponse>(HttpStatusCode.Accepted);
        var storage = Factory.Services.GetRequiredService<JobStorage>();
        var job = storage.GetMonitoringApi().JobDetails(accepted.JobId);
        Assert.Multiple(() =>
        {
            Assert.That(job.Job.Type, Is.EqualTo(typeof(AnnualComplianceJob)));
            Assert.That(job.Job.Args[0], Is.EqualTo(2025));
        });
        await communityAdmin.PostAsync("/api/v1/compliance/2025/run", null).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await Factory.CityAdminAsync()).PostAsync("/api/v1/compliance/2030/run", null).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        // The page asks how the run stands, and refreshes when it has finished.
        var jobId = accepted.JobId;
        var cityAdmin = await Factory.CityAdminAsync();
        async Task<(string, string, bool)> StateAsync()
        {
            var state = await cityAdmin.GetAsync($"/api/v1/compliance/runs/{jobId}").ReadAsync<RunStateDto>(HttpStatusCode.OK);
            return (state.State, state.StateName, state.Finished);
        }

        // This host has no job server: the run's states are moved as a server moves them.
        var waiting = await StateAsync();
        var client = Factory.Services.GetRequiredService<IBackgroundJobClient>();
        client.ChangeState(jobId, new ServerPickedItUp());
        var running = await StateAsync();
        client.ChangeState(jobId, new SucceededState(null, 10, 200));
        Assert.Multiple(async () =>
        {
            Assert.That(waiting, Is.EqualTo(("Waiting", "排队中", false)));
            Assert.That(running, Is.EqualTo(("Running", "计算中", false)));
            Assert.That(await StateAsync(), Is.EqualTo(("Succeeded", "已完成", true)));
        });
        await cityAdmin.GetAsync("/api/v1/compliance/runs/no-such-run").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await communityAdmin.GetAsync($"/api/v1/compliance/runs/{jobId}").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task StoredResultsAreScopedToTheCallersUnitOrCommunity()
    {
        var (_, inUnit, _) = await Factory.ApprovedMemberAsync(Unique("sc-"), city.CommunityA, city.BlockA1, unit);
        var (_, elsewhere, _) = await Factory.ApprovedMemberAsync(Unique("sc-"), city.CommunityB, city.BlockB1, city.OtherWorkUnit);
        clock.Set(TestClock.Shanghai(2026, 1, 15, 2));
        await RunAsync(2025);

        var unitView = await unitAdmin.GetAsync("/api/v1/compliance?year=2025&limit=100").ReadAsync<Page<ComplianceItemDto>>(HttpStatusCode.OK);
        var memberIds = unitView.Items.Select(i => i.MemberId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(memberIds, Does.Contain(inUnit).And.Not.Contain(elsewhere));
            Assert.That(unitView.Items.Select(i => i.WorkUnitId), Is.All.EqualTo(unit));
            var mine = unitView.Items.Single(i => i.MemberId == inUnit);
            Assert.That(mine.Name, Is.EqualTo("张三"), "each item names the member");
            Assert.That(mine.WorkUnitName, Does.StartWith("考核单位"), "and his unit");
            Assert.That(mine.CommunityName, Does.StartWith("测试社区A"), "and his community");
        });
        await unitAdmin.GetAsync($"/api/v1/compliance?year=2025&workUnitId={city.OtherWorkUnit}").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var nonCompliant = await unitAdmin.GetAsync("/api/v1/compliance?year=2025&status=NonCompliant").ReadAsync<Page<ComplianceItemDto>>(HttpStatusCode.OK);
        Assert.That(nonCompliant.Items.Select(i => i.Status), Is.All.EqualTo(ComplianceStatus.NonCompliant));

        var communityView = await communityAdmin.GetAsync("/api/v1/compliance?year=2025&limit=100").ReadAsync<Page<ComplianceItemDto>>(HttpStatusCode.OK);
        Assert.That(communityView.Items.Select(i => i.CommunityId), Is.All.EqualTo(city.CommunityA));
        await (await Factory.LoginAsync(Unique("nobody-"))).GetAsync("/api/v1/compliance?year=2025").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task TheResultsAreFoundByNameOrWholePhoneWithinTheCallersScope()
    {
        var phone = Registrations.NewPhone();
        var name = Unique("查找人");
        var (_, found, _) = await Factory.ApprovedMemberAsync(Unique("q-"), city.CommunityA, city.BlockA1, unit, phone: phone, name: name);
        var (_, other, _) = await Factory.ApprovedMemberAsync(Unique("q-"), city.CommunityB, city.BlockB1, city.OtherWorkUnit, phone: Registrations.NewPhone(), name: name);
        clock.Set(TestClock.Shanghai(2026, 1, 15, 2));
        await RunAsync(2025);

        async Task<List<string>> Members(HttpClient client, string q) =>
            (await client.GetAsync($"/api/v1/compliance?year=2025&limit=100&q={Uri.EscapeDataString(q)}").ReadAsync<Page<ComplianceItemDto>>(HttpStatusCode.OK)).Items
                .Select(i => i.MemberId).ToList();
        var city2 = await Factory.CityAdminAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(await Members(city2, name), Is.EquivalentTo(new[] { found, other }), "by name, the city sees both");
            Assert.That(await Members(city2, phone), Is.EqualTo(new[] { found }), "by the whole phone, one");
            Assert.That(await Members(city2, phone[..7]), Is.Empty, "part of a phone is a name to look for, and none has it");
            Assert.That(await Members(unitAdmin, name), Is.EqualTo(new[] { found }), "the unit, only its own");
            var counted = await city2.GetAsync($"/api/v1/compliance?year=2025&limit=1&q={Uri.EscapeDataString(name)}").ReadAsync<Page<ComplianceItemDto>>(HttpStatusCode.OK);
            Assert.That(counted.Total, Is.EqualTo(2), "共 2 条 on the first page of one");
        });
        await city2.GetAsync($"/api/v1/compliance?year=2025&q={new string('长', 21)}").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Test]
    public async Task TheUnitSeesMonthsQuartersTotalsAndWhoNeverRegistered()
    {
        var phone = Registrations.NewPhone();
        var (_, memberId, _) = await Factory.ApprovedMemberAsync(Unique("roll-"), city.CommunityA, city.BlockA1, unit, phone: phone, name: "亮旗人");
        await UploadRosterAsync($"姓名,手机号\n亮旗人,{phone}\n未报到者,13911112222\n");
        clock.Set(TestClock.Shanghai(2025, 8, 1, 9));
        await ServiceAsync(memberId, TestClock.Shanghai(2025, 2, 10, 9), flags: 1);
        await ServiceAsync(memberId, TestClock.Shanghai(2025, 7, 10, 9), flags: 3);

        var members = await unitAdmin.GetAsync($"/api/v1/work-units/{unit}/members?year=2025").ReadAsync<Page<UnitMemberDto>>(HttpStatusCode.OK);
        var member = members.Items.Single(i => i.MemberId == memberId);
        var absent = members.Items.Single(i => i.Name == "未报到者");
        var summary = await unitAdmin.GetAsync($"/api/v1/work-units/{unit}/summary?year=2025").ReadAsync<WorkUnitSummary>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(member.FlagsByMonth, Is.EqualTo(new[] { 0, 1, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0 }));
            Assert.That(member.FlagsByQuarter, Is.EqualTo(new[] { 1, 0, 3, 0 }));
            Assert.That(member.Total, Is.EqualTo(4));
            Assert.That(member.Compliant, Is.False);
            Assert.That(member.InRoster, Is.True);
            Assert.That(absent.RegistrationStatus, Is.EqualTo(RollRegistrationStatus.NotRegistered));
            Assert.That(absent.MemberId, Is.Null);
            Assert.That(summary.RosterSize, Is.EqualTo(2));
            Assert.That(summary.RegistrationRate, Is.EqualTo(0.5));
            Assert.That(summary.NonCompliant, Is.EqualTo(1));
        });

        var otherAdmin = await TestCity.AdminAsync(Factory, Unique("ub-"), "WorkUnitAdmin", city.OtherWorkUnit);
        await otherAdmin.GetAsync($"/api/v1/work-units/{unit}/members").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await otherAdmin.GetAsync($"/api/v1/work-units/{unit}/summary").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await communityAdmin.GetAsync($"/api/v1/work-units/{unit}/members").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task TheCitySeesItsFiguresIncludingTasksByCategoryPerCommunity()
    {
        clock.Set(TestClock.Shanghai(2025, 4, 1, 9));
        var admin = await Factory.CityAdminAsync();
        await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, TestClock.Shanghai(2025, 4, 5, 9), category: "HelpGroup"));
        await admin.PublishAsync(TaskHelpers.Body("Block", city.BlockA1, TestClock.Shanghai(2025, 4, 5, 9), category: "RedSteward"));
        var stats = await admin.GetAsync("/api/v1/stats/city?year=2025").ReadAsync<CityStatsDto>(HttpStatusCode.OK);
        var community = stats.TasksByCommunity.Single(c => c.CommunityId == city.CommunityA);
        Assert.Multiple(() =>
        {
            Assert.That(stats.TasksByCategory[ServiceCategory.HelpGroup], Is.GreaterThanOrEqualTo(1));
            Assert.That(community.ByCategory[ServiceCategory.RedSteward], Is.GreaterThanOrEqualTo(1));
            Assert.That(stats.Members, Is.GreaterThan(0));
        });
        await communityAdmin.GetAsync("/api/v1/stats/city").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    private async Task<ComplianceRunResult> RunAsync(int year)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AnnualComplianceJob>().RunAsync(year, CancellationToken.None);
    }

    private async Task<ComplianceResult?> ResultAsync(int year, string memberId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ZhujiDbContext>().ComplianceResults.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Year == year && r.MemberId == long.Parse(memberId));
    }

    private async Task<int> CountAsync(int year)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ZhujiDbContext>().ComplianceResults.CountAsync(r => r.Year == year);
    }

    /// <summary>Service the community recognises, confirmed at once: returns the flag entry id.</summary>
    private async Task<string> ServiceAsync(string memberId, DateTimeOffset servedAt, int flags)
    {
        var created = await communityAdmin.PostJsonAsync($"/api/v1/members/{memberId}/service-records",
            new { category = "CommunityActivity", title = "社区服务", servedAt, hours = 1, content = "参加社区服务", flags }).ReadAsync<EnterServiceResponse>(HttpStatusCode.Created);
        return created.FlagEntryId;
    }

    private async Task UploadRosterAsync(string csv)
    {
        var content = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "roster.csv" } };
        await unitAdmin.PostAsync($"/api/v1/work-units/{unit}/roster", content).ReadAsync<RosterImportResult>(HttpStatusCode.OK);
    }

    /// <summary>What a job server records when a worker takes the job (its constructor is the server's own).</summary>
    private sealed class ServerPickedItUp : IState
    {
        public string Name => ProcessingState.StateName;
        public string? Reason => null;
        public bool IsFinal => false;
        public bool IgnoreJobLoadException => false;

        public Dictionary<string, string> SerializeData() => new() { ["ServerId"] = "test-server", ["WorkerId"] = "worker-1" };
    }
}
