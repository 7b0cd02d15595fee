using System.Net;
using Zhuji.Api.Features.MasterData;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.BackOffice;

/// <summary>The city keeps its master data: rename, move a community to another street, delete what nothing uses.</summary>
public class MasterDataEditTests : ApiTest
{
    [Test]
    public async Task MovingACommunityMovesItsStreetAdminsPowers()
    {
        var city = await TestCity.CreateAsync(Factory);
        var admin = await Factory.CityAdminAsync();
        var streetA = await TestCity.AdminAsync(Factory, Unique("sa-"), "StreetAdmin", city.StreetA);
        var streetB = await TestCity.AdminAsync(Factory, Unique("sb-"), "StreetAdmin", city.StreetB);
        await streetA.GetAsync($"/api/v1/communities/{city.CommunityA}/registrations").ExpectAsync(HttpStatusCode.OK);
        await streetB.GetAsync($"/api/v1/communities/{city.CommunityA}/registrations").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var moved = await admin.PutJsonAsync($"/api/v1/communities/{city.CommunityA}", new { name = "更名社区" + Unique(""), streetId = city.StreetB }).ReadAsync<CommunityDto>(HttpStatusCode.OK);
        Assert.That(moved.StreetId, Is.EqualTo(city.StreetB));
        await streetB.GetAsync($"/api/v1/communities/{city.CommunityA}/registrations").ExpectAsync(HttpStatusCode.OK);
        await streetA.GetAsync($"/api/v1/communities/{city.CommunityA}/registrations").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await streetA.GetAsync($"/api/v1/communities/{city.CommunityA}/blocks").ExpectAsync(HttpStatusCode.OK);

        var audit = await admin.GetAsync($"/api/v1/audit?entityType=Community&entityId={city.CommunityA}").ReadJsonAsync(HttpStatusCode.OK);
        var entry = audit["items"]!.AsArray()[0]!;
        Assert.Multiple(() =>
        {
            Assert.That(entry["action"]!.GetValue<string>(), Is.EqualTo("CommunityMoved"));
            Assert.That(entry["actionName"]!.GetValue<string>(), Is.EqualTo("社区改属其他街道"));
            Assert.That(entry["entityTypeName"]!.GetValue<string>(), Is.EqualTo("社区"));
        });
    }

    [Test]
    public async Task APlaceInUseIsNotDeletedAndSaysWhatUsesIt()
    {
        var city = await TestCity.CreateAsync(Factory);
        var admin = await Factory.CityAdminAsync();
        await Factory.ApprovedMemberAsync(Unique("m-"), city.CommunityA, city.BlockA1, city.WorkUnit);

        var community = await admin.DeleteAsync($"/api/v1/communities/{city.CommunityA}").ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
        var street = await admin.DeleteAsync($"/api/v1/streets/{city.StreetA}").ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
        var unit = await admin.DeleteAsync($"/api/v1/work-units/{city.WorkUnit}").ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Multiple(() =>
        {
            Assert.That(community.Title, Does.Contain("2 个小区").And.Contain("1 名党员").And.EndWith("不能删除"));
            Assert.That(street.Title, Does.Contain("1 个社区"));
            Assert.That(unit.Title, Does.Contain("1 名党员"));
        });
        await admin.GetAsync($"/api/v1/communities/{city.CommunityA}").ExpectAsync(HttpStatusCode.OK);

        // The second block is unused: it goes, and is gone.
        await admin.DeleteAsync($"/api/v1/blocks/{city.BlockA2}").ExpectAsync(HttpStatusCode.NoContent);
        var blocks = await admin.GetAsync($"/api/v1/communities/{city.CommunityA}/blocks").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(blocks["items"]!.AsArray().Select(b => b!.Id()), Does.Not.Contain(city.BlockA2));
        await admin.DeleteAsync($"/api/v1/blocks/{city.BlockA2}").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");

        // A unit nothing uses.
        var spare = (await admin.PostJsonAsync("/api/v1/work-units", new { name = Unique("空单位"), kind = "Institution" }).ReadAsync<WorkUnitDto>(HttpStatusCode.Created)).Id;
        var renamed = await admin.PutJsonAsync($"/api/v1/work-units/{spare}", new { name = Unique("改名单位"), kind = "CityOrgan" }).ReadAsync<WorkUnitDto>(HttpStatusCode.OK);
        Assert.That(renamed.Kind.ToString(), Is.EqualTo("CityOrgan"));
        await admin.DeleteAsync($"/api/v1/work-units/{spare}").ExpectAsync(HttpStatusCode.NoContent);
    }

    [Test]
    public async Task OnlyTheCityEditsAndNamesStayUnique()
    {
        var city = await TestCity.CreateAsync(Factory);
        var admin = await Factory.CityAdminAsync();
        var communityAdmin = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
        await communityAdmin.PutJsonAsync($"/api/v1/communities/{city.CommunityA}", new { name = "越权", streetId = city.StreetA }).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await communityAdmin.DeleteAsync($"/api/v1/blocks/{city.BlockA2}").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var other = await admin.GetAsync($"/api/v1/communities/{city.CommunityB}").ReadAsync<CommunityDto>(HttpStatusCode.OK);
        await admin.PutJsonAsync($"/api/v1/communities/{city.CommunityA}", new { name = other.Name, streetId = city.StreetB })
            .ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
        await admin.PutJsonAsync($"/api/v1/blocks/{city.BlockA1}", new { name = "二号小区" }).ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
        await admin.PutJsonAsync($"/api/v1/streets/{city.StreetA}", new { name = "" }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await admin.PutJsonAsync($"/api/v1/communities/{city.CommunityA}", new { name = "x", streetId = "99999999" }).ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await admin.PutJsonAsync("/api/v1/streets/99999999", new { name = "无" }).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        var renamed = await admin.PutJsonAsync($"/api/v1/blocks/{city.BlockA1}", new { name = "一号小区（东区）" }).ReadAsync<BlockDto>(HttpStatusCode.OK);
        Assert.That(renamed.Name, Is.EqualTo("一号小区（东区）"));
    }
}
