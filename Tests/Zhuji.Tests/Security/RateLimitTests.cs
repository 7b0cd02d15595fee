using System.Net;
using System.Net.Http.Json;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Features.Tasks;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Security;

public class RateLimitTests
{
    [Test]
    public async Task AScriptLoggingInFromOneAddressIsLimitedWithRetryAfter()
    {
        await using var factory = new ZhujiApiFactory(new Dictionary<string, string?>
        {
            ["Zhuji:RateLimits:Enabled"] = "true",
            ["Zhuji:RateLimits:LoginPerIpPerMinute"] = "5",
        });
        var client = factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/v1/auth/wechat-login", new { code = $"fake:script-{i}" }).ReadAsync<LoginResponse>(HttpStatusCode.OK);
        }

        var limited = await client.PostAsJsonAsync("/api/v1/auth/wechat-login", new { code = "fake:script-6" });
        await limited.ReadProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        await client.PostAsJsonAsync("/api/v1/auth/password-login", new { username = "x", password = "y" }).ReadProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Test]
    public async Task AnHonestMembersBurstPassesAndAScriptsDoesNotWhileOthersAreUnaffected()
    {
        await using var factory = new ZhujiApiFactory(new Dictionary<string, string?>
        {
            ["Zhuji:RateLimits:Enabled"] = "true",
            ["Zhuji:RateLimits:ClaimBurstPerUser"] = "10",
        });
        var city = await TestCity.CreateAsync(factory);
        var admin = await factory.CityAdminAsync();
        var members = await factory.ApprovedMembersAsync(2, "rl-", city.CommunityA, city.BlockA1, city.WorkUnit);
        var tasks = new List<string>();
        for (var i = 0; i < 14; i++)
        {
            tasks.Add((await admin.PublishAsync(TaskHelpers.Body("City", null, DateTimeOffset.UtcNow.AddDays(1)))).Id);
        }

        // A member grabbing five tasks in a row at 7 a.m. is never limited.
        foreach (var task in tasks.Take(5))
        {
            await members[0].Client.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        }

        // A script firing claims as fast as it can is.
        var script = await Task.WhenAll(tasks.Skip(5).Select(t => members[0].Client.ClaimAsync(t)));
        var limited = script.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.That(limited, Is.Not.Empty);
        await limited[0].ReadProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.That(limited[0].Headers.RetryAfter, Is.Not.Null);

        // Someone else is unaffected.
        await members[1].Client.ClaimAsync(tasks[^1]).ReadAsync<ClaimDto>(HttpStatusCode.Created);
    }
}
