using System.Net;
using DocumentFormat.OpenXml.Spreadsheet;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Reports;
using Zhuji.Api.Features.Rosters;
using Zhuji.Jobs;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Reports;

/// <summary>
/// Reports a party secretary signs: a quarter is its three months as they stood at its end, the year's result is the
/// people of 31 December, the workbook prints on A4 landscape, and any admin can have one made now.
/// </summary>
public class ReportTests : ApiTest
{
    private readonly TestClock clock = new(TestClock.Shanghai(2025, 3, 1, 9));
    private TestCity city = null!;
    private HttpClient communityAdmin = null!;
    private HttpClient unitAdmin = null!;
    private string unit = "", unitName = "";

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
        unitName = Unique("报表单位");
        unit = (await (await Factory.CityAdminAsync()).PostJsonAsync("/api/v1/work-units", new { name = unitName, kind = "CityOrgan" })
            .ReadJsonAsync(HttpStatusCode.Created)).Id();
        unitAdmin = await TestCity.AdminAsync(Factory, Unique("ua-"), "WorkUnitAdmin", unit);
    }

    [Test]
    public async Task AQuarterlyReportHoldsItsThreeMonthsAsTheyStoodAtItsEnd()
    {
        var (ahead, behind, steady) = (await MemberAsync("甲领先"), await MemberAsync("乙落后"), await MemberAsync("丙正常"));
        await RosterAsync(("甲领先", ahead.Phone), ("乙落后", behind.Phone), ("丙正常", steady.Phone), ("丁未报到", Registrations.NewPhone()));

        clock.Set(TestClock.Shanghai(2025, 6, 10, 9));
        await ServiceAsync(ahead.Id, TestClock.Shanghai(2025, 5, 20, 9), 5);
        clock.Set(TestClock.Shanghai(2025, 9, 20, 9));
        await ServiceAsync(behind.Id, TestClock.Shanghai(2025, 5, 5, 9), 1);
        await ServiceAsync(behind.Id, TestClock.Shanghai(2025, 8, 10, 9), 2);
        await ServiceAsync(steady.Id, TestClock.Shanghai(2025, 7, 15, 9), 4);

        // Entered after the quarter ended: September service recorded in October, and October service.
        clock.Set(TestClock.Shanghai(2025, 10, 10, 9));
        await ServiceAsync(behind.Id, TestClock.Shanghai(2025, 9, 25, 9), 3);
        await ServiceAsync(steady.Id, TestClock.Shanghai(2025, 10, 5, 9), 1);

        var reportId = await RequestAsync(unitAdmin, $"/api/v1/work-units/{unit}/reports", new { kind = "Quarterly", year = 2025, quarter = 3 });
        var queued = await unitAdmin.GetAsync($"/api/v1/reports/{reportId}").ReadAsync<ReportDto>(HttpStatusCode.OK);
        Assert.That(queued.Status.ToString(), Is.EqualTo("Queued"));
        await unitAdmin.GetAsync($"/api/v1/reports/{reportId}/file").ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.That(EnqueuedReports(), Does.Contain(reportId), "the report job is queued in Hangfire");
        await MakeAsync(reportId);

        var ready = await unitAdmin.GetAsync($"/api/v1/reports/{reportId}").ReadAsync<ReportDto>(HttpStatusCode.OK);
        Assert.That(ready.Status.ToString(), Is.EqualTo("Ready"));
        Assert.That(ready.Title, Does.Contain(unitName).And.Contain("2025 年第 3 季度"));

        using var book = new PrintedWorkbook(await DownloadAsync(unitAdmin, reportId));
        var sheet = book.Sheet(0);
        var rows = PrintedWorkbook.Rows(sheet);
        Assert.That(rows[1][0], Does.Contain(unitName).And.Contain("2025 年第 3 季度"));
        Assert.That(rows[2][0], Does.Contain("2025年7月1日—2025年9月30日").And.Contain("至少 5 面").And.Contain("生成时间：2025年10月10日 09:00"));
        Assert.That(rows[4], Is.EqualTo(new[] { "序号", "姓名", "手机号", "报到状态", "在名册", "7月", "8月", "9月", "本季度", "全年累计", "进度" }));

        var table = PrintedWorkbook.Table(sheet, 4).ToDictionary(r => r["姓名"]);
        Assert.Multiple(() =>
        {
            Assert.That(Figures(table["甲领先"]), Is.EqualTo(("0", "0", "0", "0", "5", "已达标")));
            Assert.That(Figures(table["乙落后"]), Is.EqualTo(("0", "2", "0", "2", "3", "进度落后（差 1 面）")), "September's late entry is not in the third quarter");
            Assert.That(Figures(table["丙正常"]), Is.EqualTo(("4", "0", "0", "4", "4", "进度正常")), "October is not in the third quarter");
            Assert.That(table["丁未报到"]["报到状态"], Is.EqualTo("未报到"));
            Assert.That(table["甲领先"]["手机号"], Is.EqualTo(ahead.Phone), "the unit's own report shows its members' phones in full");
            Assert.That(rows.Values.SelectMany(r => r), Has.None.Contains("不达标"), "no quarter says non-compliant");
            Assert.That(rows.Values.Select(r => r.FirstOrDefault() ?? ""), Has.Some.Contains("已达标 1 人，进度正常 1 人，进度落后 1 人"));
            Assert.That(rows.Values.Select(r => r.FirstOrDefault() ?? ""), Has.Some.Contains("名册 4 人，已报到 3 人，报到率 75.0%"));
        });

        // A remake a month later prints the same quarter: what stood at its end, not what was added since.
        clock.Set(TestClock.Shanghai(2025, 11, 1, 9));
        await ServiceAsync(behind.Id, TestClock.Shanghai(2025, 9, 28, 9), 2);
        var again = await RequestAsync(unitAdmin, $"/api/v1/work-units/{unit}/reports", new { kind = "Quarterly", year = 2025, quarter = 3 });
        Assert.That(again, Is.EqualTo(reportId), "one report per unit and period");
        await MakeAsync(again);
        using var remade = new PrintedWorkbook(await DownloadAsync(unitAdmin, again));
        var remadeTable = PrintedWorkbook.Table(remade.Sheet(0), 4).ToDictionary(r => r["姓名"]);
        Assert.That(Figures(remadeTable["乙落后"]), Is.EqualTo(("0", "2", "0", "2", "3", "进度落后（差 1 面）")));
    }

    [Test]
    public async Task TheWorkbookPrintsOnA4LandscapeWithItsHeaderOnEveryPageAndNamesFrozen()
    {
        var member = await MemberAsync("欧阳某某");
        await RosterAsync(("欧阳某某", member.Phone));
        clock.Set(TestClock.Shanghai(2025, 7, 1, 5));
        var reportId = await RequestAsync(unitAdmin, $"/api/v1/work-units/{unit}/reports", new { kind = "Quarterly", year = 2025, quarter = 2 });
        await MakeAsync(reportId);

        using var book = new PrintedWorkbook(await DownloadAsync(unitAdmin, reportId));
        var sheet = book.Sheet(0);
        var setup = sheet.GetFirstChild<PageSetup>()!;
        var pane = sheet.GetFirstChild<SheetViews>()!.GetFirstChild<SheetView>()!.GetFirstChild<Pane>()!;
        var widths = sheet.GetFirstChild<Columns>()!.Elements<Column>().ToDictionary(c => (int)c.Min!.Value, c => c.Width!.Value);
        Assert.Multiple(() =>
        {
            Assert.That(setup.PaperSize!.Value, Is.EqualTo(9u), "A4");
            Assert.That(setup.Orientation!.Value, Is.EqualTo(OrientationValues.Landscape));
            Assert.That((setup.FitToWidth!.Value, setup.FitToHeight!.Value), Is.EqualTo((1u, 0u)), "one page wide, as many long as needed");
            Assert.That(sheet.GetFirstChild<SheetProperties>()!.PageSetupProperties!.FitToPage!.Value, Is.True);
            Assert.That(book.PrintTitles(0), Is.EqualTo($"'{book.SheetNames[0]}'!$4:$4"), "the header row repeats on every page");
            Assert.That(pane.State!.Value, Is.EqualTo(PaneStateValues.Frozen));
            Assert.That((pane.HorizontalSplit!.Value, pane.VerticalSplit!.Value), Is.EqualTo((2d, 4d)), "number and name frozen, and the header");
            Assert.That(sheet.GetFirstChild<HeaderFooter>()!.OddFooter!.Text, Does.Contain("&P").And.Contain("&N"));
            Assert.That(widths[3], Is.GreaterThanOrEqualTo(13), "an 11-digit phone is not clipped");
            Assert.That(widths[2], Is.GreaterThanOrEqualTo(10), "a four-character name fits");
        });
    }

    [Test]
    public async Task TheAnnualReportIsThePeopleOf31DecemberAndSaysCompliantOrNot()
    {
        var stays = await MemberAsync("留任者");
        var leaves = await MemberAsync("调出者");
        await RosterAsync(("留任者", stays.Phone), ("调出者", leaves.Phone));
        clock.Set(TestClock.Shanghai(2025, 12, 20, 9));
        await ServiceAsync(stays.Id, TestClock.Shanghai(2025, 11, 5, 9), 5);
        await ServiceAsync(leaves.Id, TestClock.Shanghai(2025, 11, 6, 9), 2);

        // Midnight passes: the schedule keeps every unit's roll as it stood.
        clock.Set(TestClock.Shanghai(2026, 1, 1, 0, 5));
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkUnitReportJob>().SnapshotYearEndAsync(CancellationToken.None);
        }

        // In January one member moves to another unit and the roster gains a newcomer.
        clock.Set(TestClock.Shanghai(2026, 1, 6, 9));
        var moved = await leaves.Client.PutJsonAsync("/api/v1/registrations/mine",
            Registrations.Body(city.CommunityA, city.BlockA1, city.OtherWorkUnit, name: "调出者", phone: leaves.Phone)).ReadJsonAsync(HttpStatusCode.OK);
        if (moved["status"]!.GetValue<string>() == "Pending")
        {
            await communityAdmin.ApproveAsync(moved.Id());
        }

        await RosterAsync(("留任者", stays.Phone), ("新调入者", Registrations.NewPhone()));

        clock.Set(TestClock.Shanghai(2026, 1, 15, 6));
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkUnitReportJob>().RunAnnualAsync(CancellationToken.None);
        }

        var list = await unitAdmin.GetAsync($"/api/v1/work-units/{unit}/reports").ReadJsonAsync(HttpStatusCode.OK);
        var annual = list["items"]!.AsArray().Single(r => r!["kind"]!.GetValue<string>() == "Annual")!;
        using var book = new PrintedWorkbook(await DownloadAsync(unitAdmin, annual.Id()));
        var table = PrintedWorkbook.Table(book.Sheet(0), 4).ToDictionary(r => r["姓名"]);
        Assert.Multiple(() =>
        {
            Assert.That(table.Keys, Is.EquivalentTo(new[] { "留任者", "调出者" }), "31 December's people, not January's");
            Assert.That((table["留任者"]["全年合计"], table["留任者"]["考核结果"]), Is.EqualTo(("5", "达标")));
            Assert.That((table["调出者"]["全年合计"], table["调出者"]["考核结果"]), Is.EqualTo(("2", "不达标")));
        });
    }

    [Test]
    public async Task TheCityReportRanksEveryUnitAndListsEveryCommunityOnOneSheet()
    {
        var city2 = await Factory.CityAdminAsync();
        var member = await MemberAsync("城市榜");
        await RosterAsync(("城市榜", member.Phone), ("未报到", Registrations.NewPhone()));
        clock.Set(TestClock.Shanghai(2025, 5, 1, 9));
        for (var i = 0; i < 5; i++)
        {
            await city2.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, TestClock.Shanghai(2025, 5, 10 + i, 9), category: "CommunityActivity"));
        }

        clock.Set(TestClock.Shanghai(2025, 7, 2, 9));
        var reportId = await RequestAsync(city2, "/api/v1/reports/city", new { kind = "Quarterly", year = 2025, quarter = 2 });
        await unitAdmin.GetAsync($"/api/v1/reports/{reportId}").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await MakeAsync(reportId);

        using var book = new PrintedWorkbook(await DownloadAsync(city2, reportId));
        Assert.That(book.SheetNames, Is.EqualTo(new[] { "按报到率排名", "按达标进度排名", "各社区任务与亮旗" }), "every community on one sheet");
        var ranking = PrintedWorkbook.Table(book.Sheet(0), 4);
        var ours = ranking.Single(r => r["单位"] == unitName);
        Assert.Multiple(() =>
        {
            Assert.That(ranking.Select(r => int.Parse(r["名次"])), Is.EqualTo(Enumerable.Range(1, ranking.Count)));
            Assert.That((ours["名册人数"], ours["已报到（名册内）"], ours["报到率"]), Is.EqualTo(("2", "1", "0.5")));
            Assert.That(ranking.Select(r => r["报到率"] == "" ? -1 : double.Parse(r["报到率"], System.Globalization.CultureInfo.InvariantCulture)), Is.Ordered.Descending);
        });

        var mix = PrintedWorkbook.Table(book.Sheet(2), 4);
        var (nameA, nameB) = (await CommunityNameAsync(city.CommunityA), await CommunityNameAsync(city.CommunityB));
        var communityA = mix.Single(r => r["社区"] == nameA);
        var communityB = mix.Single(r => r["社区"] == nameB);
        Assert.Multiple(() =>
        {
            Assert.That((communityA["发布任务"], communityA["参加社区活动"], communityA["认领微心愿"]), Is.EqualTo(("5", "5", "0")));
            Assert.That(communityA["关注"], Does.Contain("泛化"), "five tasks of one kind: the watch speaks");
            Assert.That((communityB["发布任务"], communityB["关注"]), Is.EqualTo(("0", "")));
            Assert.That(PrintedWorkbook.Rows(book.Sheet(2)).Values, Has.Some.Contains("合计"), "a line of totals under the communities");
        });
        var list = await city2.GetAsync("/api/v1/reports?year=2025&kind=Quarterly").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(list["items"]!.AsArray().Select(r => r!.Id()), Does.Contain(reportId));
        Assert.That(list["items"]!.AsArray().Single(r => r!.Id() == reportId)!["scope"]!.GetValue<string>(), Is.EqualTo("City"));
    }

    [Test]
    public async Task ABadRequestForAReportChangesNothing()
    {
        clock.Set(TestClock.Shanghai(2025, 7, 2, 9));
        await unitAdmin.PostJsonAsync($"/api/v1/work-units/{unit}/reports", new { kind = "Quarterly", year = 2025 }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await unitAdmin.PostJsonAsync($"/api/v1/work-units/{unit}/reports", new { kind = "Quarterly", year = 2025, quarter = 5 }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await unitAdmin.PostJsonAsync($"/api/v1/work-units/{unit}/reports", new { kind = "Quarterly", year = 2025, quarter = 4 }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await unitAdmin.PostJsonAsync($"/api/v1/work-units/{unit}/reports", new { kind = "Monthly", year = 2025 }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await unitAdmin.PostJsonAsync("/api/v1/reports/city", new { kind = "Annual", year = 2024 }).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var list = await unitAdmin.GetAsync($"/api/v1/work-units/{unit}/reports").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(list["items"]!.AsArray(), Is.Empty);
        Assert.That(list["nextCursor"], Is.Null);
    }

    private static (string, string, string, string, string, string) Figures(Dictionary<string, string> row) =>
        (row["7月"], row["8月"], row["9月"], row["本季度"], row["全年累计"], row["进度"]);

    private async Task<(HttpClient Client, string Id, string Phone)> MemberAsync(string name)
    {
        var phone = Registrations.NewPhone();
        var (client, id, _) = await Factory.ApprovedMemberAsync(Unique("rep-"), city.CommunityA, city.BlockA1, unit, phone: phone, name: name);
        return (client, id, phone);
    }

    private async Task RosterAsync(params (string Name, string Phone)[] people)
    {
        var csv = "姓名,手机号\n" + string.Concat(people.Select(p => $"{p.Name},{p.Phone}\n"));
        var content = new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "roster.csv" } };
        await unitAdmin.PostAsync($"/api/v1/work-units/{unit}/roster?replace=true", content).ReadAsync<RosterImportResult>(HttpStatusCode.OK);
    }

    private async Task ServiceAsync(string memberId, DateTimeOffset servedAt, int flags) =>
        await communityAdmin.PostJsonAsync($"/api/v1/members/{memberId}/service-records",
            new { category = "CommunityActivity", title = "社区服务", servedAt, hours = 1, content = "参加社区服务", flags }).ReadJsonAsync(HttpStatusCode.Created);

    private static async Task<string> RequestAsync(HttpClient admin, string url, object body)
    {
        var accepted = await admin.PostJsonAsync(url, body).ReadJsonAsync(HttpStatusCode.Accepted);
        return accepted.Id("reportId");
    }

    /// <summary>What the Hangfire worker does with the queued job.</summary>
    private async Task MakeAsync(string reportId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorkUnitReportJob>().MakeAsync(long.Parse(reportId), CancellationToken.None);
    }

    private List<string> EnqueuedReports() =>
        Factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 1000)
            .Where(j => j.Value.Job?.Method.Name == nameof(WorkUnitReportJob.MakeAsync))
            .Select(j => j.Value.Job.Args[0]!.ToString()!).ToList();

    private static async Task<byte[]> DownloadAsync(HttpClient admin, string reportId)
    {
        var file = await admin.GetAsync($"/api/v1/reports/{reportId}/file");
        Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(file.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        return await file.Content.ReadAsByteArrayAsync();
    }

    private async Task<string> CommunityNameAsync(string id) =>
        (await (await Factory.CityAdminAsync()).GetAsync($"/api/v1/communities/{id}").ReadJsonAsync(HttpStatusCode.OK))["name"]!.GetValue<string>();
}
