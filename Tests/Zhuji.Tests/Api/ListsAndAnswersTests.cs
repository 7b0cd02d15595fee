using Zhuji.Api.Features.HelpGroups;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Zhuji.Api.Features.MasterData;
using Zhuji.Api.Features.Registrations;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Http;
using Zhuji.Domain.Tasks;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>
/// Every list is <c>{items, nextCursor}</c>; every write answers the object its GET returns, fully filled; the small
/// answers a user meets say what happened.
/// </summary>
public class ListsAndAnswersTests : ApiTest
{
    private TestCity city = null!;
    private HttpClient communityAdmin = null!;

    [OneTimeSetUp]
    public async Task CreateCityAsync()
    {
        city = await TestCity.CreateAsync(Factory);
        communityAdmin = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
    }

    [TestCase("/api/v1/me/stewardships")]
    [TestCase("/api/v1/me/claims")]
    [TestCase("/api/v1/tasks")]
    [TestCase("/api/v1/tasks?when=past")]
    public async Task AMembersListsArePages(string url)
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("m-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        AssertPage(await member.GetAsync(url).ReadJsonAsync(HttpStatusCode.OK));
    }

    [Test]
    public async Task AUnitsReportsArePages()
    {
        var unitAdmin = await TestCity.AdminAsync(Factory, Unique("ua-"), "WorkUnitAdmin", city.WorkUnit);
        AssertPage(await unitAdmin.GetAsync($"/api/v1/work-units/{city.WorkUnit}/reports").ReadJsonAsync(HttpStatusCode.OK));
        AssertPage(await (await Factory.CityAdminAsync()).GetAsync("/api/v1/reports").ReadJsonAsync(HttpStatusCode.OK));
    }

    [Test]
    public async Task ANewClaimCarriesItsTasksTitleKindAndStart()
    {
        var (member, memberId, _) = await Factory.ApprovedMemberAsync(Unique("m-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var start = DateTimeOffset.UtcNow.AddDays(2);
        var task = await (await Factory.CityAdminAsync()).PublishAsync(TaskHelpers.Body("Community", city.CommunityA, start, category: "HelpGroup"));
        var claim = await member.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        var listed = (await member.GetAsync("/api/v1/me/claims").ReadAsync<Page<ClaimDto>>(HttpStatusCode.OK)).Items.Single(c => c.Id == claim.Id);
        Assert.Multiple(() =>
        {
            Assert.That(claim.TaskTitle, Is.EqualTo("反诈宣传"));
            Assert.That(claim.Category, Is.EqualTo(ServiceCategory.HelpGroup));
            Assert.That(claim.TaskStartsAt, Is.EqualTo(start.UtcDateTime).Within(TimeSpan.FromSeconds(1)));
            Assert.That(claim.MemberId, Is.EqualTo(memberId));
            Assert.That(JsonSerializer.Serialize(claim, HttpHelpers.Json), Is.EqualTo(JsonSerializer.Serialize(listed, HttpHelpers.Json)), "the write answers what the list shows");
        });
    }

    [Test]
    public async Task ANewRegistrationCarriesItsHistory()
    {
        var member = await Factory.LoginAsync(Unique("new-"));
        var registration = await member.RegisterAsync(Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit));
        var mine = await member.GetAsync("/api/v1/registrations/mine").ReadAsync<RegistrationDto>(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(registration.History!.Select(h => h.Kind.ToString()), Is.EqualTo(new[] { "Submitted" }));
            Assert.That(JsonSerializer.Serialize(registration, HttpHelpers.Json), Is.EqualTo(JsonSerializer.Serialize(mine, HttpHelpers.Json)));
        });
    }

