using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.CheckIn;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Http;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>
/// 未到岗 and late cancellations make a member's reliability, which the confirming admin sees and which never moves a
/// flag; check-out stays open 2 hours after the end, the hours counted to the end.
/// </summary>
public class ReliabilityTests() : CityApiTest(Morning)
{
    private static readonly DateTimeOffset Morning = TestClock.Shanghai(2026, 4, 14, 7);
    private static readonly DateTimeOffset Start = TestClock.Shanghai(2026, 4, 14, 10);

    [Test]
    public async Task AnAdminMarksANoShowAfterTheStartOnlyAndItCountsWithoutTouchingFlags()
    {
        var task = await PublishAsync();
        var (member, memberId, claim) = await ClaimAsync(task);
        await CommunityAdmin.PostAsync($"/api/v1/claims/{claim}/no-show", null).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        await member.PostAsync($"/api/v1/claims/{claim}/no-show", null).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        Clock.Set(Start.AddHours(1));
        var marked = await CommunityAdmin.PostAsync($"/api/v1/claims/{claim}/no-show", null).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        await CommunityAdmin.PostAsync($"/api/v1/claims/{claim}/no-show", null).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        await CommunityAdmin.PostAsync("/api/v1/claims/999999999/no-show", null).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        var reliability = await member.GetAsync("/api/v1/me/reliability").ReadAsync<ReliabilityDto>(HttpStatusCode.OK);
        // He cannot write a record for a place he did not come to.
        await member.PostJsonAsync($"/api/v1/claims/{claim}/record", new { servedAt = Start.AddMinutes(10), hours = 2, content = "宣传", place = "南门" })
            .ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        Assert.Multiple(async () =>
        {
            Assert.That(marked.Status, Is.EqualTo(ClaimStatus.NoShow));
            Assert.That((reliability.Claims, reliability.Served, reliability.NoShows, reliability.CancelledLate), Is.EqualTo((1, 0, 1, 0)));
            Assert.That(await db.FlagEntries.CountAsync(f => f.MemberId == long.Parse(memberId)), Is.Zero, "a no-show never changes flags");
            Assert.That(await db.AuditEntries.CountAsync(a => a.Action == "ClaimNoShow" && a.EntityId == claim), Is.EqualTo(1));
        });

        // The admin was wrong: he takes the attendance, and the claim is confirmed as any other.
        var confirmed = await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claim}/confirm",
            new { record = new { servedAt = Start.AddMinutes(5), hours = 2, content = "补录：现场签到表", place = "小区南门" } }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        Assert.That(confirmed.Status, Is.EqualTo(ClaimStatus.Confirmed));
        await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{claim}/confirm", new { }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
    }

    [Test]
    public async Task AClaimCheckedInOrRecordedIsNotANoShow()
    {
        var task = await PublishAsync();
        var (member, _, claim) = await ClaimAsync(task);
        Clock.Set(Start.AddMinutes(-10));
        var code = (await CommunityAdmin.GetAsync($"/api/v1/tasks/{task}/checkin-code").ReadJsonAsync(HttpStatusCode.OK))["code"]!.GetValue<string>();
        await member.PostJsonAsync($"/api/v1/claims/{claim}/check-in", new { code }).ExpectAsync(HttpStatusCode.OK);
        Clock.Set(Start.AddHours(1));
        var problem = await CommunityAdmin.PostAsync($"/api/v1/claims/{claim}/no-show", null).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.That(problem.Title, Is.EqualTo(Claim.NoShowAfterRecord));
    }

    [Test]
    public async Task LettingGoWithinTwoHoursOfTheStartCountsAsLateAndTheConfirmingAdminSeesIt()
    {
        var (member, _, early) = await ClaimAsync(await PublishAsync());
        var late = await ClaimOnAsync(member, await PublishAsync());
        var kept = await ClaimOnAsync(member, await PublishAsync());

        Clock.Set(Start.AddHours(-3));
        await member.DeleteAsync($"/api/v1/claims/{early}").ExpectAsync(HttpStatusCode.NoContent);
        Clock.Set(Start.AddHours(-1));
        await member.DeleteAsync($"/api/v1/claims/{late}").ExpectAsync(HttpStatusCode.NoContent);

        Clock.Set(Start.AddHours(4));
        await member.PostJsonAsync($"/api/v1/claims/{kept}/record", new { servedAt = Start.AddMinutes(10), hours = 2, content = "宣传", place = "南门" })
            .ExpectAsync(HttpStatusCode.OK);
        var mine = await member.GetAsync("/api/v1/me/reliability").ReadAsync<ReliabilityDto>(HttpStatusCode.OK);
        var queue = await CommunityAdmin.GetAsync("/api/v1/claims?status=Submitted&limit=100").ReadAsync<Page<ClaimQueueItemDto>>(HttpStatusCode.OK);
        var seen = queue.Items.Single(i => i.Id == kept).Reliability!;
        Assert.Multiple(() =>
        {
            Assert.That((mine.Claims, mine.Served, mine.NoShows, mine.CancelledLate), Is.EqualTo((2, 0, 0, 1)), "the early let-go is not counted");
            Assert.That(seen.Summary, Is.EqualTo("认领 2 次，完成 0 次，未到岗 0 次，临近取消 1 次"));
            Assert.That(seen.Doubtful, Is.False);
        });
    }

    [Test]
    public async Task CheckOutStaysOpenTwoHoursAfterTheEndWithTheHoursCountedToTheEnd()
    {
        var task = await PublishAsync();
        var (member, _, claim) = await ClaimAsync(task);
        var (other, _, otherClaim) = await ClaimAsync(task);
        Clock.Set(Start);
        var code = await CodeAsync(task);
        await member.PostJsonAsync($"/api/v1/claims/{claim}/check-in", new { code }).ExpectAsync(HttpStatusCode.OK);
        await other.PostJsonAsync($"/api/v1/claims/{otherClaim}/check-in", new { code }).ExpectAsync(HttpStatusCode.OK);

        Clock.Set(Start.AddHours(3).AddMinutes(90));
        var late = await member.PostJsonAsync($"/api/v1/claims/{claim}/check-out", new { code = await CodeAsync(task) }).ReadAsync<CheckedOutDto>(HttpStatusCode.OK);
        Assert.That((late.Hours, late.LateCheckOut), Is.EqualTo((3m, true)), "to the end, not to the check-out");

        Clock.Set(Start.AddHours(5).AddMinutes(1));
        var closed = await other.PostJsonAsync($"/api/v1/claims/{otherClaim}/check-out", new { code = await CodeAsync(task) })
            .ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        var claims = await CommunityAdmin.GetAsync($"/api/v1/tasks/{task}/claims").ReadAsync<Page<TaskClaimDto>>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(closed.Title, Is.EqualTo(Attendance.CheckOutClosed));
            Assert.That(claims.Items.Single(c => c.Id == claim).Attendance!.LateCheckOut, Is.True);
            Assert.That(claims.Items.Single(c => c.Id == otherClaim).Attendance!.CheckedOutAt, Is.Null);
        });
    }

    private async Task<string> PublishAsync()
    {
        var at = Clock.GetUtcNow();
        Clock.Set(Morning.AddDays(-1));
        var id = (await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, Start))).Id;
        Clock.Set(at);
        return id;
    }

    private async Task<(HttpClient Member, string MemberId, string Claim)> ClaimAsync(string task)
    {
        var at = Clock.GetUtcNow();
        Clock.Set(Morning.AddDays(-1));
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("rel-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        Clock.Set(at);
        return (member, memberId, await ClaimOnAsync(member, task));
    }

    private async Task<string> ClaimOnAsync(HttpClient member, string task)
    {
        var at = Clock.GetUtcNow();
        Clock.Set(Morning.AddDays(-1));
        var claim = (await member.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
        Clock.Set(at);
        return claim;
    }

    private async Task<string> CodeAsync(string task) =>
        (await CommunityAdmin.GetAsync($"/api/v1/tasks/{task}/checkin-code").ReadJsonAsync(HttpStatusCode.OK))["code"]!.GetValue<string>();
}
