using System.Net;
using System.Net.Http.Json;
using Zhuji.Api.Features.Tasks;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Trust;

/// <summary>Rate limits that fit real offices, with the default configuration (limits on).</summary>
public class LimitsTests : ApiTest
{
    private const string OfficeNat = "203.0.113.40";

    protected override Task<ZhujiApiFactory> CreateFactoryAsync() =>
        Task.FromResult(new ZhujiApiFactory(new Dictionary<string, string?> { ["Zhuji:RateLimits:Enabled"] = "true" }));

    [Test]
    public async Task ThreeHundredOfficialsLogInFromOneOfficeInAMinute()
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add(ZhujiApiFactory.ClientHeader, OfficeNat);
        var responses = new List<HttpResponseMessage>();
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var response = await client.PostAsJsonAsync("/api/v1/auth/wechat-login", new { code = $"fake:meeting-{i}" });
                lock (responses)
                {
                    responses.Add(response);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(300));
    }

    [Test]
    public async Task AnonymousTrafficDoesNotSpendTheBudgetOfMembersBehindTheSameAddress()
    {
        var city = await TestCity.CreateAsync(Factory);
        var admin = await TestCity.AdminAsync(Factory, Unique("ca-"), "CommunityAdmin", city.CommunityA);
        var task = await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, DateTimeOffset.UtcNow.AddDays(2), slots: 50));
        var (member, _, _) = await Factory.ApprovedMemberAsync(Unique("nat-member-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        member.DefaultRequestHeaders.Add(ZhujiApiFactory.ClientHeader, "203.0.113.41");

        var anonymous = Factory.CreateClient();
        anonymous.DefaultRequestHeaders.Add(ZhujiApiFactory.ClientHeader, "203.0.113.41");
        var statuses = new List<HttpStatusCode>();
        for (var batch = 0; batch < 35; batch++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => anonymous.PostAsJsonAsync($"/api/v1/tasks/{task.Id}/claims", new { })));
            statuses.AddRange(responses.Select(r => r.StatusCode));
        }

        Assert.That(statuses, Does.Contain(HttpStatusCode.TooManyRequests), "anonymous floods meet their own limit");
        await member.ClaimAsync(task.Id).ReadAsync<ClaimDto>(HttpStatusCode.Created);
    }

    [Test]
    public async Task AResidentPostsAtMostTenWishesADay()
    {
        var city = await TestCity.CreateAsync(Factory);
        var resident = await Factory.LoginAsync(Unique("busy-resident-"));
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => resident.PostJsonAsync("/api/v1/wishes", new
        {
            communityId = city.CommunityA,
            title = $"心愿{i}",
            description = "需要帮助",
            contactName = "王",
            contactPhone = "13600001111",
            channel = "MiniProgram",
        }))));
        Assert.Multiple(() =>
        {
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(10));
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests), Is.EqualTo(10));
        });
        await responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests).ReadProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }
}
