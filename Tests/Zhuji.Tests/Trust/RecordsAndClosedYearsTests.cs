using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Flags;
using Zhuji.Api.Features.Members;
using Zhuji.Api.Features.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Jobs;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Trust;

/// <summary>Every flag stands on a record of service, and closed years stay closed.</summary>
public class RecordsAndClosedYearsTests() : CityApiTest(TestClock.Shanghai(2026, 5, 10, 9))
{
    [Test]
    public async Task AClaimIsNotConfirmedBeforeTheStartNorWithoutARecord()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("norec-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var task = await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2026, 5, 10, 14), flags: 3));
        var claim = await member.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);

        var early = await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { record = Attendance(TestClock.Shanghai(2026, 5, 10, 14, 30)) })
            .ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.That(early.Title, Does.Contain("尚未开始"));

        Clock.Set(TestClock.Shanghai(2026, 5, 10, 18));
        var bare = await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.That(bare.Title, Does.Contain("纪实"));
        var flags = await member.GetAsync("/api/v1/me/flags?year=2026").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        Assert.That(flags.Total, Is.Zero);

        // Attendance taken on site for a member without a phone stands as the record.
        var confirmed = await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { record = Attendance(TestClock.Shanghai(2026, 5, 10, 14, 30)) })
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(confirmed["status"]!.GetValue<string>(), Is.EqualTo("Confirmed"));
            Assert.That(confirmed["record"]!["content"]!.GetValue<string>(), Is.EqualTo("现场签到"));
        });
        flags = await member.GetAsync("/api/v1/me/flags?year=2026").ReadAsync<MyFlagsResponse>(HttpStatusCode.OK);
        Assert.That(flags.Total, Is.EqualTo(3));
    }

    [Test]
    public async Task ARejectedRecordIsRecordedAgainAndThenConfirmed()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("again-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var task = await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2026, 5, 10, 14)));
        var claim = await member.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        Clock.Set(TestClock.Shanghai(2026, 5, 10, 18));
        await member.PostJsonAsync($"/api/v1/claims/{claim.Id}/record", Record(TestClock.Shanghai(2026, 5, 10, 15), "发了传单")).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claim.Id}/reject", new { reason = "请补充服务内容和照片" }).ReadAsync<ClaimDto>(HttpStatusCode.OK);

        Clock.Set(TestClock.Shanghai(2026, 5, 20, 9));
        var again = await member.PostJsonAsync($"/api/v1/claims/{claim.Id}/record", Record(TestClock.Shanghai(2026, 5, 10, 15), "在南门发放反诈传单 200 份，讲解 30 人次"))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(again["status"]!.GetValue<string>(), Is.EqualTo("Submitted"));
            Assert.That(again["rejectReason"], Is.Null);
        });
        await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claim.Id}/confirm", new { }).ReadAsync<ClaimDto>(HttpStatusCode.OK);

        // Thirty days after the end, a refused record can no longer be given again.
        var late = await member.ClaimAsync((await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2026, 5, 21, 9)))).Id)
            .ReadJsonAsync(HttpStatusCode.Created);
        Clock.Set(TestClock.Shanghai(2026, 5, 21, 13));
        await member.PostJsonAsync($"/api/v1/claims/{late.Id()}/record", Record(TestClock.Shanghai(2026, 5, 21, 10), "x")).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{late.Id()}/reject", new { reason = "请补充" }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        Clock.Set(TestClock.Shanghai(2026, 6, 21, 13));
        await member.PostJsonAsync($"/api/v1/claims/{late.Id()}/record", Record(TestClock.Shanghai(2026, 5, 21, 10), "y")).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
    }

    [Test]
    public async Task AClosedYearRefusesNewFlagsUnlessTheCityCorrectsItWithAReason()
    {
        Clock.Set(TestClock.Shanghai(2025, 3, 1, 9));
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("closed-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        Clock.Set(TestClock.Shanghai(2025, 12, 1, 9));
        await CommunityAdmin.PostJsonAsync($"/api/v1/members/{memberId}/service-records", Service(TestClock.Shanghai(2025, 11, 20, 9), 2)).ReadAsync<EnterServiceResponse>(HttpStatusCode.Created);

        // 15 January 2026: the scheduled annual check of 2025 completes and closes the year.
        Clock.Set(TestClock.Shanghai(2026, 1, 15, 2));
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AnnualComplianceJob>().RunPreviousYearAsync(CancellationToken.None);
        }

        Clock.Set(TestClock.Shanghai(2026, 3, 1, 9));
        foreach (var servedAt in new[] { new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero), TestClock.Shanghai(2016, 6, 1), TestClock.Shanghai(2025, 12, 20, 9) })
        {
            await CommunityAdmin.PostJsonAsync($"/api/v1/members/{memberId}/service-records", Service(servedAt, 3)).ReadProblemAsync(HttpStatusCode.Conflict, "period_closed");
        }

        var cityAdmin = await Factory.CityAdminAsync();
        await cityAdmin.PostJsonAsync($"/api/v1/members/{memberId}/service-records", Service(TestClock.Shanghai(2025, 12, 20, 9), 3)).ReadProblemAsync(HttpStatusCode.Conflict, "period_closed");
        var entryIn2025 = (await member.GetAsync("/api/v1/me/flags?year=2025").ReadJsonAsync(HttpStatusCode.OK))["entries"]![0]!.Id();
        await CommunityAdmin.PostJsonAsync($"/api/v1/flags/{entryIn2025}/revoke", new { reason = "重复" }).ReadProblemAsync(HttpStatusCode.Conflict, "period_closed");

        // The City corrects 2025 with a reason: the flag is added, audited, and 2025's check run again.
        await cityAdmin.PostJsonAsync($"/api/v1/members/{memberId}/service-records", Service(TestClock.Shanghai(2025, 12, 20, 9), 3, reason: "年底值班漏录，经社区核实补录"))
            .ReadJsonAsync(HttpStatusCode.Created);
        await using var check = Factory.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var result = await db.ComplianceResults.AsNoTracking().SingleAsync(r => r.Year == 2025 && r.MemberId == long.Parse(memberId));
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.Action == "ClosedYearCorrected" && a.EntityId == "2025").ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(result.Flags, Is.EqualTo(5), "2 then 3 more by the correction");
            Assert.That(result.Status.ToString(), Is.EqualTo("Compliant"));
            Assert.That(audit, Has.Count.EqualTo(1));
            Assert.That(audit[0].After, Does.Contain("年底值班漏录"));
        });

        // This year stays open to the community.
        await CommunityAdmin.PostJsonAsync($"/api/v1/members/{memberId}/service-records", Service(TestClock.Shanghai(2026, 2, 20, 9), 1)).ReadAsync<EnterServiceResponse>(HttpStatusCode.Created);
    }

    private static object Attendance(DateTimeOffset servedAt) => new { servedAt, hours = 2, content = "现场签到", place = "小区南门" };

    private static object Record(DateTimeOffset servedAt, string content) => new { servedAt, hours = 2, content, place = "小区南门", photoUrls = Array.Empty<string>() };

    private static Dictionary<string, object?> Service(DateTimeOffset servedAt, int flags, string? reason = null) => new()
    {
        ["category"] = "CommunityActivity",
        ["title"] = "社区值班",
        ["servedAt"] = servedAt,
        ["hours"] = 2,
        ["content"] = "值班",
        ["flags"] = flags,
        ["reason"] = reason,
    };
}
