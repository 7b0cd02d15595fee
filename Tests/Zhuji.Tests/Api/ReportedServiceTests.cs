using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Stats;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Http;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>
/// 自主申报: a member submits service done without a task, with his photos; it waits in his community's confirmation
/// queue as any record, is confirmed or sent back by another person, and is never a task anyone else sees or counts.
/// </summary>
public class ReportedServiceTests() : CityApiTest(Evening)
{
    private const string Route = "/api/v1/me/service-records";
    private static readonly DateTimeOffset Evening = TestClock.Shanghai(2026, 5, 20, 19);
    private static readonly DateTimeOffset Afternoon = TestClock.Shanghai(2026, 5, 20, 14);

    private static object Body(DateTimeOffset servedAt, decimal hours = 2, params string[] photos) =>
        new { servedAt, hours, content = "陪独居老人去医院复查", place = "市人民医院", photoUrls = photos, title = "陪老人就医" };

    [Test]
    public async Task AReportWaitsInHisCommunitysQueueAndIsConfirmedAsAnyRecordWithoutBeingATask()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("rep-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var (neighbour, _, _) = await Factory.ApprovedMemberAsync(Unique("rep-n-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var tasksBefore = await CommunityTasksAsync();
        var photo = await member.UploadPhotoAsync();

        var reported = await member.PostJsonAsync(Route, Body(Afternoon, 2.5m, photo)).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        Assert.Multiple(() =>
        {
            Assert.That((reported.Status, reported.Reported, reported.MemberId, reported.TaskTitle), Is.EqualTo((ClaimStatus.Submitted, true, memberId, "陪老人就医")));
            Assert.That((reported.Record!.ServedAt, reported.Record.Hours, reported.Record.Place), Is.EqualTo((Afternoon.UtcDateTime, 2.5m, "市人民医院")));
            Assert.That(reported.Record.PhotoUrls, Is.EqualTo(new[] { photo }));
        });

        // In the queue, marked; his own list has it; the photo opens for the community that decides it.
        var queue = await CommunityAdmin.GetAsync("/api/v1/claims?status=Submitted&limit=100").ReadAsync<Page<ClaimQueueItemDto>>(HttpStatusCode.OK);
        var item = queue.Items.Single(i => i.Id == reported.Id);
        var mine = await member.GetAsync("/api/v1/me/claims").ReadAsync<Page<ClaimDto>>(HttpStatusCode.OK);
        Assert.Multiple(async () =>
        {
            Assert.That((item.Reported, item.MemberId, item.TaskTitle, item.Category), Is.EqualTo((true, memberId, "陪老人就医", ServiceCategory.CommunityActivity)));
            Assert.That(mine.Items.Single(c => c.Id == reported.Id).Reported, Is.True);
            Assert.That((await CommunityAdmin.GetAsync(photo)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });

        // Not a task: in no feed or list, no count; its page only for him and the community's admins.
        var task = reported.TaskId;
        var feed = await neighbour.GetAsync("/api/v1/tasks?when=past&limit=100").ReadAsync<Page<TaskDto>>(HttpStatusCode.OK);
        var ownFeed = await member.GetAsync("/api/v1/tasks?when=past&limit=100").ReadAsync<Page<TaskDto>>(HttpStatusCode.OK);
        var managed = await CommunityAdmin.GetAsync("/api/v1/tasks/managed?limit=100").ReadAsync<Page<TaskDto>>(HttpStatusCode.OK);
        Assert.Multiple(async () =>
        {
            Assert.That(feed.Items.Concat(ownFeed.Items).Concat(managed.Items).Select(t => t.Id), Has.No.Member(task));
            Assert.That(await CommunityTasksAsync(), Is.EqualTo(tasksBefore), "the statistics count published tasks only");
            await neighbour.GetAsync($"/api/v1/tasks/{task}").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
            Assert.That((await member.GetAsync($"/api/v1/tasks/{task}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await CommunityAdmin.GetAsync($"/api/v1/tasks/{task}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            await neighbour.ClaimAsync(task).ReadProblemAsync(HttpStatusCode.Conflict, "claim_window_closed");
        });

        // Sent back, given again, confirmed with the flags the admin weighs: one line, his.
        var back = await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{reported.Id}/reject", new { reason = "请补充就医凭证照片" }).ReadAsync<ClaimDto>(HttpStatusCode.OK);
        Assert.That(back.Status, Is.EqualTo(ClaimStatus.Rejected));
        await member.PostJsonAsync($"/api/v1/claims/{reported.Id}/record",
            new { servedAt = Afternoon, hours = 2.5m, content = "陪独居老人去医院复查，已补凭证", place = "市人民医院", photoUrls = new[] { photo } }).ExpectAsync(HttpStatusCode.OK);
        var confirmed = await CommunityAdmin.PostJsonAsync($"/api/v1/claims/{reported.Id}/confirm", new { flags = 2 }).ReadAsync<ClaimDto>(HttpStatusCode.OK);

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var lines = await db.FlagEntries.Where(f => f.MemberId == long.Parse(memberId)).Select(f => new { f.Flags, f.ClaimId }).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(confirmed.Status, Is.EqualTo(ClaimStatus.Confirmed));
            Assert.That(lines.Select(l => (l.Flags, l.ClaimId)), Is.EqualTo(new[] { (2, (long?)long.Parse(reported.Id)) }));
        });
    }

    [Test]
    public async Task ABadReportIsRefusedWithItsReasonAndWritesNothing()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("rep-bad-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var (other, _, _) = await Factory.ApprovedMemberAsync(Unique("rep-bad-o-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var resident = await Factory.LoginAsync(Unique("rep-res-"));
        var his = await other.UploadPhotoAsync();
        var (tasks, claims) = await CountsAsync();

        var future = await member.PostJsonAsync(Route, Body(Evening.AddHours(1))).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var old = await member.PostJsonAsync(Route, Body(Evening.AddDays(-31))).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var hours = await member.PostJsonAsync(Route, Body(Afternoon, 0)).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var photo = await member.PostJsonAsync(Route, Body(Afternoon, 2, his)).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var empty = await member.PostJsonAsync(Route, new { }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await member.PostJsonAsync(Route, new { servedAt = Afternoon, hours = 2, content = "x", place = "y", category = "Nonsense" })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await resident.PostJsonAsync(Route, Body(Afternoon)).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Multiple(async () =>
        {
            Assert.That(future.Errors["servedAt"], Is.EqualTo(new[] { "服务时间不能晚于当前时间" }));
            Assert.That(old.Errors["servedAt"], Is.EqualTo(new[] { ReportedService.TooOld }));
            Assert.That(hours.Errors.Keys, Does.Contain("hours"));
            Assert.That(photo.Errors.Keys, Does.Contain("photoUrls"), "another member's photo");
            Assert.That(empty.Errors.Keys, Is.SupersetOf(new[] { "servedAt", "hours", "content", "place" }));
            Assert.That(await CountsAsync(), Is.EqualTo((tasks, claims)), "no task, no claim, no half-written report");
        });

        // Ten waiting are the most; the eleventh waits until one is decided.
        for (var i = 0; i < ReportedService.MaxPending; i++)
        {
            await member.PostJsonAsync(Route, Body(Afternoon.AddDays(-i), 1)).ExpectAsync(HttpStatusCode.Created);
        }

        var full = await member.PostJsonAsync(Route, Body(Afternoon, 1)).ReadProblemAsync(HttpStatusCode.Conflict, "invalid_state");
        Assert.That(full.Title, Is.EqualTo(ReportedService.TooManyPending));
    }

    private async Task<int> CommunityTasksAsync()
    {
        var stats = await CommunityAdmin.GetAsync("/api/v1/stats/communities").ReadAsync<Page<CommunityStatsDto>>(HttpStatusCode.OK);
        return stats.Items.Single(c => c.CommunityId == City.CommunityA).Tasks;
    }

    private async Task<(int Tasks, int Claims)> CountsAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        return (await db.Tasks.CountAsync(), await db.Claims.CountAsync());
    }
}
