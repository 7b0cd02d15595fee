using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>一键抢单: never more claims than slots, under any concurrency.</summary>
public class GrabbingTests : ApiTest
{
    private TestCity city = null!;
    private HttpClient admin = null!;
    private static DateTimeOffset Tomorrow => DateTimeOffset.UtcNow.AddDays(1);

    [OneTimeSetUp]
    public async Task CreateCityAsync()
    {
        city = await TestCity.CreateAsync(Factory);
        admin = await Factory.CityAdminAsync();
    }

    [Test]
    public async Task TwoHundredMembersGrabbingTenSlotsAtOnceMakeExactlyTenClaims()
    {
        var members = await Factory.ApprovedMembersAsync(200, Unique("storm-") + "-", city.CommunityA, city.BlockA1, city.WorkUnit);
        var task = await admin.PublishAsync(TaskHelpers.Body("City", null, Tomorrow, slots: 10));

        using var start = new ManualResetEventSlim();
        var grabs = members.Select(m => Task.Run(async () =>
        {
            start.Wait();
            return await m.Client.ClaimAsync(task.Id);
        })).ToList();
        start.Set();
        var responses = await Task.WhenAll(grabs);

        var codes = new List<string>();
        foreach (var response in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            codes.Add((await response.ReadProblemAsync(HttpStatusCode.Conflict, "task_full")).Code);
        }

        var after = await admin.GetAsync($"/api/v1/tasks/{task.Id}").ReadAsync<TaskDto>(HttpStatusCode.OK);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var stored = await db.Claims.CountAsync(c => c.TaskId == long.Parse(task.Id));
        Assert.Multiple(() =>
        {
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(10));
            Assert.That(codes, Has.Count.EqualTo(190));
            Assert.That(after.ClaimedCount, Is.EqualTo(10));
            Assert.That(stored, Is.EqualTo(10));
        });
    }

    [Test]
    public async Task OneMemberTappingEightTimesAtOnceHoldsOneClaim()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("tapper-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var task = await admin.PublishAsync(TaskHelpers.Body("City", null, Tomorrow, slots: 50));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => member.ClaimAsync(task.Id))));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ReadProblemAsync(HttpStatusCode.Conflict, "already_claimed");
        }

        var after = await admin.GetAsync($"/api/v1/tasks/{task.Id}").ReadAsync<TaskDto>(HttpStatusCode.OK);
        var mine = await member.GetAsync("/api/v1/me/claims?limit=100").ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(1));
            Assert.That(after.ClaimedCount, Is.EqualTo(1));
            Assert.That(mine["items"]!.AsArray().Count(c => c!["taskId"]!.GetValue<string>() == task.Id), Is.EqualTo(1));
            Assert.That(mine["items"]![0]!["memberId"]!.GetValue<string>(), Is.EqualTo(memberId));
        });
    }

    [Test]
    public async Task ARetryWithTheSameIdempotencyKeyReturnsTheFirstClaimAndTakesNoMoreSlots()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("retry-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var task = await admin.PublishAsync(TaskHelpers.Body("City", null, Tomorrow, slots: 5));
        var other = await admin.PublishAsync(TaskHelpers.Body("City", null, Tomorrow, slots: 5));
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> Send(string taskId)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tasks/{taskId}/claims") { Content = JsonContent(new { }) };
            request.Headers.Add("Idempotency-Key", key);
            return await member.SendAsync(request);
        }

        var first = await Send(task.Id).ReadJsonAsync(HttpStatusCode.Created);
        var replays = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Send(task.Id)));
        var replayIds = new List<string>();
        foreach (var replay in replays)
        {
            replayIds.Add((await replay.ReadJsonAsync(HttpStatusCode.Created)).Id());
        }

        var after = await admin.GetAsync($"/api/v1/tasks/{task.Id}").ReadAsync<TaskDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(replayIds, Is.All.EqualTo(first.Id()));
            Assert.That(after.ClaimedCount, Is.EqualTo(1));
        });

        await Send(other.Id).ReadProblemAsync(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
    }

    [Test]
    public async Task AFullTaskAClosedTaskAndACancelledTaskRefuseClaims()
    {
        var members = await Factory.ApprovedMembersAsync(2, Unique("late-") + "-", city.CommunityA, city.BlockA1, city.WorkUnit);
        var oneSlot = await admin.PublishAsync(TaskHelpers.Body("City", null, Tomorrow, slots: 1));
        await members[0].Client.ClaimAsync(oneSlot.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        await members[1].Client.ClaimAsync(oneSlot.Id).ReadProblemAsync(HttpStatusCode.Conflict, "task_full");

        var closed = await admin.PublishAsync(TaskHelpers.Body("City", null, Tomorrow));
        await admin.PostAsync($"/api/v1/tasks/{closed.Id}/close", null).ReadAsync<TaskDto>(HttpStatusCode.OK);
        await members[0].Client.ClaimAsync(closed.Id).ReadProblemAsync(HttpStatusCode.Conflict, "claim_window_closed");
        await admin.PostAsync($"/api/v1/tasks/{closed.Id}/close", null).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");

        var cancelled = await admin.PublishAsync(TaskHelpers.Body("City", null, Tomorrow));
        await members[1].Client.ClaimAsync(cancelled.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        var after = await admin.PostJsonAsync($"/api/v1/tasks/{cancelled.Id}/cancel", new { reason = "天气原因" }).ReadAsync<TaskDto>(HttpStatusCode.OK);
        await members[0].Client.ClaimAsync(cancelled.Id).ReadProblemAsync(HttpStatusCode.Conflict, "claim_window_closed");
        var theirs = await members[1].Client.GetAsync("/api/v1/me/claims?status=Cancelled").ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(after.Status.ToString(), Is.EqualTo("Cancelled"));
            Assert.That(theirs["items"]!.AsArray().Any(c => c!["taskId"]!.GetValue<string>() == cancelled.Id), Is.True);
        });
    }

    [Test]
    public async Task LettingGoBeforeTheStartFreesTheSlotForSomeoneElse()
    {
        var members = await Factory.ApprovedMembersAsync(2, Unique("swap-") + "-", city.CommunityA, city.BlockA1, city.WorkUnit);
        var task = await admin.PublishAsync(TaskHelpers.Body("City", null, Tomorrow, slots: 1));
        var claim = await members[0].Client.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        await members[1].Client.ClaimAsync(task.Id).ReadProblemAsync(HttpStatusCode.Conflict, "task_full");

        await (await members[1].Client.DeleteAsync($"/api/v1/claims/{claim.Id}")).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.That((await members[0].Client.DeleteAsync($"/api/v1/claims/{claim.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await members[1].Client.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);

        // He let go; he may grab again once there is room, but it is full now.
        await members[0].Client.ClaimAsync(task.Id).ReadProblemAsync(HttpStatusCode.Conflict, "task_full");
        var after = await admin.GetAsync($"/api/v1/tasks/{task.Id}").ReadAsync<TaskDto>(HttpStatusCode.OK);
        Assert.That(after.ClaimedCount, Is.EqualTo(1));
    }

    [Test]
    public async Task ShiftsTakeClaimsPerShift()
    {
        var members = await Factory.ApprovedMembersAsync(3, Unique("shift-") + "-", city.CommunityA, city.BlockA1, city.WorkUnit);
        var start = Tomorrow;
        var body = TaskHelpers.Body("Community", city.CommunityA, start, slots: 3, hours: 8);
        body["shifts"] = new[]
        {
            new { startsAt = start, endsAt = start.AddHours(4), slots = 1 },
            new { startsAt = start.AddHours(4), endsAt = start.AddHours(8), slots = 2 },
        };
        var task = await admin.PublishAsync(body);
        var morning = task.Shifts[0].Id;
        var afternoon = task.Shifts[1].Id;
        var otherTask = await admin.PublishAsync(TaskHelpers.Body("City", null, start));

        var noShift = await members[0].Client.ClaimAsync(task.Id).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(noShift.Errors.Keys, Does.Contain("shiftId"));
        await members[0].Client.ClaimAsync(otherTask.Id, new { shiftId = morning }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        await members[0].Client.ClaimAsync(task.Id, new { shiftId = morning }).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        await members[1].Client.ClaimAsync(task.Id, new { shiftId = morning }).ReadProblemAsync(HttpStatusCode.Conflict, "task_full");
        await members[0].Client.ClaimAsync(task.Id, new { shiftId = morning }).ReadProblemAsync(HttpStatusCode.Conflict, "already_claimed");
        await members[0].Client.ClaimAsync(task.Id, new { shiftId = afternoon }).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        await members[1].Client.ClaimAsync(task.Id, new { shiftId = afternoon }).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        await members[2].Client.ClaimAsync(task.Id, new { shiftId = afternoon }).ReadProblemAsync(HttpStatusCode.Conflict, "task_full");

        var after = await admin.GetAsync($"/api/v1/tasks/{task.Id}").ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(after["claimedCount"]!.GetValue<int>(), Is.EqualTo(3));
            Assert.That(after["shifts"]!.AsArray().Select(s => s!["claimedCount"]!.GetValue<int>()), Is.EqualTo(new[] { 1, 2 }));
        });
    }

    [Test]
    public async Task CancellingATaskTellsItsClaimers()
    {
        var notifier = new Moq.Mock<Zhuji.Infrastructure.Notifications.INotifier>();
        await using var factory = new ZhujiApiFactory(services: s => s.AddSingleton(notifier.Object));
        var testCity = await TestCity.CreateAsync(factory);
        var (member, _, _) = await factory.ApprovedMemberAsync(Unique("told-"), testCity.CommunityA, testCity.BlockA1, testCity.WorkUnit);
        var cityAdmin = await factory.CityAdminAsync();
        var task = await cityAdmin.PublishAsync(TaskHelpers.Body("City", null, Tomorrow));
        await member.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        var userId = long.Parse((await member.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK)).Id);

        await cityAdmin.PostJsonAsync($"/api/v1/tasks/{task.Id}/cancel", new { reason = "暴雨预警" }).ReadAsync<TaskDto>(HttpStatusCode.OK);
        notifier.Verify(n => n.Notify(Moq.It.Is<Zhuji.Infrastructure.Notifications.Notification>(x =>
            x.Purpose == Zhuji.Infrastructure.Notifications.NotificationPurpose.TaskCancelled &&
            x.UserIds.SequenceEqual(new[] { userId }) && x.Fields["reason"] == "暴雨预警")), Moq.Times.Once);
    }

    private static StringContent JsonContent(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
