using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.WeChat;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Infrastructure;

/// <summary>Our own WeChat client (Live mode) against the WeChat server on loopback.</summary>
public class WeChatClientTests
{
    private FakeWeChatServer wechat = null!;
    private ZhujiApiFactory api = null!;

    [SetUp]
    public async Task StartAsync()
    {
        wechat = await FakeWeChatServer.StartAsync();
        api = new ZhujiApiFactory(wechat.LiveSettings());
        _ = api.Server;
    }

    [TearDown]
    public async Task StopAsync()
    {
        await api.DisposeAsync();
        await wechat.DisposeAsync();
    }

    [Test]
    public async Task TheAccessTokenIsFetchedOnceAndKeptInTheDatabase()
    {
        var first = await WithClient(api, c => c.GetAccessTokenAsync(CancellationToken.None));
        var second = await WithClient(api, c => c.GetAccessTokenAsync(CancellationToken.None));

        await using var scope = api.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<ZhujiDbContext>().WeChatAccessTokens.SingleAsync();
        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(wechat.StableTokenCalls, Is.EqualTo(1));
            Assert.That(stored.AppId, Is.EqualTo(FakeWeChatServer.AppId));
            Assert.That(stored.Token, Is.EqualTo(first));
            Assert.That(stored.ExpiresAt, Is.GreaterThan(DateTime.UtcNow.AddMinutes(100)));
        });
    }

    [Test]
    public async Task CallsToWeChatAreCountedOnTheMetricsEndpoint()
    {
        await WithClient(api, c => c.GetAccessTokenAsync(CancellationToken.None));
        var metrics = await api.CreateClient().GetStringAsync("/metrics");
        Assert.That(metrics, Does.Match("zhuji_wechat_calls_total\\{[^}]*api=\"stable_token\"[^}]*outcome=\"ok\"[^}]*\\} 1"));
    }

    [Test]
    public async Task ASecondInstanceOnTheSameDatabaseUsesTheSharedToken()
    {
        var token = await WithClient(api, c => c.GetAccessTokenAsync(CancellationToken.None));
        await using var secondInstance = new ZhujiApiFactory(wechat.LiveSettings(), folder: api.Folder);
        _ = secondInstance.Server;

        var shared = await WithClient(secondInstance, c => c.GetAccessTokenAsync(CancellationToken.None));
        Assert.Multiple(() =>
        {
            Assert.That(shared, Is.EqualTo(token));
            Assert.That(wechat.StableTokenCalls, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ConcurrentCallersShareOneRefresh()
    {
        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            WithClient(api, c => c.GetAccessTokenAsync(CancellationToken.None))));
        Assert.Multiple(() =>
        {
            Assert.That(tokens.Distinct().Count(), Is.EqualTo(1));
            Assert.That(wechat.StableTokenCalls, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ARejectedTokenIsRefreshedOnceAndTheCallRetriedOnce()
    {
        var before = await WithClient(api, c => c.GetAccessTokenAsync(CancellationToken.None));
        wechat.InvalidateCurrentToken();

        var image = await WithClient(api, c => c.GetWxaCodeUnlimitAsync(new WxaCodeRequest("c2b3xyz", "pages/register/index"), CancellationToken.None));
        var after = await WithClient(api, c => c.GetAccessTokenAsync(CancellationToken.None));
        Assert.Multiple(() =>
        {
            Assert.That(image.ContentType, Is.EqualTo("image/png"));
            Assert.That(image.Content, Is.EqualTo(FakeWeChatServer.PngSignature));
            Assert.That(after, Is.Not.EqualTo(before));
            Assert.That(wechat.StableTokenCalls, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task AMiniProgramCodeErrorIsUnavailableNotACrash()
    {
        var tooLong = new string('x', 40);
        var error = await Assert.ThrowsAsync<WeChatException>(() =>
            WithClient(api, c => c.GetWxaCodeUnlimitAsync(new WxaCodeRequest(tooLong, "pages/register/index"), CancellationToken.None)));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Failure, Is.EqualTo(WeChatFailure.Unavailable));
            Assert.That(error.ErrCode, Is.EqualTo(40169));
        });
    }

    [Test]
    public async Task AnUnsubscribedUserIsANormalOutcomeAndASubscribedOneGetsTheMessage()
    {
        wechat.Unsubscribed["o-not-subscribed"] = true;
        var data = new Dictionary<string, string> { ["thing1"] = "社区活动已取消" };
        var skipped = await WithClient(api, c => c.SendSubscribeAsync(new SubscribeMessage("o-not-subscribed", "tmpl-1", null, data), CancellationToken.None));
        var sent = await WithClient(api, c => c.SendSubscribeAsync(new SubscribeMessage("o-subscribed", "tmpl-1", "pages/tasks/index", data), CancellationToken.None));
        Assert.Multiple(() =>
        {
            Assert.That(skipped, Is.EqualTo(SubscribeSendResult.NotSubscribed));
            Assert.That(sent, Is.EqualTo(SubscribeSendResult.Sent));
            Assert.That(wechat.SubscribeMessages.Single()["touser"]!.GetValue<string>(), Is.EqualTo("o-subscribed"));
            Assert.That(wechat.SubscribeMessages.Single()["data"]!["thing1"]!["value"]!.GetValue<string>(), Is.EqualTo("社区活动已取消"));
        });
    }

    private static async Task<T> WithClient<T>(ZhujiApiFactory factory, Func<IWeChatClient, Task<T>> call)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<IWeChatClient>());
    }
}
