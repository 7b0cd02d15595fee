using System.Net;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>Tier visibility: members of two communities and two blocks see their own tiers only.</summary>
public class TaskFeedTests : ApiTest
{
    private TestCity city = null!;
    private HttpClient memberA1 = null!, memberA2 = null!, memberB1 = null!;
    private string cityTask = "", communityA = "", communityB = "", blockA1 = "", blockA2 = "", blockB1 = "";

    [OneTimeSetUp]
    public async Task PublishEverywhereAsync()
    {
        city = await TestCity.CreateAsync(Factory);
        memberA1 = (await Factory.ApprovedMemberAsync(Unique("a1-"), city.CommunityA, city.BlockA1, city.WorkUnit)).Client;
        memberA2 = (await Factory.ApprovedMemberAsync(Unique("a2-"), city.CommunityA, city.BlockA2, city.WorkUnit)).Client;
        memberB1 = (await Factory.ApprovedMemberAsync(Unique("b1-"), city.CommunityB, city.BlockB1, city.WorkUnit)).Client;

        var admin = await Factory.CityAdminAsync();
        var start = DateTimeOffset.UtcNow.AddDays(2);
        cityTask = (await admin.PublishAsync(TaskHelpers.Body("City", null, start))).Id();
        communityA = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, start.AddHours(1), category: "HelpGroup"))).Id();
        communityB = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityB, start.AddHours(2)))).Id();
        blockA1 = (await admin.PublishAsync(TaskHelpers.Body("Block", city.BlockA1, start.AddHours(3)))).Id();
        blockA2 = (await admin.PublishAsync(TaskHelpers.Body("Block", city.BlockA2, start.AddHours(4)))).Id();
        blockB1 = (await admin.PublishAsync(TaskHelpers.Body("Block", city.BlockB1, start.AddHours(5)))).Id();
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
        var visible = await memberA1.GetAsync($"/api/v1/tasks/{blockA1}").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(visible["claimedByMe"]!.GetValue<bool>(), Is.False);
    }

    [Test]
    public async Task TheFeedIsNewestFirstByStartFilterableAndPaged()
    {
        // Tiers interleave, and two tiers tie on the start: pages of any size walk the same order, nothing twice, nothing lost.
        var admin = await Factory.CityAdminAsync();
        var tie = DateTimeOffset.UtcNow.AddDays(3);
        var tiedCity = (await admin.PublishAsync(TaskHelpers.Body("City", null, tie))).Id();
        var tiedBlock = (await admin.PublishAsync(TaskHelpers.Body("Block", city.BlockA1, tie))).Id();

        var ids = await FeedAsync(memberA1, pageSize: 1);
        Assert.That(ids, Is.Unique);
        Assert.That(await FeedAsync(memberA1, pageSize: 2), Is.EqualTo(ids));
        Assert.That(await FeedAsync(memberA1, pageSize: 100), Is.EqualTo(ids));
        Assert.That(ids.IndexOf(tiedBlock), Is.LessThan(ids.IndexOf(tiedCity)), "same start: the newer id first");
        Assert.That(ids.IndexOf(tiedCity), Is.LessThan(ids.IndexOf(blockA1)));
        Assert.That(ids.IndexOf(blockA1), Is.LessThan(ids.IndexOf(communityA)));
        Assert.That(ids.IndexOf(communityA), Is.LessThan(ids.IndexOf(cityTask)));

        var helpGroups = await FeedAsync(memberA1, query: "category=HelpGroup");
        Assert.That(helpGroups, Does.Contain(communityA).And.Not.Contain(blockA1));
        var cancelled = await FeedAsync(memberA1, query: "status=Cancelled");
        Assert.That(cancelled, Does.Not.Contain(communityA));
        await memberA1.GetAsync("/api/v1/tasks?category=Chores").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
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
            var page = await communityAdmin.GetAsync("/api/v1/tasks/managed?limit=100" + (cursor is null ? "" : $"&cursor={cursor}")).ReadJsonAsync(HttpStatusCode.OK);
            managed.AddRange(page["items"]!.AsArray().Select(t => t!.Id()));
            cursor = page["nextCursor"]?.GetValue<string>();
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
            var page = await member.GetAsync(url).ReadJsonAsync(HttpStatusCode.OK);
            ids.AddRange(page["items"]!.AsArray().Select(t => t!.Id()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return ids;
    }
}
