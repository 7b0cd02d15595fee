using System.Net;
using Zhuji.Api.Features.CheckIn;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Http;
using Zhuji.Domain.Tasks;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>
/// 线下检验 over HTTP: the organiser's rotating code, check-in and check-out inside the window and the geofence,
/// hours into the record, confirmation of tasks that require check-in, and a long day held for review.
/// </summary>
public class CheckInTests() : CityApiTest(Morning)
{
    private static readonly DateTimeOffset Morning = TestClock.Shanghai(2026, 3, 10, 9);
    private static readonly DateTimeOffset Start = TestClock.Shanghai(2026, 3, 10, 10);

    [Test]
    public async Task TheCodeOfThisMinuteAndItsNeighboursIsAcceptedAndAnOlderOrForeignOneIsNot()
    {
        var task = await PublishAsync(Start);
        var other = await PublishAsync(Start);
        var (m1, c1) = await ClaimAsync(task);
        var (m2, c2) = await ClaimAsync(task);
        var (m3, c3) = await ClaimAsync(task);

        Clock.Set(Start.AddMinutes(-20));
        var shown = await CommunityAdmin.GetAsync($"/api/v1/tasks/{task}/checkin-code").ReadAsync<CheckInCodeDto>(HttpStatusCode.OK);
        var code = shown.Code;
        Assert.Multiple(() =>
        {
            Assert.That(code, Does.Match("^[0-9]{6}$"));
            Assert.That(shown.ExpiresAt, Is.GreaterThan(Clock.GetUtcNow().UtcDateTime).And.LessThanOrEqualTo(Clock.GetUtcNow().UtcDateTime.AddSeconds(60)));
            Assert.That(shown.QrText, Is.EqualTo($"zhuji-checkin:{task}:{code}"));
        });

        Clock.Advance(TimeSpan.FromSeconds(60));
        var checkedIn = await m1.PostJsonAsync($"/api/v1/claims/{c1}/check-in", new { code }).ReadAsync<CheckedInDto>(HttpStatusCode.OK);
        Assert.That(checkedIn.CheckedInAt, Is.EqualTo(Clock.GetUtcNow().UtcDateTime), "a screen one minute behind is fine");

        Clock.Advance(TimeSpan.FromSeconds(60));
        await m2.PostJsonAsync($"/api/v1/claims/{c2}/check-in", new { code }).ReadProblemAsync(HttpStatusCode.BadRequest, "checkin_code_invalid");

        var next = (await CommunityAdmin.GetAsync($"/api/v1/tasks/{task}/checkin-code").ReadAsync<CheckInCodeDto>(HttpStatusCode.OK)).QrText;
        Clock.Advance(TimeSpan.FromSeconds(-60));
        await m2.PostJsonAsync($"/api/v1/claims/{c2}/check-in", new { code = next }).ReadAsync<CheckedInDto>(HttpStatusCode.OK);

        var foreign = (await CommunityAdmin.GetAsync($"/api/v1/tasks/{other}/checkin-code").ReadAsync<CheckInCodeDto>(HttpStatusCode.OK)).Code;
        await m3.PostJsonAsync($"/api/v1/claims/{c3}/check-in", new { code = foreign }).ReadProblemAsync(HttpStatusCode.BadRequest, "checkin_code_invalid");
        await m3.PostJsonAsync($"/api/v1/claims/{c3}/check-in", new { code = $"zhuji-checkin:{other}:{foreign}" }).ReadProblemAsync(HttpStatusCode.BadRequest, "checkin_code_invalid");
        await m3.PostJsonAsync($"/api/v1/claims/{c3}/check-in", new { code = "" }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var now = await CodeAsync(task);
        await m1.PostJsonAsync($"/api/v1/claims/{c1}/check-in", new { code = now }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        await m3.PostJsonAsync($"/api/v1/claims/{c1}/check-in", new { code = now }).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        var mine = await MyClaimAsync(m3, c3);
        Assert.That(mine.Attendance, Is.Null, "refused attempts changed nothing");
    }

    [Test]
    public async Task OnlyTheTasksAdminsSeeTheCodeAndItsQr()
    {
        var task = await PublishAsync(Start);
        var (member, _) = await ClaimAsync(task);
        var otherAdmin = await TestCity.AdminAsync(Factory, Unique("ci-b-"), "CommunityAdmin", City.CommunityB);
        await member.GetAsync($"/api/v1/tasks/{task}/checkin-code").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await otherAdmin.GetAsync($"/api/v1/tasks/{task}/checkin-code.png").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var png = await CommunityAdmin.GetAsync($"/api/v1/tasks/{task}/checkin-code.png");
        Assert.That(png.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.Multiple(async () =>
        {
            Assert.That(png.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/png"));
            Assert.That(png.Headers.CacheControl!.NoStore, Is.True);
            Assert.That((await png.Content.ReadAsByteArrayAsync())[..8], Is.EqualTo(FakeWeChatServer.PngSignature[..8]));
        });
    }

    [Test]
    public async Task CheckInOpensHalfAnHourBeforeTheStartAndClosesAtTheEndWhileCheckOutStaysOpenLonger()
    {
        var task = await PublishAsync(Start);
        var (early, earlyClaim) = await ClaimAsync(task);
        var (late, lateClaim) = await ClaimAsync(task);

        Clock.Set(Start.AddMinutes(-31));
        var problem = await early.PostJsonAsync($"/api/v1/claims/{earlyClaim}/check-in", new { code = await CodeAsync(task) })
            .ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.That(problem.Title, Does.Contain("30 分钟"));
        Clock.Set(Start.AddMinutes(-30));
        await early.PostJsonAsync($"/api/v1/claims/{earlyClaim}/check-in", new { code = await CodeAsync(task) }).ReadAsync<CheckedInDto>(HttpStatusCode.OK);

        Clock.Set(Start.AddHours(3).AddSeconds(1));
        await late.PostJsonAsync($"/api/v1/claims/{lateClaim}/check-in", new { code = await CodeAsync(task) }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        // Check-out stays open 2 hours after the end (counted to the end); one who never checked in cannot check out.
        var after = await early.PostJsonAsync($"/api/v1/claims/{earlyClaim}/check-out", new { code = await CodeAsync(task) }).ReadAsync<CheckedOutDto>(HttpStatusCode.OK);
        Assert.That((after.Hours, after.LateCheckOut), Is.EqualTo((3m, true)));
        await late.PostJsonAsync($"/api/v1/claims/{lateClaim}/check-out", new { code = await CodeAsync(task) }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
    }

    [Test]
    public async Task ACheckOutSecondsAfterTheCheckInIsRefusedAndRecordsNothing()
    {
        var task = await PublishAsync(Start);
        var (member, claim) = await ClaimAsync(task);
        Clock.Set(Start.AddMinutes(5));
        await member.PostJsonAsync($"/api/v1/claims/{claim}/check-in", new { code = await CodeAsync(task) }).ReadAsync<CheckedInDto>(HttpStatusCode.OK);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var refused = await member.PostJsonAsync($"/api/v1/claims/{claim}/check-out", new { code = await CodeAsync(task) })
            .ReadProblemAsync(HttpStatusCode.Conflict, "service_too_short");
        Assert.That(refused.Title, Is.EqualTo("签到后满 10 分钟才能签退"));
        var mine = await MyClaimAsync(member, claim);
        Assert.That((mine.Status, mine.Attendance!.CheckedOutAt), Is.EqualTo((ClaimStatus.Claimed, (DateTime?)null)),
            "no record, nothing to confirm");

        Clock.Advance(TimeSpan.FromMinutes(10));
        await member.PostJsonAsync($"/api/v1/claims/{claim}/check-out", new { code = await CodeAsync(task) }).ReadAsync<CheckedOutDto>(HttpStatusCode.OK);
    }

    [Test]
    public async Task HoursRunFromCheckInToCheckOutInsideTheWindowRoundedDownAndTheRecordCarriesThem()
    {
        var task = await PublishAsync(Start);
        var (member, claim) = await ClaimAsync(task);
        Clock.Set(Start.AddMinutes(-10));
        await member.PostJsonAsync($"/api/v1/claims/{claim}/check-in", new { code = await CodeAsync(task) }).ReadAsync<CheckedInDto>(HttpStatusCode.OK);
        await member.PostJsonAsync($"/api/v1/claims/{claim}/check-in", new { code = await CodeAsync(task) }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");

        Clock.Set(Start.AddMinutes(100));
        var code = await CodeAsync(task);
        var checkedOut = await member.PostJsonAsync($"/api/v1/claims/{claim}/check-out", new { code }).ReadAsync<CheckedOutDto>(HttpStatusCode.OK);
        await member.PostJsonAsync($"/api/v1/claims/{claim}/check-out", new { code }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.Multiple(() =>
        {
            Assert.That(checkedOut.Hours, Is.EqualTo(1.5m), "10:00 (not 09:50) to 11:40, down to the half hour");
            Assert.That(checkedOut.NeedsReview, Is.False);
        });

        var mine = await MyClaimAsync(member, claim);
        Assert.Multiple(() =>
        {
            Assert.That(mine.Status, Is.EqualTo(ClaimStatus.Submitted), "check-out puts it in the confirmation queue");
            Assert.That(mine.Record!.Hours, Is.EqualTo(1.5m));
            Assert.That(mine.Attendance!.CheckedInAt, Is.EqualTo(Start.AddMinutes(-10).UtcDateTime));
            Assert.That(mine.Attendance.CheckedOutAt, Is.EqualTo(Start.AddMinutes(100).UtcDateTime));
        });

        var recorded = await member.PostJsonAsync($"/api/v1/claims/{claim}/record",
            new { servedAt = Start, hours = 6, content = "维持秩序", place = "南门", photoUrls = Array.Empty<string>() }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        Assert.That(recorded.Record!.Hours, Is.EqualTo(1.5m), "the phone cannot claim more than was measured");
    }

    [Test]
    public async Task AGeofenceHoldsAtItsEdgeAndRequiresThePhonesPosition()
    {
        var body = TaskHelpers.Body("Community", City.CommunityA, Start);
        body["geofence"] = new { latitude = 29.7136, longitude = 120.2420, radiusMeters = 200 };
        var published = await CommunityAdmin.PublishAsync(body);
        Assert.That(published.Geofence!.RadiusMeters, Is.EqualTo(200));
        var task = published.Id;
        var (outside, c1) = await ClaimAsync(task);
        var (noGps, c2) = await ClaimAsync(task);
        await outside.ConsentToLocationAsync();
        await noGps.ConsentToLocationAsync();

        Clock.Set(Start);
        var code = await CodeAsync(task);
        var refused = await outside.PostJsonAsync($"/api/v1/claims/{c1}/check-in", new { code, latitude = 29.7136 + 0.00181, longitude = 120.2420 })
            .ReadProblemAsync(HttpStatusCode.Conflict, "outside_geofence");
        Assert.That(refused.Title, Does.Contain("201 米"));
        await outside.PostJsonAsync($"/api/v1/claims/{c1}/check-in", new { code, latitude = 29.7136 + 0.00179, longitude = 120.2420 }).ReadAsync<CheckedInDto>(HttpStatusCode.OK);
        var noPosition = await noGps.PostJsonAsync($"/api/v1/claims/{c2}/check-in", new { code }).ReadProblemAsync(HttpStatusCode.BadRequest, "location_required");
        Assert.That(noPosition.Title, Does.Contain("位置"));
        Assert.That((await MyClaimAsync(noGps, c2)).Attendance, Is.Null, "a current code without a position checks nobody in");
        await noGps.PostJsonAsync($"/api/v1/claims/{c2}/check-in", new { code, latitude = 29.7136, longitude = 120.2420 }).ReadAsync<CheckedInDto>(HttpStatusCode.OK);
        await noGps.PostJsonAsync($"/api/v1/claims/{c2}/check-out", new { code, latitude = 91, longitude = 0 }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        var bad = TaskHelpers.Body("Community", City.CommunityA, Start.AddDays(1));
        bad["geofence"] = new { latitude = 29.7, longitude = 120.2, radiusMeters = 5 };
        var problem = await CommunityAdmin.PostJsonAsync("/api/v1/tasks", bad).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem.Errors.Keys, Does.Contain("geofence"));
    }

    [Test]
    public async Task ATaskThatRequiresCheckInIsConfirmedOnlyAfterCheckOutOrOnTheAdminsAttendance()
    {
        var body = TaskHelpers.Body("Community", City.CommunityA, Start);
        body["checkInRequired"] = true;
        var published = await CommunityAdmin.PublishAsync(body);
        Assert.That(published.CheckInRequired, Is.True);
        var task = published.Id;
        var (typed, typedClaim) = await ClaimAsync(task);
        var (onSite, onSiteClaim) = await ClaimAsync(task);
        var (_, noPhoneClaim) = await ClaimAsync(task);

        Clock.Set(Start.AddMinutes(5));
        await onSite.PostJsonAsync($"/api/v1/claims/{onSiteClaim}/check-in", new { code = await CodeAsync(task) }).ReadAsync<CheckedInDto>(HttpStatusCode.OK);
        Clock.Set(Start.AddHours(2));
        await typed.PostJsonAsync($"/api/v1/claims/{typedClaim}/record",
            new { servedAt = Start, hours = 2, content = "维持秩序", place = "南门", photoUrls = Array.Empty<string>() }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        await onSite.PostJsonAsync($"/api/v1/claims/{onSiteClaim}/check-out", new { code = await CodeAsync(task) }).ReadAsync<CheckedOutDto>(HttpStatusCode.OK);

        var queue = await CommunityAdmin.GetAsync($"/api/v1/claims?taskId={task}").ReadAsync<Page<ClaimQueueItemDto>>(HttpStatusCode.OK);
        var row = queue.Items.Single(i => i.Id == onSiteClaim);
        Assert.Multiple(() =>
        {
            Assert.That(row.TaskCheckInRequired, Is.True);
            Assert.That(row.Attendance!.CheckedInAt, Is.EqualTo(Start.AddMinutes(5).UtcDateTime), "the queue shows check-in beside the record");
            Assert.That(row.Attendance.Hours, Is.EqualTo(1.5m));
        });

        var problem = await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{typedClaim}/confirm", new { }).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.That(problem.Title, Does.Contain("签到"));
        await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{onSiteClaim}/confirm", new { }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{noPhoneClaim}/confirm",
            new { record = new { servedAt = Start, hours = 2, content = "现场签到表", place = "南门" } }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        var typedNow = await MyClaimAsync(typed, typedClaim);
        Assert.That(typedNow.Status, Is.EqualTo(ClaimStatus.Submitted), "the refused confirmation changed nothing");
    }

    [Test]
    public async Task MoreThanEightHoursInOneDayIsHeldForReviewAndNotConfirmedInBulk()
    {
        var morning = await PublishAsync(TestClock.Shanghai(2026, 3, 11, 8), hours: 5);
        var afternoon = await PublishAsync(TestClock.Shanghai(2026, 3, 11, 14), hours: 4);
        var (member, first) = await ClaimAsync(morning);
        var second = (await member.ClaimAsync(afternoon).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;

        await OnSiteAsync(member, morning, first, TestClock.Shanghai(2026, 3, 11, 8), TestClock.Shanghai(2026, 3, 11, 13));
        var out2 = await OnSiteAsync(member, afternoon, second, TestClock.Shanghai(2026, 3, 11, 14), TestClock.Shanghai(2026, 3, 11, 18));
        Assert.That(out2.NeedsReview, Is.True, "5 + 4 hours in one day");

        var queue = await CommunityAdmin.GetAsync($"/api/v1/claims?taskId={afternoon}").ReadAsync<Page<ClaimQueueItemDto>>(HttpStatusCode.OK);
        Assert.That(queue.Items[0].Attendance!.NeedsReview, Is.True);
        var batch = await CommunityAdmin.PostJsonAsync("/api/v1/claims/confirm-batch", new { claimIds = new[] { first, second } }).ReadAsync<BatchResponse>(HttpStatusCode.OK);
        var results = batch.Items.ToDictionary(i => i.Id);
        Assert.Multiple(() =>
        {
            Assert.That(results[first].Status, Is.EqualTo("Confirmed"));
            Assert.That(results[second].Code, Is.EqualTo("invalid_state"), "a long day is confirmed one by one");
        });
        await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{second}/confirm", new { }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
    }

    private async Task<CheckedOutDto> OnSiteAsync(HttpClient member, string task, string claim, DateTimeOffset at, DateTimeOffset until)
    {
        Clock.Set(at);
        await member.PostJsonAsync($"/api/v1/claims/{claim}/check-in", new { code = await CodeAsync(task) }).ReadAsync<CheckedInDto>(HttpStatusCode.OK);
        Clock.Set(until);
        return await member.PostJsonAsync($"/api/v1/claims/{claim}/check-out", new { code = await CodeAsync(task) }).ReadAsync<CheckedOutDto>(HttpStatusCode.OK);
    }

    private async Task<string> PublishAsync(DateTimeOffset startsAt, double hours = 3)
    {
        var at = Clock.GetUtcNow();
        Clock.Set(Morning.AddDays(-1));
        var id = (await CommunityAdmin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, startsAt, hours: hours))).Id;
        Clock.Set(at);
        return id;
    }

    private async Task<(HttpClient Member, string Claim)> ClaimAsync(string task)
    {
        var at = Clock.GetUtcNow();
        Clock.Set(Morning.AddDays(-1));
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("ci-m-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var claim = (await member.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
        Clock.Set(at);
        return (member, claim);
    }

    private async Task<string> CodeAsync(string task) =>
        (await CommunityAdmin.GetAsync($"/api/v1/tasks/{task}/checkin-code").ReadAsync<CheckInCodeDto>(HttpStatusCode.OK)).Code;

    private static async Task<ClaimDto> MyClaimAsync(HttpClient member, string claim) =>
        (await member.GetAsync("/api/v1/me/claims").ReadAsync<Page<ClaimDto>>(HttpStatusCode.OK)).Items.Single(c => c.Id == claim);
}
