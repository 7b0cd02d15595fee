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
    public async Task TheFaviconIsThereAndTheBackOfficesAssetsGoPrecompressed()
    {
        var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var favicon = await client.GetAsync("/favicon.ico");
        Assert.That(favicon.StatusCode, Is.EqualTo(HttpStatusCode.MovedPermanently), "not a 401 on every page");
        Assert.That(favicon.Headers.Location!.ToString(), Is.EqualTo("/admin/favicon.svg"));

        var dist = Path.Combine(Contract.DocsWalkTests.RootFolder(), "Api", "backoffice-dist");
        if (!File.Exists(Path.Combine(dist, "favicon.svg.br")))
        {
            Assert.Ignore("The back office is not built here (-p:SkipBackOffice=true).");
        }

        var original = await File.ReadAllBytesAsync(Path.Combine(dist, "favicon.svg"));
        var asking = new HttpRequestMessage(HttpMethod.Get, "/admin/favicon.svg");
        asking.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
        var compressed = await client.SendAsync(asking);
        await using var brotli = new System.IO.Compression.BrotliStream(await compressed.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        using var opened = new MemoryStream();
        await brotli.CopyToAsync(opened);
        var plain = await client.GetAsync("/admin/favicon.svg");
        var script = Directory.GetFiles(Path.Combine(dist, "assets"), "*.js").First();
        var asset = new HttpRequestMessage(HttpMethod.Get, "/admin/assets/" + Path.GetFileName(script));
        asset.Headers.AcceptEncoding.ParseAdd("gzip");
        var gzipped = await client.SendAsync(asset);
        Assert.Multiple(async () =>
        {
            Assert.That(compressed.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "br" }));
            Assert.That(compressed.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/svg+xml"));
            Assert.That(compressed.Headers.Vary, Does.Contain("Accept-Encoding"));
            Assert.That(opened.ToArray(), Is.EqualTo(original));
            Assert.That(plain.Content.Headers.ContentEncoding, Is.Empty);
            Assert.That(await plain.Content.ReadAsByteArrayAsync(), Is.EqualTo(original));
            Assert.That(gzipped.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
            Assert.That(gzipped.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/javascript"));
            Assert.That(gzipped.Headers.CacheControl!.ToString(), Does.Contain("immutable"));
            Assert.That(gzipped.Content.Headers.ContentLength, Is.LessThan(new FileInfo(script).Length));
        });
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
    public async Task TheJobsDashboardIsForCityAdminsOnlyAndNoTokenGoesInAUrl()
    {
        var anonymous = Factory.CreateClient();
        Assert.That((await anonymous.GetAsync("/jobs")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        var residentToken = await TokenAsync(Unique("resident-"));
        var resident = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        resident.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", residentToken);
        await resident.PostAsync("/api/v1/auth/jobs-session", null).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var cityToken = await TokenAsync(ZhujiApiFactory.CityAdminOpenId);
        Assert.That((await anonymous.GetAsync($"/jobs?access_token={cityToken}")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "a token in the URL opens nothing");

        // The back office: its bearer call puts the token in a cookie for /jobs only; the browser then opens /jobs.
        var browser = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        var session = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/jobs-session");
        session.Headers.Authorization = new AuthenticationHeaderValue("Bearer", cityToken);
        var opened = await browser.SendAsync(session);
        var cookie = opened.Headers.GetValues("Set-Cookie").Single();
        var first = await browser.GetAsync("/jobs");
        var next = await browser.GetAsync("/jobs/recurring");
        var bearer = Factory.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", cityToken);
        Assert.Multiple(async () =>
        {
            Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(cookie, Does.Contain("path=/jobs").IgnoreCase.And.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);
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
