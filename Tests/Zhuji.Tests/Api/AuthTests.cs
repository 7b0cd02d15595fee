using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

public class AuthTests : ApiTest
{
    [Test]
    public async Task FakeLoginReturnsATokenWhoseMeShowsTheRoles()
    {
        var client = Factory.CreateClient();
        var login = await (await client.PostAsJsonAsync("/api/v1/auth/wechat-login", new { code = "fake:" + ZhujiApiFactory.CityAdminOpenId }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(login["token"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(login["expiresAt"]!.GetValue<string>(), Does.EndWith("+08:00"));
            Assert.That(login["user"]!["roles"]![0]!["role"]!.GetValue<string>(), Is.EqualTo("CityAdmin"));
            Assert.That(login["user"]!["roles"]![0]!["scopeId"], Is.Null);
            Assert.That(login["user"]!["registration"], Is.Null);
        });

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login["token"]!.GetValue<string>());
        var me = await (await client.GetAsync("/api/v1/me")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(me.Id(), Is.EqualTo(login["user"]!.Id()));
            Assert.That(me["roles"]!.AsArray().Select(r => r!["role"]!.GetValue<string>()), Is.EqualTo(new[] { "CityAdmin" }));
            Assert.That(me["member"], Is.Null);
        });
    }

    [Test]
    public async Task ANewWeChatUserIsCreatedOnceAndHasNoRoles()
    {
        var openId = Unique("resident-");
        var first = await Factory.LoginAsync(openId);
        var second = await Factory.LoginAsync(openId);
        var a = await (await first.GetAsync("/api/v1/me")).ReadJsonAsync(HttpStatusCode.OK);
        var b = await (await second.GetAsync("/api/v1/me")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(b.Id(), Is.EqualTo(a.Id()));
            Assert.That(a["roles"]!.AsArray(), Is.Empty);
        });
    }

    [Test]
    public async Task ConcurrentFirstLoginsOfOnePersonMakeOneUser()
    {
        var openId = Unique("burst-");
        var client = Factory.CreateClient();
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            client.PostAsJsonAsync("/api/v1/auth/wechat-login", new { code = "fake:" + openId })));
        var ids = new HashSet<string>();
        foreach (var response in responses)
        {
            ids.Add((await response.ReadJsonAsync(HttpStatusCode.OK))["user"]!.Id());
        }

        Assert.That(ids, Has.Count.EqualTo(1));
    }

    [TestCase("not-a-fake-code")]
    [TestCase("fake:")]
    [TestCase("fake:has space")]
    public async Task AnInvalidCodeIsWeChatCodeInvalid(string code)
    {
        var response = await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/wechat-login", new { code });
        await response.ReadProblemAsync(HttpStatusCode.BadRequest, "wechat_code_invalid");
    }

    [Test]
    public async Task AMissingCodeIsAValidationProblemNamingTheField()
    {
        var response = await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/wechat-login", new { });
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem.Errors.Keys, Does.Contain("code"));
    }

    [Test]
    public async Task NoTokenOrAForgedTokenIsUnauthorized()
    {
        var client = Factory.CreateClient();
        await (await client.GetAsync("/api/v1/me")).ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.forged");
        await (await client.GetAsync("/api/v1/me")).ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
