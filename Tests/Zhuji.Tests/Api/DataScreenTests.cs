using System.Net;
using Zhuji.Api.Features.Stats;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>The city's data screen reads the day's tasks (Beijing time) with their places and claims; only the city sees it.</summary>
public class DataScreenTests() : CityApiTest(Dawn)
{
    private static readonly DateTimeOffset Dawn = TestClock.Shanghai(2026, 6, 10, 7);

    [Test]
    public async Task TheDaysTasksAreListedSoonestFirstWithTheirPlacesAndClaims()
    {
        var admin = await Factory.CityAdminAsync();
        Clock.Set(Dawn.AddDays(-1));
        var afternoon = (await admin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2026, 6, 10, 14), slots: 5))).Id;
        var morning = (await admin.PublishAsync(TaskHelpers.Body("City", null, TestClock.Shanghai(2026, 6, 10, 9), slots: 3))).Id;
        await admin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2026, 6, 11, 9)));
        await admin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2026, 6, 9, 20)));
        var cancelled = (await admin.PublishAsync(TaskHelpers.Body("Community", City.CommunityA, TestClock.Shanghai(2026, 6, 10, 16)))).Id;
        await admin.PostJsonAsync($"/api/v1/tasks/{cancelled}/cancel", new { reason = "下雨" }).ExpectAsync(HttpStatusCode.OK);
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("screen-"), City.CommunityA, City.BlockA1, City.WorkUnit);
        await member.ClaimAsync(morning).ExpectAsync(HttpStatusCode.Created);
        Clock.Set(Dawn);

        var today = await admin.GetAsync("/api/v1/stats/today").ReadAsync<TodayStatsDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(today.Date, Is.EqualTo(new DateOnly(2026, 6, 10)));
            Assert.That((today.Tasks, today.Places, today.Claimed), Is.EqualTo((2, 8, 1)), "not yesterday's, not tomorrow's, not the cancelled");
            Assert.That(today.Items.Select(t => t.Id), Is.EqualTo(new[] { morning, afternoon }));
            Assert.That(today.Items[0].CommunityName, Is.Null, "a city-wide task");
            Assert.That(today.Items[1].CommunityName, Does.StartWith("测试社区A"));
        });
        await CommunityAdmin.GetAsync("/api/v1/stats/today").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
