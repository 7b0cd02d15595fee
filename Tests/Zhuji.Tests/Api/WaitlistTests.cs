using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Http;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>
/// 候补: a full task's line; a freed place (a claim let go, an account cancelled, more places) goes to the first in line
/// in the same transaction, exactly once, and nobody passes the line by grabbing at the right moment.
/// </summary>
public class WaitlistTests : ApiTest
{
    private readonly Mock<INotifier> notifier = new();
    private TestCity city = null!;
    private HttpClient admin = null!;
    private static DateTimeOffset Tomorrow => DateTimeOffset.UtcNow.AddDays(1);

    protected override Task<ZhujiApiFactory> CreateFactoryAsync() =>
        Task.FromResult(new ZhujiApiFactory(services: s => s.AddSingleton(notifier.Object)));

    [OneTimeSetUp]
    public async Task CreateCityAsync()
    {
        city = await TestCity.CreateAsync(Factory);
        admin = await Factory.CityAdminAsync();
    }

    [Test]
    public async Task AFreedPlaceGoesToTheFirstInLineWhoIsToldAndTheOthersMoveUp()
    {
        var m = await Factory.ApprovedMembersAsync(4, Unique("line-") + "-", city.CommunityA, city.BlockA1, city.WorkUnit);
        var task = (await admin.PublishAsync(TaskHelpers.Body("City", null, Tomorrow, slots: 1))).Id;
        var held = (await m[0].Client.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;

        var first = await Join(m[1].Client, task).ReadAsync<WaitlistEntryDto>(HttpStatusCode.Created);
        var second = await Join(m[2].Client, task).ReadAsync<WaitlistEntryDto>(HttpStatusCode.Created);
        var again = await Join(m[1].Client, task).ReadAsync<WaitlistEntryDto>(HttpStatusCode.OK);
        Assert.That((first.Position, second.Position, again.Position, first.Status), Is.EqualTo((1, 2, 1, WaitlistStatus.Waiting)));
        await Join(m[0].Client, task).ReadProblemAsync(HttpStatusCode.Conflict, "already_claimed");

        await m[0].Client.DeleteAsync($"/api/v1/claims/{held}").ExpectAsync(HttpStatusCode.NoContent);

        var promoted = (await Mine(m[1].Client)).Single(e => e.TaskId == task);
        var waiting = (await Mine(m[2].Client)).Single(e => e.TaskId == task);
        var claims = await m[1].Client.GetAsync("/api/v1/me/claims").ReadAsync<Page<ClaimDto>>(HttpStatusCode.OK);
        var after = await admin.GetAsync($"/api/v1/tasks/{task}").ReadAsync<TaskDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That((promoted.Status, promoted.Position), Is.EqualTo((WaitlistStatus.Promoted, 0)));
            Assert.That(claims.Items.Single(c => c.TaskId == task).Id, Is.EqualTo(promoted.ClaimId));
            Assert.That(claims.Items.Single(c => c.TaskId == task).Status, Is.EqualTo(ClaimStatus.Claimed));
            Assert.That((waiting.Status, waiting.Position), Is.EqualTo((WaitlistStatus.Waiting, 1)));
            Assert.That(after.ClaimedCount, Is.EqualTo(1));
        });
        var promotedUser = await UserIdAsync(m[1].Client);
        notifier.Verify(n => n.Notify(It.Is<Notification>(x => x.Purpose == NotificationPurpose.WaitlistPromoted && x.UserIds.SequenceEqual(new[] { promotedUser }))),
            Times.Once);

