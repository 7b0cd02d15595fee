using System.Net;
using Zhuji.Api.Features.Registrations;
using Zhuji.Api.Features.Tasks;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Trust;

/// <summary>While a move is pending, the old home's tasks are no longer the member's.</summary>
public class MovingHouseTests : ApiTest
{
    [Test]
    public async Task AMemberMovingToAnotherCommunitySeesAndGrabsCityTasksOnly()
    {
        var city = await TestCity.CreateAsync(Factory);
        var adminA = await TestCity.AdminAsync(Factory, Unique("ca-a-"), "CommunityAdmin", city.CommunityA);
        var start = DateTimeOffset.UtcNow.AddDays(2);
        var oldCommunityTask = await adminA.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, start));
        var oldBlockTask = await adminA.PublishAsync(TaskHelpers.Body("Block", city.BlockA1, start));
        var cityTask = await (await Factory.CityAdminAsync()).PublishAsync(TaskHelpers.Body("City", null, start));

        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("mover-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await member.PutJsonAsync("/api/v1/registrations/mine", Registrations.Body(city.CommunityB, city.BlockB1, city.WorkUnit)).ReadAsync<RegistrationDto>(HttpStatusCode.OK);

        var feed = await member.GetAsync("/api/v1/tasks?limit=100").ReadJsonAsync(HttpStatusCode.OK);
        var ids = feed["items"]!.AsArray().Select(t => t!.Id()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ids, Does.Contain(cityTask.Id));
            Assert.That(ids, Does.Not.Contain(oldCommunityTask.Id).And.Not.Contain(oldBlockTask.Id));
        });
        await member.ClaimAsync(oldCommunityTask.Id).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await member.ClaimAsync(oldBlockTask.Id).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await member.ClaimAsync(cityTask.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
    }

    [Test]
    public async Task AMemberMovingWithinHisCommunityKeepsItsTasksButNotHisOldBlocks()
    {
        var city = await TestCity.CreateAsync(Factory);
        var adminA = await TestCity.AdminAsync(Factory, Unique("ca-a-"), "CommunityAdmin", city.CommunityA);
        var start = DateTimeOffset.UtcNow.AddDays(2);
        var communityTask = await adminA.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, start));
        var oldBlockTask = await adminA.PublishAsync(TaskHelpers.Body("Block", city.BlockA1, start));

        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("block-mover-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        await member.PutJsonAsync("/api/v1/registrations/mine", Registrations.Body(city.CommunityA, city.BlockA2, city.WorkUnit)).ReadAsync<RegistrationDto>(HttpStatusCode.OK);
        await member.ClaimAsync(oldBlockTask.Id).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await member.ClaimAsync(communityTask.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
    }
}
