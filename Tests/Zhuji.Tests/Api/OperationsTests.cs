using System.Net;
using System.Net.Http.Headers;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

public class OperationsTests : ApiTest
{
    [Test]
    public async Task HealthAnswersWithoutATokenWhenTheDatabaseAnswers()
    {
        var health = await Factory.CreateClient().GetAsync("/health").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(health["status"]!.GetValue<string>(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task SwaggerDescribesTheBearerTokenOnProtectedOperationsOnly()
    {
        var client = Factory.CreateClient();
        var document = await client.GetAsync("/swagger/v1/swagger.json").ReadJsonAsync(HttpStatusCode.OK);
        var scheme = document["components"]!["securitySchemes"]!["Bearer"]!;
        var paths = document["paths"]!;
        Assert.Multiple(() =>
        {
            Assert.That(scheme["scheme"]!.GetValue<string>(), Is.EqualTo("bearer"));
            Assert.That(paths["/api/v1/me"]!["get"]!["security"], Is.Not.Null);
            Assert.That(paths["/api/v1/auth/wechat-login"]!["post"]!["security"], Is.Null);
            Assert.That(paths["/api/v1/auth/wechat-login"]!["post"]!["operationId"]!.GetValue<string>(), Is.EqualTo("WeChatLogin"));
        });
        Assert.That((await client.GetAsync("/swagger/index.html")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task TheJobsDashboardIsForCityAdminsOnly()
    {
        var anonymous = Factory.CreateClient();
        Assert.That((await anonymous.GetAsync("/jobs")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var residentToken = await TokenAsync(Unique("resident-"));
        Assert.That((await anonymous.GetAsync($"/jobs?access_token={residentToken}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var browser = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        var cityToken = await TokenAsync(ZhujiApiFactory.CityAdminOpenId);
        var first = await browser.GetAsync($"/jobs?access_token={cityToken}");
        var next = await browser.GetAsync("/jobs/recurring");
        var bearer = Factory.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cityToken);
        Assert.Multiple(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(next.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the cookie carries the token to the dashboard's other pages");
            Assert.That(await next.Content.ReadAsStringAsync(), Does.Contain("housekeeping:purge-idempotency-records"));
            Assert.That((await bearer.GetAsync("/jobs")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    private async Task<string> TokenAsync(string openId)
    {
        var login = await Factory.CreateClient().PostJsonAsync("/api/v1/auth/wechat-login", new { code = "fake:" + openId }).ReadJsonAsync(HttpStatusCode.OK);
        return login["token"]!.GetValue<string>();
    }
}
