using System.Net;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Http;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>
/// Tier visibility: members of two communities and two blocks see their own tiers only. The feed by default lists
/// what a member can still take, soonest first; <c>?when=past</c> the rest, newest first.
/// </summary>
public class TaskFeedTests : ApiTest
{
    private readonly TestClock clock = new(DateTimeOffset.UtcNow);
    private TestCity city = null!;
    private HttpClient memberA1 = null!, memberA2 = null!, memberB1 = null!;
    private string cityTask = "", communityA = "", communityB = "", blockA1 = "", blockA2 = "", blockB1 = "";

    protected override Task<ZhujiApiFactory> CreateFactoryAsync() => Task.FromResult(new ZhujiApiFactory(clock: clock));

    [OneTimeSetUp]
    public async Task PublishEverywhereAsync()
    {
        city = await TestCity.CreateAsync(Factory);
        memberA1 = (await Factory.ApprovedMemberAsync(Unique("a1-"), city.CommunityA, city.BlockA1, city.WorkUnit)).Client;
        memberA2 = (await Factory.ApprovedMemberAsync(Unique("a2-"), city.CommunityA, city.BlockA2, city.WorkUnit)).Client;
        memberB1 = (await Factory.ApprovedMemberAsync(Unique("b1-"), city.CommunityB, city.BlockB1, city.WorkUnit)).Client;

        var admin = await Factory.CityAdminAsync();
        var start = DateTimeOffset.UtcNow.AddDays(2);
        cityTask = (await admin.PublishAsync(TaskHelpers.Body("City", null, start))).Id;
        communityA = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, start.AddHours(1), category: "HelpGroup"))).Id;
        communityB = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityB, start.AddHours(2)))).Id;
        blockA1 = (await admin.PublishAsync(TaskHelpers.Body("Block", city.BlockA1, start.AddHours(3)))).Id;
        blockA2 = (await admin.PublishAsync(TaskHelpers.Body("Block", city.BlockA2, start.AddHours(4)))).Id;
        blockB1 = (await admin.PublishAsync(TaskHelpers.Body("Block", city.BlockB1, start.AddHours(5)))).Id;
    }

    [Test]
    public async Task EachMemberSeesTheCityHisCommunityAndHisBlock()
    {
        var all = new[] { cityTask, communityA, communityB, blockA1, blockA2, blockB1 };
        Assert.Multiple(async () =>
        {
            Assert.That((await FeedAsync(memberA1)).Intersect(all), Is.EquivalentTo(new[] { cityTask, communityA, blockA1 }));
            Assert.That((await FeedAsync(memberA2)).Intersect(all), Is.EquivalentTo(new[] { cityTask, communityA, blockA2 }));
            Assert.That((await FeedAsync(memberB1)).Intersect(all), Is.EquivalentTo(new[] { cityTask, communityB, blockB1 }));
        });
    }

    [Test]
    public async Task ATaskOutsideHisTiersIsInvisibleAndCannotBeClaimed()
    {
        await memberA1.GetAsync($"/api/v1/tasks/{communityB}").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await memberA1.GetAsync($"/api/v1/tasks/{blockA2}").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await memberA1.ClaimAsync(blockA2).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await memberA1.ClaimAsync(communityB).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        var visible = await memberA1.GetAsync($"/api/v1/tasks/{blockA1}").ReadAsync<TaskDto>(HttpStatusCode.OK);
        Assert.That(visible.ClaimedByMe, Is.False);
    }

    [Test]
    public async Task TheFeedIsSoonestFirstByStartFilterableAndPaged()
    {
        // Tiers interleave, and two tiers tie on the start: pages of any size walk the same order, nothing twice, nothing lost.
        var admin = await Factory.CityAdminAsync();
        var tie = clock.GetUtcNow().AddDays(3);
        var tiedCity = (await admin.PublishAsync(TaskHelpers.Body("City", null, tie))).Id;
        var tiedBlock = (await admin.PublishAsync(TaskHelpers.Body("Block", city.BlockA1, tie))).Id;

        var ids = await FeedAsync(memberA1, pageSize: 1);
        Assert.That(ids, Is.Unique);
        Assert.That(await FeedAsync(memberA1, pageSize: 2), Is.EqualTo(ids));
        Assert.That(await FeedAsync(memberA1, pageSize: 100), Is.EqualTo(ids));
        Assert.That(ids.IndexOf(cityTask), Is.LessThan(ids.IndexOf(communityA)), "the soonest start first");
        Assert.That(ids.IndexOf(communityA), Is.LessThan(ids.IndexOf(blockA1)));
        Assert.That(ids.IndexOf(blockA1), Is.LessThan(ids.IndexOf(tiedCity)));
        Assert.That(ids.IndexOf(tiedCity), Is.LessThan(ids.IndexOf(tiedBlock)), "same start: the older id first");

        var helpGroups = await FeedAsync(memberA1, query: "category=HelpGroup");
        Assert.That(helpGroups, Does.Contain(communityA).And.Not.Contain(blockA1));
        var cancelled = await FeedAsync(memberA1, query: "status=Cancelled");
        Assert.That(cancelled, Does.Not.Contain(communityA));
        await memberA1.GetAsync("/api/v1/tasks?category=Chores").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await memberA1.GetAsync("/api/v1/tasks?when=tomorrow").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Test]
    public async Task StartedFullClosedAndCancelledTasksLeaveTheDefaultFeedForPastNewestFirst()
    {
        var admin = await Factory.CityAdminAsync();
        var now = clock.GetUtcNow();
        var soon = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, now.AddHours(2), slots: 2))).Id;
        var full = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, now.AddHours(5), slots: 1))).Id;
        var closed = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, now.AddHours(6)))).Id;
        var cancelled = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, now.AddHours(7)))).Id;
        var shifted = (await admin.PublishAsync(ShiftedBody(now.AddHours(1)))).Id;
        var holder = await Factory.ApprovedMemberAsync(Unique("holder-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await holder.Client.ClaimAsync(full).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        await holder.Client.ClaimAsync(cancelled).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        await admin.PostJsonAsync($"/api/v1/tasks/{closed}/close", new { }).ReadAsync<TaskDto>(HttpStatusCode.OK);
        await admin.PostJsonAsync($"/api/v1/tasks/{cancelled}/cancel", new { reason = "台风预警，活动改期" }).ReadAsync<TaskDto>(HttpStatusCode.OK);

        // Two hours later the first task and the first shift have started.
        clock.Advance(TimeSpan.FromHours(2.5));
        try
        {
            var open = await FeedItemsAsync(memberA1, "");
            var openIds = open.Select(t => t.Id).ToList();
            Assert.That(openIds, Does.Contain(full).And.Contain(shifted).And.Not.Contain(soon).And.Not.Contain(closed).And.Not.Contain(cancelled));
            Assert.That(open.Select(t => t.StartsAt.ToUniversalTime()), Is.Ordered.Ascending);
            Assert.That(open.Where(t => t.Id != full).All(t => t.Open), "the rest of the default feed can still be taken");
            var fullTask = open.Single(t => t.Id == full);
            Assert.That((fullTask.Remaining, fullTask.Open), Is.EqualTo((0, false)),
                "a full task is listed (a place may free) but not open");
            var shiftTask = open.Single(t => t.Id == shifted);
            Assert.That(shiftTask.Remaining, Is.EqualTo(4), "only the shift not yet started counts");

            var past = await FeedItemsAsync(memberA1, "when=past");
            var pastIds = past.Select(t => t.Id).ToList();
            Assert.That(pastIds, Does.Contain(soon).And.Contain(closed).And.Contain(cancelled).And.Not.Contain(full).And.Not.Contain(shifted));
            Assert.That(past.Select(t => t.StartsAt.ToUniversalTime()), Is.Ordered.Descending);
            Assert.That(past.All(t => !t.Open && t.Remaining == 0));
            Assert.That(pastIds.IndexOf(cancelled), Is.LessThan(pastIds.IndexOf(soon)), "newest start first");

            var seenByHolder = await holder.Client.GetAsync($"/api/v1/tasks/{cancelled}").ReadAsync<TaskDto>(HttpStatusCode.OK);
            Assert.That(seenByHolder.Status.ToString(), Is.EqualTo("Cancelled"));
            Assert.That(seenByHolder.CancelReason, Is.EqualTo("台风预警，活动改期"));
            Assert.That(seenByHolder.ClaimedByMe, Is.False, "his claim went with the task");
        }
        finally
        {
            clock.Set(DateTimeOffset.UtcNow);
        }
    }

    private Dictionary<string, object?> ShiftedBody(DateTimeOffset start)
    {
        var body = TaskHelpers.Body("Community", city.CommunityA, start, slots: 7, hours: 9);
        body["shifts"] = new[]
        {
            new { startsAt = start, endsAt = start.AddHours(4), slots = 3 },
            new { startsAt = start.AddHours(5), endsAt = start.AddHours(9), slots = 4 },
        };
        return body;
    }

    private static async Task<IReadOnlyList<TaskDto>> FeedItemsAsync(HttpClient member, string query)
    {
        var page = await member.GetAsync($"/api/v1/tasks?limit=100&{query}").ReadAsync<Page<TaskDto>>(HttpStatusCode.OK);
        Assert.That(page.NextCursor, Is.Null);
        return page.Items;
    }

    [Test]
    public async Task SomeoneNotYetApprovedHasNoFeed()
    {
        var resident = await Factory.LoginAsync(Unique("resident-"));
        await resident.GetAsync("/api/v1/tasks").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await resident.ClaimAsync(cityTask).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task AdminsListTheTasksTheyManage()
    {
        var communityAdmin = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
        var managed = new List<string>();
        string? cursor = null;
        do
        {
            var page = await communityAdmin.GetAsync("/api/v1/tasks/managed?limit=100" + (cursor is null ? "" : $"&cursor={cursor}")).ReadAsync<Page<TaskDto>>(HttpStatusCode.OK);
            managed.AddRange(page.Items.Select(t => t.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.That(managed, Is.SupersetOf(new[] { communityA, blockA1, blockA2 }));
        Assert.That(managed, Does.Not.Contain(communityB).And.Not.Contain(blockB1).And.Not.Contain(cityTask));
        await memberA1.GetAsync("/api/v1/tasks/managed").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    private static async Task<List<string>> FeedAsync(HttpClient member, int pageSize = 100, string query = "")
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/tasks?limit={pageSize}" + (query.Length > 0 ? "&" + query : "") + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await member.GetAsync(url).ReadAsync<Page<TaskDto>>(HttpStatusCode.OK);
            ids.AddRange(page.Items.Select(t => t.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return ids;
    }
}