        // Nobody passes the line: the place was never free for a grab.
        await m[3].Client.ClaimAsync(task).ReadProblemAsync(HttpStatusCode.Conflict, "task_full");
        var line = await admin.GetAsync($"/api/v1/tasks/{task}/waitlist").ReadAsync<List<TaskWaitlistDto>>(HttpStatusCode.OK);
        Assert.That(line.Select(l => (l.MemberId, l.Position)), Is.EqualTo(new[] { (m[2].MemberId, 1) }));
    }

    [Test]
    public async Task OnlyAFullTaskHasALineAndLeavingItGivesUpThePlace()
    {
        var m = await Factory.ApprovedMembersAsync(3, Unique("leave-") + "-", city.CommunityA, city.BlockA1, city.WorkUnit);
        var task = (await admin.PublishAsync(TaskHelpers.Body("City", null, Tomorrow, slots: 1))).Id;
        var problem = await Join(m[1].Client, task).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.That(problem.Title, Is.EqualTo(WaitlistEntry.NotFull));

        var held = (await m[0].Client.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
        await Join(m[1].Client, task).ExpectAsync(HttpStatusCode.Created);
        await Join(m[2].Client, task).ExpectAsync(HttpStatusCode.Created);
        await m[1].Client.DeleteAsync($"/api/v1/tasks/{task}/waitlist").ExpectAsync(HttpStatusCode.NoContent);
        await m[1].Client.DeleteAsync($"/api/v1/tasks/{task}/waitlist").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");

        await m[0].Client.DeleteAsync($"/api/v1/claims/{held}").ExpectAsync(HttpStatusCode.NoContent);
        Assert.Multiple(async () =>
        {
            Assert.That(await Mine(m[1].Client), Is.Empty, "he left: no place for him");
            Assert.That((await Mine(m[2].Client)).Single().Status, Is.EqualTo(WaitlistStatus.Promoted));
        });

        // A task he may not see has no line for him; an unknown task neither; a stranger is not a member.
        var elsewhere = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityB, Tomorrow, slots: 1))).Id;
        await Join(m[0].Client, elsewhere).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await Join(m[0].Client, "999999999").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        var stranger = await Factory.LoginAsync(Unique("stranger-"));
        await Join(stranger, task).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await m[0].Client.GetAsync($"/api/v1/tasks/{task}/waitlist").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task ADoubleTapJoinsTheLineOnce()
    {
        var m = await Factory.ApprovedMembersAsync(2, Unique("tap-") + "-", city.CommunityA, city.BlockA1, city.WorkUnit);
        var task = (await admin.PublishAsync(TaskHelpers.Body("City", null, Tomorrow, slots: 1))).Id;
        await m[0].Client.ClaimAsync(task).ExpectAsync(HttpStatusCode.Created);
        var taps = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Join(m[1].Client, task))));
        Assert.Multiple(async () =>
        {
            Assert.That(taps.Select(t => t.StatusCode), Is.All.AnyOf(HttpStatusCode.Created, HttpStatusCode.OK));
            Assert.That(taps.Count(t => t.StatusCode == HttpStatusCode.Created), Is.EqualTo(1));
            Assert.That((await Mine(m[1].Client)).Count(e => e.TaskId == task), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task MorePlacesGoToTheLineInOrder()
    {
        var m = await Factory.ApprovedMembersAsync(4, Unique("more-") + "-", city.CommunityA, city.BlockA1, city.WorkUnit);
        var body = TaskHelpers.Body("City", null, Tomorrow, slots: 1);
        var task = (await admin.PublishAsync(body)).Id;
        await m[0].Client.ClaimAsync(task).ExpectAsync(HttpStatusCode.Created);
        foreach (var waiting in m.Skip(1))
        {
            await Join(waiting.Client, task).ExpectAsync(HttpStatusCode.Created);
        }

        body["slots"] = 3;
        await admin.PutJsonAsync($"/api/v1/tasks/{task}", body).ReadAsync<TaskDto>(HttpStatusCode.OK);
        var statuses = new List<WaitlistStatus>();
        foreach (var waiting in m.Skip(1))
        {
            statuses.Add((await Mine(waiting.Client)).Single().Status);
        }

        var after = await admin.GetAsync($"/api/v1/tasks/{task}").ReadAsync<TaskDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Is.EqualTo(new[] { WaitlistStatus.Promoted, WaitlistStatus.Promoted, WaitlistStatus.Waiting }));
            Assert.That(after.ClaimedCount, Is.EqualTo(3));
            Assert.That(after.Remaining, Is.EqualTo(0));
        });
    }

    [Test]
    public async Task AShiftHasItsOwnLine()
    {
        var m = await Factory.ApprovedMembersAsync(3, Unique("shiftline-") + "-", city.CommunityA, city.BlockA1, city.WorkUnit);
        var start = Tomorrow;
        var body = TaskHelpers.Body("City", null, start, slots: 2, hours: 8);
        body["shifts"] = new[] { new { startsAt = start, endsAt = start.AddHours(4), slots = 1 }, new { startsAt = start.AddHours(4), endsAt = start.AddHours(8), slots = 1 } };
        var task = await admin.PublishAsync(body);
        var (morning, afternoon) = (task.Shifts[0].Id, task.Shifts[1].Id);
        var held = (await m[0].Client.ClaimAsync(task.Id, new { shiftId = morning }).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
        await Join(m[1].Client, task.Id, afternoon).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        var entry = await Join(m[1].Client, task.Id, morning).ReadAsync<WaitlistEntryDto>(HttpStatusCode.Created);
        Assert.That((entry.ShiftId, entry.Position), Is.EqualTo((morning, 1)));

        await m[0].Client.DeleteAsync($"/api/v1/claims/{held}").ExpectAsync(HttpStatusCode.NoContent);
        var claims = await m[1].Client.GetAsync("/api/v1/me/claims").ReadAsync<Page<ClaimDto>>(HttpStatusCode.OK);
        Assert.That(claims.Items.Single().ShiftId, Is.EqualTo(morning));
    }

    [Test]
    public async Task ACancelledAccountFreesHisPlaceForTheLineAndLeavesHisOwnLines()
    {
        var m = await Factory.ApprovedMembersAsync(3, Unique("gone-") + "-", city.CommunityA, city.BlockA1, city.WorkUnit);
        var task = (await admin.PublishAsync(TaskHelpers.Body("City", null, Tomorrow, slots: 1))).Id;
        var other = (await admin.PublishAsync(TaskHelpers.Body("City", null, Tomorrow, slots: 1))).Id;
        await m[0].Client.ClaimAsync(task).ExpectAsync(HttpStatusCode.Created);
        await m[2].Client.ClaimAsync(other).ExpectAsync(HttpStatusCode.Created);
        await Join(m[1].Client, task).ExpectAsync(HttpStatusCode.Created);
        await Join(m[0].Client, other).ExpectAsync(HttpStatusCode.Created);

        await m[0].Client.PostJsonAsync("/api/v1/me/cancellation", new { }).ExpectAsync(HttpStatusCode.Accepted);
        var line = await admin.GetAsync($"/api/v1/tasks/{other}/waitlist").ReadAsync<List<TaskWaitlistDto>>(HttpStatusCode.OK);
        Assert.Multiple(async () =>
        {
            Assert.That((await Mine(m[1].Client)).Single().Status, Is.EqualTo(WaitlistStatus.Promoted));
            Assert.That(line, Is.Empty);
        });
    }

    /// <summary>
    /// The storm: 5 holders let go while 25 wait, 20 others grab and 5 more join, all at once. The 5 places go to the
    /// first 5 in line, exactly once each; no grab gets one; the rest keep their order.
    /// </summary>
    [Test]
    public async Task AStormOfCancelsGrabsAndJoinsGivesEachFreedPlaceOnceToTheLineInOrder()
    {
        var m = await Factory.ApprovedMembersAsync(55, Unique("wstorm-") + "-", city.CommunityA, city.BlockA1, city.WorkUnit);
        var (holders, line, grabbers, joiners) = (m.Take(5).ToList(), m.Skip(5).Take(25).ToList(), m.Skip(30).Take(20).ToList(), m.Skip(50).ToList());
        var task = (await admin.PublishAsync(TaskHelpers.Body("City", null, Tomorrow, slots: 5))).Id;
        var held = new List<string>();
        foreach (var h in holders)
        {
            held.Add((await h.Client.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id);
        }

        foreach (var w in line)
        {
            await Join(w.Client, task).ExpectAsync(HttpStatusCode.Created);
        }

        using var gate = new ManualResetEventSlim();
        var calls = holders.Select((h, i) => Run(() => h.Client.DeleteAsync($"/api/v1/claims/{held[i]}")))
            .Concat(grabbers.Select(g => Run(() => g.Client.ClaimAsync(task))))
            .Concat(joiners.Select(j => Run(() => Join(j.Client, task))))
            .ToList();
        gate.Set();
        var answers = await Task.WhenAll(calls);
        Task<HttpResponseMessage> Run(Func<Task<HttpResponseMessage>> call) => Task.Run(() =>
        {
            gate.Wait();
            return call();
        });

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var taskId = long.Parse(task);
        var active = await db.Claims.Where(c => c.TaskId == taskId && c.Status != ClaimStatus.Cancelled).Select(c => c.MemberId).ToListAsync();
        var counted = await db.Tasks.Where(t => t.Id == taskId).Select(t => t.ClaimedCount).SingleAsync();
        var entries = await db.WaitlistEntries.Where(e => e.TaskId == taskId).OrderBy(e => e.Id).ToListAsync();
        var firstFive = line.Take(5).Select(w => long.Parse(w.MemberId)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(answers.Take(5).Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.NoContent));
            Assert.That(answers.Skip(5).Take(20).Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.Conflict), "no grab passes the line");
            Assert.That(answers.Skip(25).Select(a => a.StatusCode), Is.All.EqualTo(HttpStatusCode.Created));
            Assert.That(active, Is.EquivalentTo(firstFive), "the first five in line, each once");
            Assert.That(counted, Is.EqualTo(5));
            Assert.That(entries.Where(e => e.Status == WaitlistStatus.Promoted).Select(e => e.MemberId), Is.EquivalentTo(firstFive));
            Assert.That(entries.Where(e => e.Status == WaitlistStatus.Promoted).Select(e => e.ClaimId).Distinct().Count(), Is.EqualTo(5));
            Assert.That(entries.Count(e => e.Status == WaitlistStatus.Waiting), Is.EqualTo(25));
        });

        var positions = new List<int>();
        foreach (var w in line.Skip(5))
        {
            positions.Add((await Mine(w.Client)).Single().Position);
        }

        Assert.That(positions, Is.EqualTo(Enumerable.Range(1, 20)), "the rest moved up, in order");
    }

    private static Task<HttpResponseMessage> Join(HttpClient member, string task, string? shiftId = null) =>
        member.PostJsonAsync($"/api/v1/tasks/{task}/waitlist", new { shiftId });

    private static async Task<IReadOnlyList<MyWaitlistDto>> Mine(HttpClient member) =>
        (await member.GetAsync("/api/v1/me/waitlist").ReadAsync<Page<MyWaitlistDto>>(HttpStatusCode.OK)).Items;

    private static async Task<long> UserIdAsync(HttpClient client) =>
        long.Parse((await client.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK)).Id);
}