    [Test]
    public async Task AGroupClaimForMoreThanRemainsSaysHowManyRemain()
    {
        var members = await Factory.ApprovedMembersAsync(4, Unique("g-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var leaderId = members[0].MemberId;
        var group = await communityAdmin.PostJsonAsync("/api/v1/help-groups", new { communityId = city.CommunityA, name = Unique("帮帮团"), leaderMemberId = leaderId })
            .ReadAsync<HelpGroupDto>(HttpStatusCode.Created);
        foreach (var (client, _, _) in members.Skip(1))
        {
            await client.PostAsync($"/api/v1/help-groups/{group.Id}/members", null).ExpectAsync(HttpStatusCode.Created);
        }

        var body = TaskHelpers.Body("Community", city.CommunityA, DateTimeOffset.UtcNow.AddDays(2), slots: 3);
        body["allowGroupClaims"] = true;
        var task = await (await Factory.CityAdminAsync()).PublishAsync(body);
        var leader = await Factory.LoginAsync(members[0].OpenId);
        var all = members.Select(m => m.MemberId).ToArray();
        var refused = await leader.ClaimAsync(task.Id, new { helpGroupId = group.Id, memberIds = all }).ReadProblemAsync(HttpStatusCode.Conflict, "task_full");
        Assert.That(refused.Title, Is.EqualTo("剩余名额不足，仅剩 3 个"));

        var taken = await leader.ClaimAsync(task.Id, new { helpGroupId = group.Id, memberIds = all[..3] }).ReadJsonAsync(HttpStatusCode.Created);
        Assert.That(taken["claims"]!.AsArray().Select(c => c!["taskTitle"]!.GetValue<string>()), Is.All.EqualTo("反诈宣传"));
        var full = await members[3].Client.ClaimAsync(task.Id).ReadProblemAsync(HttpStatusCode.Conflict, "task_full");
        Assert.That(full.Title, Is.EqualTo("名额已满"));
    }

    [Test]
    public async Task AWrongMethodIsMethodNotAllowed()
    {
        var admin = await Factory.CityAdminAsync();
        var problem = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/api/v1/tasks")).ReadProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.That(problem.Title, Is.Not.Empty);
        await admin.DeleteAsync($"/api/v1/communities/{city.CommunityA}/blocks").ReadProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Test]
    public async Task TheCommunitysAdminsSeeItsRegistrationSceneAndNobodyElse()
    {
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("m-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var seenByAdmin = await communityAdmin.GetAsync($"/api/v1/communities/{city.CommunityA}").ReadAsync<CommunityDto>(HttpStatusCode.OK);
        var seenByMember = await member.GetAsync($"/api/v1/communities/{city.CommunityA}").ReadJsonAsync(HttpStatusCode.OK);
        var otherCommunity = await communityAdmin.GetAsync($"/api/v1/communities/{city.CommunityB}").ReadJsonAsync(HttpStatusCode.OK);
        var scene = seenByAdmin.RegisterScene;
        Assert.Multiple(() =>
        {
            Assert.That(seenByMember["registerScene"], Is.Null);
            Assert.That(otherCommunity["registerScene"], Is.Null);
        });

        var resolved = await member.GetAsync($"/api/v1/register/scene/{scene}").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(resolved["community"]!.Id(), Is.EqualTo(city.CommunityA), "the scene is the one the QR code carries");
    }

    [Test]
    public async Task TheRootSaysWhereEverythingIs()
    {
        var index = await Factory.CreateClient().GetAsync("/").ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(index["api"]!.GetValue<string>(), Is.EqualTo("/api/v1"));
            Assert.That(index["backOffice"]!.GetValue<string>(), Is.EqualTo("/admin"));
            Assert.That(index["docs"]!.GetValue<string>(), Is.EqualTo("/swagger"));
            Assert.That(index["health"]!.GetValue<string>(), Is.EqualTo("/health"));
        });
    }

    private static void AssertPage(JsonNode page)
    {
        Assert.That(page, Is.InstanceOf<JsonObject>());
        Assert.That(page["items"], Is.InstanceOf<JsonArray>());
        Assert.That(page.AsObject().ContainsKey("nextCursor"), "nextCursor is always present (null on the last page)");
    }
}
