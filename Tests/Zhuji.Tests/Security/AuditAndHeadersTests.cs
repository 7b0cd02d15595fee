using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.Tasks;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Security;

public class AuditAndHeadersTests : ApiTest
{
    [Test]
    public async Task TheCityReadsWhoDidWhatWithStateBeforeAndAfter()
    {
        var city = await TestCity.CreateAsync(Factory);
        var communityAdmin = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
        var task = await communityAdmin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, DateTimeOffset.UtcNow.AddDays(1)));
        await communityAdmin.PostJsonAsync($"/api/v1/tasks/{task.Id}/cancel", new { reason = "场地冲突" }).ReadAsync<TaskDto>(HttpStatusCode.OK);
        var actorId = (await communityAdmin.GetAsync("/api/v1/me").ReadAsync<MeResponse>(HttpStatusCode.OK)).Id;

        var admin = await Factory.CityAdminAsync();
        var log = await admin.GetAsync($"/api/v1/audit?entityType=Task&entityId={task.Id}").ReadJsonAsync(HttpStatusCode.OK);
        var items = log["items"]!.AsArray();
        var cancelled = items.Single(i => i!["action"]!.GetValue<string>() == "TaskCancelled")!;
        Assert.Multiple(() =>
        {
            Assert.That(items.Select(i => i!["action"]!.GetValue<string>()), Is.EqualTo(new[] { "TaskCancelled", "TaskPublished" }), "newest first");
            Assert.That(cancelled["actorUserId"]!.GetValue<string>(), Is.EqualTo(actorId));
            Assert.That(cancelled["before"]!["status"]!.GetValue<string>(), Is.EqualTo("Published"));
            Assert.That(cancelled["after"]!["status"]!.GetValue<string>(), Is.EqualTo("Cancelled"));
            Assert.That(cancelled["after"]!["reason"]!.GetValue<string>(), Is.EqualTo("场地冲突"));
        });

        var byAction = await admin.GetAsync("/api/v1/audit?action=RoleGranted&limit=100").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(byAction["items"]!.AsArray().Select(i => i!["action"]!.GetValue<string>()), Is.All.EqualTo("RoleGranted"));
        await communityAdmin.GetAsync("/api/v1/audit").ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Test]
    public async Task ApiAnswersCarrySecurityHeadersAndAreNotCached()
    {
        var response = await (await Factory.CityAdminAsync()).GetAsync("/api/v1/streets");
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("DENY"));
            Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("no-referrer"));
            Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'none'"));
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        });
    }

    [Test]
    public async Task OutsideDevelopmentHttpsIsStrict()
    {
        await using var factory = new ZhujiApiFactory(new Dictionary<string, string?>
        {
            ["Zhuji:WeChat:Mode"] = "Live",
            ["Zhuji:WeChat:AppId"] = "wx-production",
            ["Zhuji:WeChat:AppSecret"] = "secret",
            ["Zhuji:WeChat:BaseUrl"] = "http://127.0.0.1:9",
        }, environment: "Production");
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://xfwj.example.gov.cn") });
        var response = await client.GetAsync("/health");
        Assert.That(response.Headers.GetValues("Strict-Transport-Security").Single(), Does.Contain("max-age=31536000"));
    }

    [Test]
    public void NoSecretIsCheckedIn()
    {
        var root = Path.GetDirectoryName(Contract.ContractDriftTests.ContractPath)!;
        var repository = Directory.GetParent(root)!.FullName;
        foreach (var settings in Directory.GetFiles(Path.Combine(repository, "Api"), "appsettings*.json"))
        {
            var text = File.ReadAllText(settings);
            Assert.Multiple(() =>
            {
                Assert.That(text, Does.Not.Contain("AppSecret\":").Or.Contain("AppSecret\": \"\""), settings);
                Assert.That(text, Does.Not.Contain("SigningKey"), settings);
                Assert.That(text, Does.Not.Contain("Password="), settings);
                Assert.That(text, Does.Not.Contain("LicenseKey"), settings);
            });
        }
    }
}
