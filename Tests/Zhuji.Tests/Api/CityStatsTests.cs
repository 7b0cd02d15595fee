using System.Net;
using Zhuji.Api.Features.MasterData;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>The city's figures on a city built for the test alone: each figure counts what its name and description say.</summary>
public class CityStatsTests : ApiTest
{
    [Test]
    public async Task TheFiguresAddUpAndAnEmptyCommunityAppearsWithZeros()
    {
        var city = await TestCity.CreateAsync(Factory);
        var admin = await Factory.CityAdminAsync();
        var empty = (await admin.PostJsonAsync("/api/v1/communities", new { name = "无任务社区", streetId = city.StreetB }).ReadAsync<CommunityDto>(HttpStatusCode.Created)).Id;

        // Roster of three: two register (one approved, one waiting), one never does; a resident registers outside any roster.
        var approvedPhone = Registrations.NewPhone();
        var pendingPhone = Registrations.NewPhone();
        var unitAdmin = await TestCity.AdminAsync(Factory, Unique("ua-"), "WorkUnitAdmin", city.WorkUnit);
        var csv = $"姓名,手机号\n甲,{approvedPhone}\n乙,{pendingPhone}\n丙,{Registrations.NewPhone()}\n";
        await unitAdmin.PostAsync($"/api/v1/work-units/{city.WorkUnit}/roster",
            new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "roster.csv" } }).ReadJsonAsync(HttpStatusCode.OK);
        await Factory.ApprovedMemberAsync(Unique("a-"), city.CommunityA, city.BlockA1, city.WorkUnit, phone: approvedPhone, name: "甲");
        await Factory.ApprovedMemberAsync(Unique("r-"), city.CommunityB, city.BlockB1, null, memberType: "Resident");
        await (await Factory.LoginAsync(Unique("p-"))).RegisterAsync(Registrations.Body(city.CommunityA, city.BlockA1, city.WorkUnit, name: "乙", phone: pendingPhone));

        var year = DateTime.UtcNow.Year;
        await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, DateTimeOffset.UtcNow.AddHours(2), category: "HelpGroup"));
        await admin.PublishAsync(TaskHelpers.Body("Block", city.BlockA1, DateTimeOffset.UtcNow.AddHours(3), category: "RedSteward"));
        await admin.PublishAsync(TaskHelpers.Body("City", null, DateTimeOffset.UtcNow.AddHours(4)));

        var stats = await admin.GetAsync($"/api/v1/stats/city?year={year}").ReadJsonAsync(HttpStatusCode.OK);
        int Figure(string name) => stats[name]!.GetValue<int>();
        Assert.Multiple(() =>
        {
            Assert.That(Figure("members"), Is.EqualTo(2), "approved members, the resident included");
            Assert.That(Figure("approved"), Is.EqualTo(2));
            Assert.That(Figure("pendingRegistrations"), Is.EqualTo(1));
            Assert.That(Figure("registered"), Is.EqualTo(Figure("approved") + Figure("pendingRegistrations")));
            Assert.That(Figure("rosterSize"), Is.EqualTo(3));
            Assert.That(Figure("registeredInRoster"), Is.EqualTo(2));
            Assert.That(stats["registrationRate"]!.GetValue<double>(), Is.EqualTo(Math.Round(2 / 3.0, 4)));
            Assert.That(Figure("tasksPublished"), Is.EqualTo(3));
            var byCommunity = stats["tasksByCommunity"]!.AsArray().ToDictionary(c => c!["communityId"]!.GetValue<string>(), c => c!);
            Assert.That(byCommunity.Keys, Is.EquivalentTo(new[] { city.CommunityA, city.CommunityB, empty }), "every community, with or without tasks");
            Assert.That(byCommunity[city.CommunityA]["tasks"]!.GetValue<int>(), Is.EqualTo(2), "the community's and its blocks' tasks; the city's are not any community's");
            Assert.That(byCommunity[empty]["tasks"]!.GetValue<int>(), Is.Zero);
            Assert.That(byCommunity[empty]["name"]!.GetValue<string>(), Is.EqualTo("无任务社区"));
            Assert.That(byCommunity[empty]["byCategory"]!.AsObject().Select(p => p.Value!.GetValue<int>()), Is.EqualTo(new[] { 0, 0, 0, 0, 0 }));
        });
    }

    [Test]
    public async Task EachFigureIsDescribedInTheOpenApiDocument()
    {
        var document = await Factory.CreateClient().GetAsync("/swagger/v1/swagger.json").ReadJsonAsync(HttpStatusCode.OK);
        var properties = document["components"]!["schemas"]!["CityStatsDto"]!["properties"]!.AsObject();
        Assert.That(properties.Select(p => (p.Key, Description: p.Value!["description"]?.GetValue<string>() ?? "")),
            Has.All.Matches<(string Key, string Description)>(p => p.Description.Length > 0));
        Assert.That(properties["registrationRate"]!["description"]!.GetValue<string>(), Does.Contain("registeredInRoster / rosterSize"));
    }
}
