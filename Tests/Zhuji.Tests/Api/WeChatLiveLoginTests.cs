using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>The Live WeChat mode, against a WeChat server on 127.0.0.1 that answers as WeChat does.</summary>
public class WeChatLiveLoginTests : LiveWeChatApiTest
{

    [Test]
    public async Task AValidCodeLogsTheUserInAndHisOpenIdIsHisIdentity()
    {
        var openId = Unique("o6_live");
        var first = await Login($"ok:{openId}").ReadJsonAsync(HttpStatusCode.OK);
        // A fresh code for the same WeChat user is the same user.
        var cityAdmin = await Login($"ok:{ZhujiApiFactory.CityAdminOpenId}").ReadJsonAsync(HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(first["token"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(first["user"]!["roles"]!.AsArray(), Is.Empty);
            Assert.That(cityAdmin["user"]!["roles"]![0]!["role"]!.GetValue<string>(), Is.EqualTo("CityAdmin"));
        });
    }

    [Test]
    public async Task ACodeUsedTwiceIsRefusedTheSecondTime()
    {
        var code = $"ok:{Unique("o6_twice")}";
        await Login(code).ReadJsonAsync(HttpStatusCode.OK);
        await (await Login(code)).ReadProblemAsync(HttpStatusCode.BadRequest, "wechat_code_invalid");
    }

    [TestCase("invalid")]
    [TestCase("blocked")]
    public async Task RefusedCodesAreWeChatCodeInvalid(string code) =>
        await Login(code).ReadProblemAsync(HttpStatusCode.BadRequest, "wechat_code_invalid");

    [TestCase("busy")]
    [TestCase("quota")]
    [TestCase("http500")]
    public async Task WeChatTroubleIsWeChatUnavailable(string code)
    {
        var response = await Login(code);
        await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable, "wechat_unavailable");
        Assert.That(response.Headers.RetryAfter, Is.Not.Null);
    }

    [Test]
    public async Task AHangingWeChatIsUnavailableWithinAboutTenSeconds()
    {
        var watch = Stopwatch.StartNew();
        var response = await Login("hang");
        watch.Stop();
        await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable, "wechat_unavailable");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(11)));
    }

    [Test]
    public async Task NeitherTheSecretNorTheSessionKeyReachesTheLogs()
    {
        await Login($"ok:{Unique("o6_logs")}").ReadJsonAsync(HttpStatusCode.OK);
        await Login("busy");
        await Login("invalid");
        var logs = Factory.Logs.AllText;
        Assert.Multiple(() =>
        {
            Assert.That(logs, Does.Not.Contain(FakeWeChatServer.AppSecret));
            Assert.That(logs, Does.Not.Contain(FakeWeChatServer.SessionKey));
            Assert.That(logs, Does.Contain("errcode -1").Or.Contain("ErrCode=-1"), "WeChat's error is logged, without secrets");
        });
    }

    private Task<HttpResponseMessage> Login(string code) =>
        Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/wechat-login", new { code });
}
