using System.Net;
using Zhuji.Domain.Places;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>The whole flow as the phones drive it, with WeChat Live against the fake WeChat server.</summary>
public class ScanToRegisterTests : LiveWeChatApiTest
{
    private TestCity city = null!;

    [OneTimeSetUp]
    public async Task CreateCityAsync() => city = await TestCity.CreateAsync(Factory);

    [Test]
    public async Task ScanTheCommunityCodeRegisterGetApprovedAndMeShowsAMember()
    {
        var secretary = await TestCity.AdminAsync(Factory, Unique("o6_secretary"), "CommunityAdmin", city.CommunityA);

        // The community prints its code: the scene WeChat was asked to carry is what the phone will read.
        var code = await secretary.GetAsync($"/api/v1/communities/{city.CommunityA}/qrcode");
        Assert.That(code.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await code.Content.ReadAsByteArrayAsync(), Is.EqualTo(FakeWeChatServer.PngSignature));
        var request = WeChat.WxaCodeRequests.Last();
        var scene = request["scene"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(SceneCode.LooksValid(scene), Is.True);
            Assert.That(request["page"]!.GetValue<string>(), Is.EqualTo("pages/register/index"));
        });

        // A member scans it, registers against his home address, the community approves.
        var memberOpenId = Unique("o6_member");
        var member = await Factory.LoginAsync(memberOpenId);
        var resolved = await member.GetAsync($"/api/v1/register/scene/{Uri.EscapeDataString(scene)}").ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(resolved["community"]!.Id(), Is.EqualTo(city.CommunityA));
            Assert.That(resolved["blocks"]!.AsArray().Select(b => b!.Id()), Is.EquivalentTo(new[] { city.BlockA1, city.BlockA2 }));
        });

        var registration = await member.RegisterAsync(Registrations.Body(resolved["community"]!.Id(), resolved["blocks"]![0]!.Id(), city.WorkUnit, name: "赵六"));
        await secretary.ApproveAsync(registration.Id);
        var me = await (await Factory.LoginAsync(memberOpenId)).GetAsync("/api/v1/me").ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(me["member"]!["name"]!.GetValue<string>(), Is.EqualTo("赵六"));
            Assert.That(me["member"]!["communityId"]!.GetValue<string>(), Is.EqualTo(city.CommunityA));
        });
    }

    [Test]
    public async Task EachCommunityHasItsOwnStableUnguessableScene()
    {
        var admin = await Factory.CityAdminAsync();
        async Task<string> SceneOf(string community)
        {
            Assert.That((await admin.GetAsync($"/api/v1/communities/{community}/qrcode")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            return WeChat.WxaCodeRequests.Last()["scene"]!.GetValue<string>();
        }

        var a1 = await SceneOf(city.CommunityA);
        var a2 = await SceneOf(city.CommunityA);
        var b = await SceneOf(city.CommunityB);
        Assert.Multiple(() =>
        {
            Assert.That(a2, Is.EqualTo(a1));
            Assert.That(b, Is.Not.EqualTo(a1));
            Assert.That(a1, Has.Length.EqualTo(1 + SceneCode.RandomLength));
            Assert.That(a1, Does.Not.Contain(city.CommunityA));
        });
    }

    [Test]
    public async Task OnlyTheCommunityAndAboveGetItsCodeAndUnknownScenesAreNotFound()
    {
        var resident = await Factory.LoginAsync(Unique("o6_res"));
        var blockAdmin = await TestCity.AdminAsync(Factory, Unique("o6_block"), "BlockAdmin", city.BlockA1);
        await resident.GetAsync($"/api/v1/communities/{city.CommunityA}/qrcode").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await blockAdmin.GetAsync($"/api/v1/communities/{city.CommunityA}/qrcode").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await resident.GetAsync("/api/v1/register/scene/cNoSuchScene").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
        await resident.GetAsync("/api/v1/register/scene/%25bad%25").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");

        var admin = await Factory.CityAdminAsync();
        await admin.GetAsync($"/api/v1/communities/{city.CommunityA}/qrcode?width=100").ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        await admin.GetAsync("/api/v1/communities/987654/qrcode").ReadProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
