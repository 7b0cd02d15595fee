using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using Zhuji.Api.Features.Certificates;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Features.Tasks;
using Zhuji.Domain.Certificates;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>志愿服务证明: the figures from the ledger, the PDF's text, and verification by anyone who scans it.</summary>
public class CertificateTests : ApiTest
{
    private readonly TestClock clock = new(TestClock.Shanghai(2026, 5, 6, 9));
    private TestCity city = null!;
    private HttpClient admin = null!;

    protected override Task<ZhujiApiFactory> CreateFactoryAsync() => Task.FromResult(new ZhujiApiFactory(clock: clock));

    [OneTimeSetUp]
    public async Task CreateCityAsync()
    {
        city = await TestCity.CreateAsync(Factory);
        admin = await TestCity.AdminAsync(Factory, Unique("cert-admin-"), "CommunityAdmin", city.CommunityA);
    }

    [Test]
    public async Task AMemberSYearIsCertifiedInAPdfAndAnyoneCanVerifyItsSerial()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("cert-"), city.CommunityA, city.BlockA1, city.WorkUnit, name: "张三丰");
        var first = await ServeAsync(member, hours: 2.5m, flags: 2);
        await ServeAsync(member, hours: 1.5m, flags: 3);

        var issued = await member.PostJsonAsync("/api/v1/me/certificates", new { year = 2026 }).ReadAsync<CertificateDto>(HttpStatusCode.Created);
        var serial = issued.Serial;
        Assert.Multiple(() =>
        {
            Assert.That(serial, Does.Match("^ZJ2026-[0-9A-Z]{12}$"));
            Assert.That(issued.Services, Is.EqualTo(2));
            Assert.That(issued.Hours, Is.EqualTo(4m));
            Assert.That(issued.Flags, Is.EqualTo(5));
        });
        var again = await member.PostJsonAsync("/api/v1/me/certificates", new { year = 2026 }).ReadAsync<CertificateDto>(HttpStatusCode.Created);
        Assert.That(again.Serial, Is.EqualTo(serial), "the same figures, the same certificate");

        var file = await member.GetAsync(issued.Url);
        Assert.That(file.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(file.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/pdf"));
        using (var pdf = PdfDocument.Open(await file.Content.ReadAsByteArrayAsync()))
        {
            var text = string.Concat(pdf.GetPages().Select(p => p.Text)).Replace(" ", "");
            Assert.Multiple(() =>
            {
                Assert.That(pdf.NumberOfPages, Is.EqualTo(1));
                Assert.That(text, Does.Contain("志愿服务证明"));
                Assert.That(text, Does.Contain("张三丰"));
                Assert.That(text, Does.Contain("测试单位"));
                Assert.That(text, Does.Contain("测试社区A"));
                Assert.That(text, Does.Contain("2026年度"));
                Assert.That(text, Does.Contain("服务2次"));
                Assert.That(text, Does.Contain("累计服务时长4小时"));
                Assert.That(text, Does.Contain("获得红旗5面"));
                Assert.That(text, Does.Match(@"出具单位：测试社区A\d+党组织"), "谁记录谁证明: the community that recorded the services");
                Assert.That(text, Does.Contain("经办人："));
                Assert.That(text, Does.Contain("联系方式："));
                Assert.That(text, Does.Contain("12026-05-06反诈宣传2.5"), "the list of services: date, what, hours");
                Assert.That(text, Does.Contain("《志愿服务记录与证明出具办法》（民政部令第67号）"));
                Assert.That(text, Does.Contain("《关于规范志愿服务记录证明工作的指导意见》（民发〔2015〕149号）"));
                Assert.That(text, Does.Not.Contain("志愿服务记录办法》（民发"));
                Assert.That(text, Does.Contain(serial));
                Assert.That(text, Does.Contain($"或在浏览器输入：http://localhost/v/{serial}"), "a short address under the QR, to type by hand");
                Assert.That(text, Does.Contain("2026年5月6日"));
            });
        }

        var anonymous = Factory.CreateClient();
        var verified = await anonymous.GetAsync($"/api/v1/certificates/{serial}/verify").ReadAsync<CertificateVerificationDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(verified.Valid, Is.True);
            Assert.That(verified.Name, Is.EqualTo("张*"), "masked for whoever scans it");
            Assert.That(verified.Hours, Is.EqualTo(4m));
            Assert.That(verified.Flags, Is.EqualTo(5));
            Assert.That(verified.Issuer, Does.Match(@"^测试社区A\d+党组织$"));
        });
        var page = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/certificates/{serial}/verify");
        page.Headers.Accept.ParseAdd("text/html");
        var html = await anonymous.SendAsync(page);
        var shown = await html.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(html.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"), "a phone's browser that scanned the QR gets a page");
            Assert.That(shown, Does.Contain("证明有效").And.Contain("张*").And.Not.Contain("张三丰"));
            Assert.That(html.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'none'"));
        });
        await anonymous.GetAsync("/api/v1/certificates/ZJ2026-0000000000ZZ/verify").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        var altered = serial[..^1] + (serial[^1] == 'A' ? 'B' : 'A');
        await anonymous.GetAsync($"/api/v1/certificates/{altered}/verify").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await anonymous.GetAsync("/api/v1/certificates/not-a-serial/verify").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        var unknown = new HttpRequestMessage(HttpMethod.Get, "/api/v1/certificates/ZJ2026-0000000000ZZ/verify");
        unknown.Headers.Accept.ParseAdd("text/html");
        var missing = await anonymous.SendAsync(unknown);
        Assert.Multiple(async () =>
        {
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(missing.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"), "a phone that scanned a forged code reads a page, not JSON");
            Assert.That(await missing.Content.ReadAsStringAsync(), Does.Contain("未找到编号为 ZJ2026-0000000000ZZ 的志愿服务证明"));
        });
        await anonymous.GetAsync($"/api/v1/certificates/{serial}/file").ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        // The short address, typed from the paper (in any case), shows the same page; an unknown one a page saying so.
        var typed = await anonymous.GetAsync($"/v/{serial.ToLowerInvariant()}");
        var forged = await anonymous.GetAsync("/v/ZJ2026-0000000000ZZ");
        Assert.Multiple(async () =>
        {
            Assert.That((typed.StatusCode, typed.Content.Headers.ContentType!.MediaType), Is.EqualTo((HttpStatusCode.OK, "text/html")));
            Assert.That(await typed.Content.ReadAsStringAsync(), Does.Contain("证明有效").And.Contain("张*").And.Not.Contain("张三丰"));
            Assert.That((forged.StatusCode, forged.Content.Headers.ContentType!.MediaType), Is.EqualTo((HttpStatusCode.NotFound, "text/html")));
            Assert.That(await forged.Content.ReadAsStringAsync(), Does.Contain("未找到编号为 ZJ2026-0000000000ZZ 的志愿服务证明"));
        });

        // A flag revoked: a new certificate with the new figures, and the old one no longer stands.
        var flag = (await member.GetAsync("/api/v1/me/flags?year=2026").ReadJsonAsync(HttpStatusCode.OK))["entries"]!.AsArray()
            .First(e => e!["taskId"]?.GetValue<string>() == first)!.Id();
        var city1 = await Factory.CityAdminAsync();
        await city1.PostJsonAsync($"/api/v1/flags/{flag}/revoke", new { reason = "重复录入" }).ReadAsync<FlagEntryDto>(HttpStatusCode.OK);
        var reissued = await member.PostJsonAsync("/api/v1/me/certificates", new { year = 2026 }).ReadAsync<CertificateDto>(HttpStatusCode.Created);
        var old = await anonymous.GetAsync($"/api/v1/certificates/{serial}/verify").ReadAsync<CertificateVerificationDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(reissued.Serial, Is.Not.EqualTo(serial));
            Assert.That((reissued.Services, reissued.Hours, reissued.Flags), Is.EqualTo((1, 1.5m, 3)));
            Assert.That(old.Valid, Is.False);
        });
    }

    [Test]
    public async Task OnlyTheMemberAndThoseWhoSeeHisDataDownloadItAndTheYearMustBeReal()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("cert-own-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var (stranger, _, _) = await Factory.ApprovedMemberAsync(Unique("cert-other-"), city.CommunityB, city.BlockB1, city.OtherWorkUnit);
        var issued = await member.PostJsonAsync("/api/v1/me/certificates", new { year = 2026 }).ReadAsync<CertificateDto>(HttpStatusCode.Created);
        var url = issued.Url;
        Assert.Multiple(async () =>
        {
            Assert.That((await stranger.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((await admin.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "his community prints it for him");
            Assert.That(issued.Services, Is.Zero);
        });
        await member.PostJsonAsync("/api/v1/me/certificates", new { year = 2027 }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await member.PostJsonAsync("/api/v1/me/certificates", new { }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var resident = await Factory.LoginAsync(Unique("cert-resident-"));
        await resident.PostJsonAsync("/api/v1/me/certificates", new { year = 2026 }).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task SixTapsAtOnceIssueOneCertificate()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("cert-taps-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await ServeAsync(member, hours: 2, flags: 1);
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => member.PostJsonAsync("/api/v1/me/certificates", new { year = 2026 }).ReadJsonAsync(HttpStatusCode.Created)));
        Assert.That(answers.Select(a => a["serial"]!.GetValue<string>()).Distinct().Count(), Is.EqualTo(1), "one serial for one set of figures");
    }

    /// <summary>A task served and confirmed; returns the task.</summary>
    [Test]
    public async Task ARangeOfYearsListsEveryServiceOverPagesWithTheStarAndBadRangesAreRefused()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("cert-range-"), city.CommunityA, city.BlockA1, city.WorkUnit, name: "李四");
        clock.Set(TestClock.Shanghai(2026, 5, 6, 9));
        for (var i = 0; i < 12; i++)
        {
            await admin.PostJsonAsync($"/api/v1/members/{memberId}/service-records",
                new { category = "CommunityActivity", title = $"防汛值班{i + 1}", servedAt = TestClock.Shanghai(2026, 4, 1 + i, 20), hours = 10, content = "夜间巡查", flags = 1 })
                .ReadJsonAsync(HttpStatusCode.Created);
        }

        var issued = await member.PostJsonAsync("/api/v1/me/certificates", new { fromYear = 2025, toYear = 2026 }).ReadAsync<CertificateDto>(HttpStatusCode.Created);
        Assert.Multiple(() =>
        {
            Assert.That((issued.FromYear, issued.Year), Is.EqualTo((2025, 2026)));
            Assert.That(issued.Services, Is.EqualTo(12));
            Assert.That(issued.StarName, Is.EqualTo("一星级志愿者"), "120 hours");
        });
        using (var pdf = PdfDocument.Open(await (await member.GetAsync(issued.Url)).Content.ReadAsByteArrayAsync()))
        {
            var text = string.Concat(pdf.GetPages().Select(p => p.Text)).Replace(" ", "");
            Assert.Multiple(() =>
            {
                Assert.That(pdf.NumberOfPages, Is.EqualTo(2), "the list continues on a second page");
                Assert.That(text, Does.Contain("2025—2026年"));
                Assert.That(text, Does.Contain("一星级志愿者"));
                Assert.That(text, Does.Contain("防汛值班12"));
                Assert.That(text, Does.Contain("第2页/共2页"));
            });
        }

        await member.PostJsonAsync("/api/v1/me/certificates", new { year = 2026, fromYear = 2025 }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await member.PostJsonAsync("/api/v1/me/certificates", new { fromYear = 2026, toYear = 2025 }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await member.PostJsonAsync("/api/v1/me/certificates", new { fromYear = 2026 }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await member.PostJsonAsync("/api/v1/me/certificates", new { fromYear = 2019, toYear = 2026 }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Test]
    public async Task TheIdDocumentHeGivesIsPrintedAndVerifiedMaskedAndItsWholeNumberKeptNowhere()
    {
        const string number = "11010519491231002X";
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("cert-id-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await ServeAsync(member, hours: 2, flags: 1);
        var plain = await member.PostJsonAsync("/api/v1/me/certificates", new { year = 2026 }).ReadAsync<CertificateDto>(HttpStatusCode.Created);
        var named = await member.PostJsonAsync("/api/v1/me/certificates", new { year = 2026, idType = "ResidentIdCard", idNumber = number })
            .ReadAsync<CertificateDto>(HttpStatusCode.Created);
        var again = await member.PostJsonAsync("/api/v1/me/certificates", new { year = 2026 }).ReadAsync<CertificateDto>(HttpStatusCode.Created);
        var verified = await Factory.CreateClient().GetAsync($"/api/v1/certificates/{named.Serial}/verify").ReadAsync<CertificateVerificationDto>(HttpStatusCode.OK);
        var page = await (await Factory.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/certificates/{named.Serial}/verify")
        {
            Headers = { { "Accept", "text/html" } },
        })).Content.ReadAsStringAsync();
        using var pdf = PdfDocument.Open(await (await member.GetAsync(named.Url)).Content.ReadAsByteArrayAsync());
        var text = string.Concat(pdf.GetPages().Select(p => p.Text)).Replace(" ", "");
        Assert.Multiple(async () =>
        {
            Assert.That((plain.IdType, plain.IdNumber), Is.EqualTo(("", "")));
            Assert.That((named.IdType, named.IdNumber), Is.EqualTo(("居民身份证", "110***********002X")));
            Assert.That(named.Serial, Is.Not.EqualTo(plain.Serial), "the document asked for makes a new certificate");
            Assert.That(again.Serial, Is.EqualTo(named.Serial), "asked again without one: the same");
            Assert.That((verified.IdType, verified.IdNumber), Is.EqualTo(("居民身份证", "110***********002X")));
            Assert.That(page, Does.Contain("居民身份证 110***********002X"));
            Assert.That(text, Does.Contain("居民身份证/110***********002X"));
            Assert.That(text, Does.Not.Contain("19491231"));
            Assert.That(await DatabaseHoldsAsync(number), Is.False, "only the masked number is kept");
        });

        var wrong = await member.PostJsonAsync("/api/v1/me/certificates", new { year = 2026, idType = "ResidentIdCard", idNumber = "110105194912310021" })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await member.PostJsonAsync("/api/v1/me/certificates", new { year = 2026, idNumber = number }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await member.PostJsonAsync("/api/v1/me/certificates", new { year = 2026, idType = "Passport" }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await member.PostJsonAsync("/api/v1/me/certificates", new { year = 2026, idType = "DriverLicence", idNumber = "x" }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(wrong.Errors["idNumber"], Is.EqualTo(new[] { IdDocument.Invalid }));
    }

    private async Task<bool> DatabaseHoldsAsync(string text)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        return await db.Certificates.AnyAsync(c => c.IdNumberMasked.Contains(text) || c.Name.Contains(text)) ||
               await db.AuditEntries.AnyAsync(a => (a.Before != null && a.Before.Contains(text)) || (a.After != null && a.After.Contains(text)));
    }

    private async Task<string> ServeAsync(HttpClient member, decimal hours, int flags)
    {
        clock.Set(TestClock.Shanghai(2026, 5, 6, 9));
        var start = clock.GetUtcNow().AddHours(1);
        var task = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, start, flags: flags))).Id;
        var claim = (await member.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
        clock.Set(TestClock.Shanghai(2026, 5, 6, 13));
        await member.PostJsonAsync($"/api/v1/claims/{claim}/record",
            new { servedAt = start, hours, content = "服务", place = "南门", photoUrls = Array.Empty<string>() }).ReadJsonAsync(HttpStatusCode.OK);
        await admin.PostJsonAsync($"/api/v1/claims/{claim}/confirm", new { }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        return task;
    }
}
