using Zhuji.Domain.Auditing;
using System.Net;
using System.Text.RegularExpressions;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.Members;
using Zhuji.Api.Features.Registrations;
using Zhuji.Api.Features.Rosters;
using Zhuji.Api.Features.Stats;
using Zhuji.Api.Http;
using Zhuji.Domain.Registrations;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.BackOffice;

/// <summary>The back office's lists: the community's members, a unit's roster, exports of every page, the figures side by side.</summary>
public class ListsExportsAndStatsTests : ApiTest
{
    private TestCity city = null!;
    private HttpClient communityAdmin = null!;
    private HttpClient unitAdmin = null!;

    [OneTimeSetUp]
    public async Task CreateCityAsync()
    {
        city = await TestCity.CreateAsync(Factory);
        communityAdmin = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
        unitAdmin = await TestCity.AdminAsync(Factory, Unique("ua-"), "WorkUnitAdmin", city.WorkUnit);
    }

    [Test]
    public async Task TheCommunitysMembersAreSearchablePagedAndExportedWhole()
    {
        var members = await Factory.ApprovedMembersAsync(25, Unique("cm-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await communityAdmin.PostJsonAsync($"/api/v1/members/{members[3].MemberId}/service-records",
            new { category = "CommunityActivity", title = "社区服务", servedAt = DateTimeOffset.UtcNow.AddDays(-1), hours = 1, content = "服务", flags = 2 })
            .ReadAsync<EnterServiceResponse>(HttpStatusCode.Created);

        var first = await communityAdmin.GetAsync($"/api/v1/communities/{city.CommunityA}/members").ReadAsync<Page<CommunityMemberDto>>(HttpStatusCode.OK);
        Assert.That(first.Items, Has.Count.EqualTo(20));
        Assert.That(first.NextCursor, Is.Not.Null);
        var found = await communityAdmin.GetAsync($"/api/v1/communities/{city.CommunityA}/members?q=党员3").ReadAsync<Page<CommunityMemberDto>>(HttpStatusCode.OK);
        var three = found.Items.Single(m => m.Id == members[3].MemberId);
        Assert.Multiple(() =>
        {
            Assert.That(found.Items.Select(m => m.Name), Is.All.Contains("党员3"));
            Assert.That(three.FlagsThisYear, Is.EqualTo(2));
            Assert.That(three.BlockName, Is.EqualTo("一号小区"));
            Assert.That(three.Phone, Does.Not.Contain("*"));
        });

        var file = await communityAdmin.GetAsync($"/api/v1/communities/{city.CommunityA}/members?format=xlsx");
        Assert.That(file.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        using var book = new PrintedWorkbook(await file.Content.ReadAsByteArrayAsync());
        var rows = PrintedWorkbook.Table(book.Sheet(0), 4);
        Assert.That(rows.Count(r => r["姓名"].StartsWith("党员", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(25), "every page, not the first");
        await communityAdmin.GetAsync($"/api/v1/communities/{city.CommunityA}/members?format=pdf").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await communityAdmin.GetAsync($"/api/v1/communities/{city.CommunityB}/members").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task TheRosterShowsWhoHasRegisteredAndWhoNot()
    {
        var phone = Registrations.NewPhone();
        var never = Registrations.NewPhone();
        var csv = $"姓名,手机号\n已报到者,{phone}\n未报到者,{never}\n";
        await unitAdmin.PostAsync($"/api/v1/work-units/{city.WorkUnit}/roster",
            new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "roster.csv" } }).ReadAsync<RosterImportResult>(HttpStatusCode.OK);
        await Factory.ApprovedMemberAsync(Unique("r-"), city.CommunityA, city.BlockA1, city.WorkUnit, phone: phone, name: "已报到者");

        var roster = await unitAdmin.GetAsync($"/api/v1/work-units/{city.WorkUnit}/roster?limit=100").ReadAsync<Page<RosterPersonDto>>(HttpStatusCode.OK);
        var byName = roster.Items.ToDictionary(r => r.Name);
        Assert.Multiple(() =>
        {
            Assert.That(byName["已报到者"].RegistrationStatus, Is.EqualTo(RollRegistrationStatus.Approved));
            Assert.That(byName["已报到者"].CommunityName, Does.StartWith("测试社区A"));
            Assert.That(byName["未报到者"].RegistrationStatus, Is.EqualTo(RollRegistrationStatus.NotRegistered));
        });
        var missing = await unitAdmin.GetAsync($"/api/v1/work-units/{city.WorkUnit}/roster?status=NotRegistered&limit=100").ReadAsync<Page<RosterPersonDto>>(HttpStatusCode.OK);
        Assert.That(missing.Items.Select(r => r.Name), Does.Contain("未报到者").And.Not.Contain("已报到者"));
        await unitAdmin.GetAsync($"/api/v1/work-units/{city.OtherWorkUnit}/roster").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task ExportsHoldTheSameRowsAsThePages()
    {
        var admin = await Factory.CityAdminAsync();
        var registrations = await communityAdmin.GetAsync($"/api/v1/communities/{city.CommunityA}/registrations?format=xlsx");
        var audit = await admin.GetAsync("/api/v1/audit?format=xlsx");
        var unitMembers = await unitAdmin.GetAsync($"/api/v1/work-units/{city.WorkUnit}/members?format=xlsx");
        var compliance = await admin.GetAsync("/api/v1/compliance?format=xlsx");
        foreach (var response in new[] { registrations, audit, unitMembers, compliance })
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentDisposition!.FileNameStar, Does.EndWith(".xlsx"));
        }

        using var auditBook = new PrintedWorkbook(await audit.Content.ReadAsByteArrayAsync());
        var auditRows = PrintedWorkbook.Table(auditBook.Sheet(0), 4);
        Assert.That(auditRows.Select(r => r["操作"]), Does.Contain("新增社区"), "actions in Chinese");
        using var registrationBook = new PrintedWorkbook(await registrations.Content.ReadAsByteArrayAsync());
        var pages = await communityAdmin.GetAsync($"/api/v1/communities/{city.CommunityA}/registrations?limit=100").ReadAsync<Page<RegistrationDto>>(HttpStatusCode.OK);
        Assert.That(PrintedWorkbook.Table(registrationBook.Sheet(0), 4).Count, Is.EqualTo(pages.Items.Count));
    }

    [Test]
    public void EveryAuditedActionHasAChineseName()
    {
        var root = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../.."));
        var recorded = Directory.EnumerateFiles(Path.Combine(root, "Api"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"(?:Audit|audit)\.Record\((?:[^""]*?\?\s*)?""(\w+)""(?:\s*:\s*""(\w+)"")?"))
            .SelectMany(m => new[] { m.Groups[1].Value, m.Groups[2].Value }).Where(a => a.Length > 0).ToHashSet();
        Assert.That(recorded, Has.Count.GreaterThan(30));
        Assert.That(recorded.Except(AuditActions.Known), Is.Empty);
    }

    [Test]
    public async Task TheFiguresSideBySideStayInScope()
    {
        var admin = await Factory.CityAdminAsync();
        var street = await TestCity.AdminAsync(Factory, Unique("sa-"), "StreetAdmin", city.StreetA);
        await (await Factory.LoginAsync(Unique("p-"))).RegisterAsync(Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit));

        var all = await admin.GetAsync("/api/v1/stats/communities").ReadAsync<Page<CommunityStatsDto>>(HttpStatusCode.OK);
        var mine = await street.GetAsync("/api/v1/stats/communities").ReadAsync<Page<CommunityStatsDto>>(HttpStatusCode.OK);
        var units = await admin.GetAsync("/api/v1/stats/work-units").ReadAsync<Page<WorkUnitStatsDto>>(HttpStatusCode.OK);
        var a = mine.Items.Single(c => c.CommunityId == city.CommunityA);
        Assert.Multiple(() =>
        {
            Assert.That(all.Items.Select(c => c.CommunityId), Does.Contain(city.CommunityA).And.Contain(city.CommunityB));
            Assert.That(mine.Items.Select(c => c.CommunityId), Does.Contain(city.CommunityA).And.Not.Contain(city.CommunityB));
            Assert.That(a.PendingRegistrations, Is.GreaterThanOrEqualTo(1));
            Assert.That(a.StreetName, Does.StartWith("测试街道A"));
            Assert.That(units.Items.Select(u => u.WorkUnitId), Does.Contain(city.WorkUnit).And.Contain(city.OtherWorkUnit));
        });
        await street.GetAsync("/api/v1/stats/work-units").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await street.GetAsync($"/api/v1/stats/communities?streetId={city.StreetB}").ReadAsync<Page<CommunityStatsDto>>(HttpStatusCode.OK);
        var cityStats = await admin.GetAsync("/api/v1/stats/city").ReadAsync<CityStatsDto>(HttpStatusCode.OK);
        Assert.That(cityStats.FlagsByMonth, Has.Count.EqualTo(12));
        Assert.That(cityStats.Evaluated, Is.EqualTo(cityStats.Reached + cityStats.OnTrack + cityStats.Behind));
    }

    [Test]
    public async Task MeNamesTheScopesAndTheAccount()
    {
        var me = await communityAdmin.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK);
        Assert.That(me.Roles[0].ScopeName, Does.StartWith("测试社区A"));
        Assert.That(me.Account, Is.Null, "a WeChat login has no back-office account");
    }
}
