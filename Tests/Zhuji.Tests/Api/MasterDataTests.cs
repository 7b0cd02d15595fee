using System.Net;
using Zhuji.Api.Features.MasterData;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

public class MasterDataTests : ApiTest
{
    [Test]
    public async Task TheCityBuildsStreetsCommunitiesBlocksAndUnitsThatEveryoneCanRead()
    {
        var admin = await Factory.CityAdminAsync();
        var street = await admin.PostJsonAsync("/api/v1/streets", new { name = Unique("暨阳街道") }).ReadAsync<StreetDto>(HttpStatusCode.Created);
        var community = await admin.PostJsonAsync("/api/v1/communities", new { name = "城西社区", streetId = street.Id }).ReadAsync<CommunityDto>(HttpStatusCode.Created);
        var block = await admin.PostJsonAsync($"/api/v1/communities/{community.Id}/blocks", new { name = "西施小区" }).ReadAsync<BlockDto>(HttpStatusCode.Created);
        var unit = await admin.PostJsonAsync("/api/v1/work-units", new { name = Unique("诸暨市财政局"), kind = "CityOrgan" }).ReadAsync<WorkUnitDto>(HttpStatusCode.Created);

        var resident = await Factory.LoginAsync(Unique("reader-"));
        var readCommunity = await resident.GetAsync($"/api/v1/communities/{community.Id}").ReadAsync<CommunityDto>(HttpStatusCode.OK);
        var blocks = await resident.GetAsync($"/api/v1/communities/{community.Id}/blocks").ReadJsonAsync(HttpStatusCode.OK);
        var readUnit = await resident.GetAsync($"/api/v1/work-units/{unit.Id}").ReadAsync<WorkUnitDto>(HttpStatusCode.OK);
        var communities = await resident.GetAsync($"/api/v1/communities?streetId={street.Id}").ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(readCommunity.Name, Is.EqualTo("城西社区"));
            Assert.That(readCommunity.StreetId, Is.EqualTo(street.Id));
            Assert.That(blocks["items"]![0]!.Id(), Is.EqualTo(block.Id));
            Assert.That(blocks["items"]![0]!["communityId"]!.GetValue<string>(), Is.EqualTo(community.Id));
            Assert.That(readUnit.Kind.ToString(), Is.EqualTo("CityOrgan"));
            Assert.That(communities["items"]!.AsArray(), Has.Count.EqualTo(1));
            Assert.That(communities["nextCursor"], Is.Null);
        });
    }

    [Test]
    public async Task OnlyTheCityWritesMasterData()
    {
        var resident = await Factory.LoginAsync(Unique("resident-"));
        await resident.PostJsonAsync("/api/v1/streets", new { name = Unique("街道") }).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await Factory.CreateClient().PostJsonAsync("/api/v1/streets", new { name = Unique("街道") }).ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Test]
    public async Task WorkUnitsAreSearchedByNameAndPagedWithACursor()
    {
        var admin = await Factory.CityAdminAsync();
        var marker = Unique("检索单位");
        for (var i = 0; i < 5; i++)
        {
            await admin.PostJsonAsync("/api/v1/work-units", new { name = $"{marker}-{i}", kind = "Institution" }).ReadAsync<WorkUnitDto>(HttpStatusCode.Created);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/work-units?q={Uri.EscapeDataString(marker)}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await admin.GetAsync(url).ReadJsonAsync(HttpStatusCode.OK);
            seen.AddRange(page["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        Assert.That(seen, Is.EqualTo(Enumerable.Range(0, 5).Select(i => $"{marker}-{i}")));
    }

    [Test]
    public async Task DuplicatesAreConflicts()
    {
        var admin = await Factory.CityAdminAsync();
        var name = Unique("重名街道");
        await admin.PostJsonAsync("/api/v1/streets", new { name }).ReadAsync<StreetDto>(HttpStatusCode.Created);
        await admin.PostJsonAsync("/api/v1/streets", new { name = $"  {name} " }).ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Test]
    public async Task BadInputNamesTheFieldsAndWritesNothing()
    {
        var admin = await Factory.CityAdminAsync();
        var noStreet = await admin.PostJsonAsync("/api/v1/communities", new { name = "", streetId = "abc" })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var unknownStreet = await admin.PostJsonAsync("/api/v1/communities", new { name = "某社区", streetId = "987654" })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var longName = await admin.PostJsonAsync("/api/v1/streets", new { name = new string('街', 51) })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var badKind = await admin.PostJsonAsync("/api/v1/work-units", new { name = "某单位", kind = "Bank" })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var numericKind = await admin.PostJsonAsync("/api/v1/work-units", new { name = "某单位", kind = 1 })
            .ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Multiple(() =>
        {
            Assert.That(noStreet.Errors.Keys, Is.EquivalentTo(new[] { "name", "streetId" }));
            Assert.That(unknownStreet.Errors.Keys, Is.EquivalentTo(new[] { "streetId" }));
            Assert.That(longName.Errors["name"][0], Does.Contain("50"));
            Assert.That(badKind.Errors.Keys, Is.EquivalentTo(new[] { "kind" }));
            Assert.That(numericKind.Errors.Keys, Is.EquivalentTo(new[] { "kind" }));
        });
        var units = await admin.GetAsync($"/api/v1/work-units?q={Uri.EscapeDataString("某单位")}").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(units["items"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task UnknownIdsAreNotFound()
    {
        var admin = await Factory.CityAdminAsync();
        await admin.GetAsync("/api/v1/communities/424242").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await admin.GetAsync("/api/v1/communities/424242/blocks").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await admin.PostJsonAsync("/api/v1/communities/424242/blocks", new { name = "x" }).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await admin.GetAsync("/api/v1/work-units/not-an-id").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await admin.GetAsync("/api/v1/streets/0").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task PagingLimitsAreEnforced()
    {
        var admin = await Factory.CityAdminAsync();
        var tooMany = await admin.GetAsync("/api/v1/streets?limit=101").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var notNumber = await admin.GetAsync("/api/v1/streets?limit=lots").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        var badCursor = await admin.GetAsync("/api/v1/streets?cursor=%%%").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Multiple(() =>
        {
            Assert.That(tooMany.Errors.Keys, Does.Contain("limit"));
            Assert.That(notNumber.Errors.Keys, Does.Contain("limit"));
            Assert.That(badCursor.Errors.Keys, Does.Contain("cursor"));
        });
    }
}
