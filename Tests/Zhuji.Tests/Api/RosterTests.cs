using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MiniExcelLibs;
using Zhuji.Api.Features.MasterData;
using Zhuji.Api.Features.Registrations;
using Zhuji.Api.Features.Rosters;
using Zhuji.Api.Http;
using Zhuji.Domain.Registrations;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

public class RosterTests : ApiTest
{
    private TestCity city = null!;

    static RosterTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [OneTimeSetUp]
    public async Task CreateCityAsync() => city = await TestCity.CreateAsync(Factory);

    [Test]
    public async Task AnXlsxRosterImportsGoodRowsAndListsEachBadRowWithItsReason()
    {
        var unit = await NewUnitAsync();
        var admin = await TestCity.AdminAsync(Factory, Unique("ua-"), "WorkUnitAdmin", unit);
        var good1 = Registrations.NewPhone();
        var good2 = Registrations.NewPhone();
        var xlsx = Xlsx(
            new { 姓名 = "张三", 手机号 = good1 },
            new { 姓名 = "", 手机号 = Registrations.NewPhone() },
            new { 姓名 = "李四", 手机号 = "1234" },
            new { 姓名 = "王五", 手机号 = good2 },
            new { 姓名 = "王五重复", 手机号 = good2 });

        var result = await Upload(admin, unit, xlsx, "名册.xlsx").ReadAsync<RosterImportResult>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(result.Imported, Is.EqualTo(2));
            Assert.That(result.Updated, Is.EqualTo(0));
            var rejected = result.Rejected.Select(r => (r.Row, r.Reason)).ToList();
            Assert.That(rejected, Is.EqualTo(new[] { (3, "姓名为空"), (4, "手机号码无效"), (6, "手机号码与第 5 行重复") }));
        });

        var summary = await admin.GetAsync($"/api/v1/work-units/{unit}/summary").ReadAsync<WorkUnitSummary>(HttpStatusCode.OK);
        Assert.That(summary.RosterSize, Is.EqualTo(2));
    }

    [Test]
    public async Task AGb18030CsvFromChineseExcelImportsAndAReimportUpdates()
    {
        var unit = await NewUnitAsync();
        var admin = await TestCity.AdminAsync(Factory, Unique("ua-"), "WorkUnitAdmin", unit);
        var phone1 = Registrations.NewPhone();
        var phone2 = Registrations.NewPhone();
        var gb = Encoding.GetEncoding("GB18030");
        var csv = gb.GetBytes($"姓名,手机号\r\n陈一,{phone1}\r\n\"刘, 二\",{phone2}\r\n周三,not-a-phone\r\n");

        var first = await Upload(admin, unit, csv, "roster.csv").ReadAsync<RosterImportResult>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(first.Imported, Is.EqualTo(2));
            Assert.That(first.Rejected.Single().Row, Is.EqualTo(4));
        });

        // UTF-8 with BOM, English headers, columns swapped, one name corrected.
        var again = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"phone,name\n{phone1},陈一\n{phone2},刘二\n")).ToArray();
        var second = await Upload(admin, unit, again, "roster.csv").ReadAsync<RosterImportResult>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(second.Imported, Is.EqualTo(0));
            Assert.That(second.Updated, Is.EqualTo(1));
            Assert.That(second.Unchanged, Is.EqualTo(1));
            Assert.That(second.Rejected, Is.Empty);
        });
    }

    [Test]
    public async Task TheRegistrationRateCountsRosterPeopleWhoRegisteredMatchedByPhone()
    {
        var unit = await NewUnitAsync();
        var admin = await TestCity.AdminAsync(Factory, Unique("ua-"), "WorkUnitAdmin", unit);
        var phones = Enumerable.Range(0, 4).Select(_ => Registrations.NewPhone()).ToList();

        // One registers before the roster exists, one after; one outsider registers naming the unit.
        var early = await (await Factory.LoginAsync(Unique("early-"))).RegisterAsync(Registrations.Body(city.CommunityA, city.BlockA1, unit, phone: phones[0]));
        Assert.That(early.RosterMatch.ToString(), Is.EqualTo("NotInRoster"));

        var csv = Encoding.UTF8.GetBytes("姓名,手机号\n" + string.Join("\n", phones.Select((p, i) => $"党员{i},{p}")));
        await Upload(admin, unit, csv, "roster.csv").ReadAsync<RosterImportResult>(HttpStatusCode.OK);

        var lateClient = await Factory.LoginAsync(Unique("late-"));
        var late = await lateClient.RegisterAsync(Registrations.Body(city.CommunityA, city.BlockA2, unit, phone: phones[1]));
        await (await Factory.LoginAsync(Unique("outsider-"))).RegisterAsync(Registrations.Body(city.CommunityB, city.BlockB1, unit));
        var earlyNow = await (await Factory.CityAdminAsync()).GetAsync($"/api/v1/communities/{city.CommunityA}/registrations?limit=100").ReadAsync<Page<RegistrationDto>>(HttpStatusCode.OK);

        var summary = await admin.GetAsync($"/api/v1/work-units/{unit}/summary").ReadAsync<WorkUnitSummary>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(late.RosterMatch.ToString(), Is.EqualTo("Matched"));
            Assert.That(earlyNow.Items.Single(i => i.Id == early.Id).RosterMatch, Is.EqualTo(RosterMatch.Matched));
            Assert.That(summary.RosterSize, Is.EqualTo(4));
            Assert.That(summary.Registered, Is.EqualTo(3));
            Assert.That(summary.RegisteredInRoster, Is.EqualTo(2));
            Assert.That(summary.RegistrationRate, Is.EqualTo(0.5));
        });
    }

    [Test]
    public async Task ReplacingARosterRemovesWhoIsNoLongerOnIt()
    {
        var unit = await NewUnitAsync();
        var admin = await Factory.CityAdminAsync();
        var stay = Registrations.NewPhone();
        await Upload(admin, unit, Encoding.UTF8.GetBytes($"姓名,手机号\n甲,{stay}\n乙,{Registrations.NewPhone()}\n"), "a.csv").ReadAsync<RosterImportResult>(HttpStatusCode.OK);
        var replaced = await Upload(admin, unit, Encoding.UTF8.GetBytes($"姓名,手机号\n甲,{stay}\n"), "b.csv", replace: true).ReadAsync<RosterImportResult>(HttpStatusCode.OK);
        var summary = await admin.GetAsync($"/api/v1/work-units/{unit}/summary").ReadAsync<WorkUnitSummary>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(replaced.Removed, Is.EqualTo(1));
            Assert.That(summary.RosterSize, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task BadFilesAndOtherUnitsAreRefusedAndChangeNothing()
    {
        var unit = await NewUnitAsync();
        var admin = await TestCity.AdminAsync(Factory, Unique("ua-"), "WorkUnitAdmin", unit);
        var noHeader = await Upload(admin, unit, Encoding.UTF8.GetBytes("a,b\n1,2\n"), "x.csv").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var wrongType = await Upload(admin, unit, Encoding.UTF8.GetBytes("hello"), "x.txt").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var brokenXlsx = await Upload(admin, unit, Encoding.UTF8.GetBytes("PK\u0003\u0004 not really a zip"), "x.xlsx").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await Upload(admin, city.OtherWorkUnit, Encoding.UTF8.GetBytes("姓名,手机号\n甲,13900000000\n"), "x.csv").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var communityAdmin = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
        await communityAdmin.GetAsync($"/api/v1/work-units/{unit}/summary").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Multiple(() =>
        {
            Assert.That(noHeader.Errors["file"][0], Does.Contain("姓名"));
            Assert.That(wrongType.Errors.Keys, Does.Contain("file"));
            Assert.That(brokenXlsx.Errors.Keys, Does.Contain("file"));
        });
        var summary = await admin.GetAsync($"/api/v1/work-units/{unit}/summary").ReadAsync<WorkUnitSummary>(HttpStatusCode.OK);
        Assert.That(summary.RosterSize, Is.EqualTo(0));
        Assert.That(summary.RegistrationRate, Is.Null);
    }

    private async Task<string> NewUnitAsync() =>
        (await (await Factory.CityAdminAsync()).PostJsonAsync("/api/v1/work-units", new { name = Unique("名册单位"), kind = "CityOrgan" })
            .ReadAsync<WorkUnitDto>(HttpStatusCode.Created)).Id;

    private static Task<HttpResponseMessage> Upload(HttpClient client, string unit, byte[] bytes, string fileName, bool replace = false)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(file, "file", fileName);
        return client.PostAsync($"/api/v1/work-units/{unit}/roster" + (replace ? "?replace=true" : ""), content);
    }

    private static byte[] Xlsx(params object[] rows)
    {
        using var stream = new MemoryStream();
        stream.SaveAs(rows, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }
}
