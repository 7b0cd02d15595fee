using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Tasks;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Data;
using Zhuji.Jobs;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>
/// 周期任务: fixed-day duty published once; occurrences two weeks ahead, each date once however often and from however
/// many servers the generator runs; editing the series changes the occurrences not yet begun only.
/// </summary>
public class TaskSeriesTests() : CityApiTest(Monday)
{
    // Monday 2026-06-01, 08:00 Shanghai.
    private static readonly DateTimeOffset Monday = TestClock.Shanghai(2026, 6, 1, 8);

    [Test]
    public async Task AWeeklySeriesMakesItsDaysTwoWeeksAheadAndTheJobKeepsItGoingOnceEach()
    {
        var series = await PublishAsync(new { frequency = "Weekly", daysOfWeek = new[] { "Tuesday", "Thursday" }, until = "2026-07-31" });
        Assert.That(series.Occurrences.Select(o => o.Date.ToString("MM-dd")), Is.EqualTo(new[] { "06-02", "06-04", "06-09", "06-11" }), "two weeks ahead");
        Assert.That(series.Occurrences.Select(o => TestClock.ToShanghai(o.StartsAt).Hour), Is.All.EqualTo(9));

        // A week later the nightly job, run twice at once (two servers) and again, adds the next days once each.
        Clock.Set(Monday.AddDays(7));
        await Task.WhenAll(RunJobAsync(), RunJobAsync());
        await RunJobAsync();
        var after = await CommunityAdmin.GetAsync($"/api/v1/task-series/{series.Id}").ReadAsync<TaskSeriesDto>(HttpStatusCode.OK);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var id = long.Parse(series.Id);
        var dates = await db.Tasks.Where(t => t.SeriesId == id).Select(t => t.OccurrenceDate!.Value).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(dates, Is.Unique);
            Assert.That(dates.Select(d => d.ToString("MM-dd")), Is.EquivalentTo(new[] { "06-02", "06-04", "06-09", "06-11", "06-16", "06-18" }));
            Assert.That(after.GeneratedThrough, Is.EqualTo(new DateOnly(2026, 6, 22)));
        });

        // A member sees each occurrence in his feed as a task of its own.
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("series-m-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        var feed = await member.GetAsync("/api/v1/tasks?limit=50").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(feed["items"]!.AsArray().Count(t => t!["seriesId"]?.GetValue<string>() == series.Id), Is.EqualTo(4), "from 06-09 on");
    }

    [Test]
    public async Task EditingTheSeriesChangesTheOccurrencesNotYetBegunAndTellsTheirHolders()
    {
        var series = await PublishAsync(new { frequency = "Daily", until = "2026-06-10" });
        var first = series.Occurrences[0];
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("series-e-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        await member.ClaimAsync(first.TaskId).ExpectAsync(HttpStatusCode.Created);
        await member.ClaimAsync(series.Occurrences[2].TaskId).ExpectAsync(HttpStatusCode.Created);

        // 06-02 has begun: the change is from 06-03 on; the series now ends 06-05 and starts at 14:00.
        Clock.Set(TestClock.Shanghai(2026, 6, 2, 10));
        var changed = await CommunityAdmin.PutJsonAsync($"/api/v1/task-series/{series.Id}", new
        {
            title = "文明劝导（下午）",
            location = "社区南门",
            startsAt = TestClock.Shanghai(2026, 6, 3, 14),
            endsAt = TestClock.Shanghai(2026, 6, 3, 16),
            slots = 1,
            flags = 1,
            until = "2026-06-05",
        }).ReadAsync<TaskSeriesDto>(HttpStatusCode.OK);

        var begun = await CommunityAdmin.GetAsync($"/api/v1/tasks/{first.TaskId}").ReadAsync<TaskDto>(HttpStatusCode.OK);
        var held = changed.Occurrences.Single(o => o.TaskId == series.Occurrences[2].TaskId);
        Assert.Multiple(() =>
        {
            Assert.That(begun.Title, Is.EqualTo("文明劝导"), "begun: unchanged");
            Assert.That(changed.Occurrences.Where(o => o.Date > new DateOnly(2026, 6, 2) && o.Status == VolunteerTaskStatus.Published).Select(o => TestClock.ToShanghai(o.StartsAt).Hour),
                Is.All.EqualTo(14));
            Assert.That(changed.Occurrences.Where(o => o.Date > new DateOnly(2026, 6, 5)).Select(o => o.Status), Is.All.EqualTo(VolunteerTaskStatus.Cancelled));
            Assert.That((held.Slots, held.ClaimedCount), Is.EqualTo((1, 1)), "places never below the claims");
        });

        await CommunityAdmin.PutJsonAsync($"/api/v1/task-series/{series.Id}", new
        {
            title = "x", location = "x", startsAt = TestClock.Shanghai(2026, 6, 3, 14), endsAt = TestClock.Shanghai(2026, 6, 4, 16), slots = 1, flags = 1, until = "2026-06-05",
        }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var other = await TestCity.AdminAsync(Factory, Unique("series-b-"), "CommunityAdmin", City.CommunityB);
        await other.GetAsync($"/api/v1/task-series/{series.Id}").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task ABadRecurrenceIsRefusedAndWritesNothing()
    {
        async Task Refused(object recurrence, string field)
        {
            var problem = await CommunityAdmin.PostJsonAsync("/api/v1/tasks", Body(recurrence)).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
            Assert.That(problem.Errors.Keys, Does.Contain(field));
        }

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var (series, tasks) = (await db.TaskSeries.CountAsync(), await db.Tasks.CountAsync());
        await Refused(new { frequency = "Weekly", until = "2026-05-01" }, "recurrence.until");
        await Refused(new { frequency = "Daily", until = "2027-12-31" }, "recurrence.until");
        await Refused(new { frequency = "Daily" }, "recurrence.until");
        Assert.That((await db.TaskSeries.CountAsync(), await db.Tasks.CountAsync()), Is.EqualTo((series, tasks)), "nothing half-written");
    }

    private Dictionary<string, object?> Body(object recurrence)
    {
        var body = TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2026, 6, 2, 9), slots: 5, hours: 2);
        body["title"] = "文明劝导";
        body["recurrence"] = recurrence;
        return body;
    }

    private async Task<TaskSeriesDto> PublishAsync(object recurrence)
    {
        var first = await CommunityAdmin.PostJsonAsync("/api/v1/tasks", Body(recurrence)).ReadAsync<TaskDto>(HttpStatusCode.Created);
        Assert.That(first.SeriesId, Is.Not.Null);
        return await CommunityAdmin.GetAsync($"/api/v1/task-series/{first.SeriesId}").ReadAsync<TaskSeriesDto>(HttpStatusCode.OK);
    }

    private async Task RunJobAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TaskSeriesJob>().RunAsync(CancellationToken.None);
    }
}
