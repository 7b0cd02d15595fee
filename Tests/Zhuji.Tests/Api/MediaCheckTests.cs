using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Zhuji.Api.Features.Tasks;
using Zhuji.Api.Features.Uploads;
using Zhuji.Infrastructure.Notifications;
using Zhuji.Infrastructure.Uploads;
using Zhuji.Jobs;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Api;

/// <summary>
/// Live mode: an uploaded photo goes to WeChat's image check by a signed link it can download; a risky verdict
/// pushed back hides the photo from everyone and tells the community's admins; a push without the signature does nothing.
/// </summary>
public class MediaCheckTests : LiveWeChatApiTest
{
    private const string PushToken = "push-token-for-tests";
    private readonly Mock<INotifier> notifier = new();
    private readonly List<(long UploadId, string OpenId, string Url)> asked = [];
    private readonly TestClock clock = new(TestClock.Shanghai(2026, 7, 1, 9));

    protected override ZhujiApiFactory CreateFactory(Dictionary<string, string?> settings)
    {
        settings["Zhuji:WeChat:PushToken"] = PushToken;
        var checks = new Mock<IPhotoChecks>();
        checks.Setup(c => c.Check(It.IsAny<long>(), It.IsAny<string>(), It.IsAny<string>()))
            .Callback((long id, string openId, string url) => asked.Add((id, openId, url)));
        return new ZhujiApiFactory(settings, services: s => s.AddSingleton(checks.Object).AddSingleton(notifier.Object), clock: clock);
    }

    [Test]
    public async Task ARiskyPhotoIsHiddenFromEveryoneAndItsCommunityIsToldAndAnUnsignedPushChangesNothing()
    {
        var city = await TestCity.CreateAsync(Factory);
        var admin = await TestCity.AdminAsync(Factory, Unique("mc-admin-"), "CommunityAdmin", city.CommunityA);
        var openId = Unique("mc-member-");
        var (member, _, _) = await Factory.ApprovedMemberAsync(openId, city.CommunityA, city.BlockA1, city.WorkUnit);
        var start = clock.GetUtcNow().AddHours(1);
        var task = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, start))).Id;
        var claim = (await member.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
        var photo = await member.UploadPhotoAsync();

        var check = asked.Single();
        Assert.That(check.OpenId, Is.EqualTo(openId));
        var anonymous = Factory.CreateClient();
        var download = await anonymous.GetAsync(check.Url);
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK), "WeChat downloads it without a token");
        await anonymous.GetAsync(check.Url.Replace("signature=", "signature=0")).ReadProblemAsync(HttpStatusCode.NotFound, "not_found");

        // The job asks WeChat (the fake answers a trace id), as Hangfire would run it.
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MediaCheckJob>().RunAsync(check.UploadId, check.OpenId, check.Url, CancellationToken.None);
        }

        Assert.That(WeChat.MediaChecks.Single()["media_url"]!.GetValue<string>(), Is.EqualTo(check.Url));
        var traceId = await TraceIdAsync(check.UploadId);
        clock.Advance(TimeSpan.FromHours(2));
        await member.PostJsonAsync($"/api/v1/claims/{claim}/record",
            new { servedAt = start, hours = 1, content = "服务", place = "南门", photoUrls = new[] { photo } }).ReadJsonAsync(HttpStatusCode.OK);

        var verdict = $$$"""{"ToUserName":"gh_x","FromUserName":"o_wechat","CreateTime":1,"MsgType":"event","Event":"wxa_media_check","appid":"wx","trace_id":"{{{traceId}}}","version":2,"result":{"suggest":"risky","label":20002}}""";
        var forged = await anonymous.PostAsync("/api/v1/wechat/push?signature=00&timestamp=1&nonce=1", new StringContent(verdict, Encoding.UTF8, "application/json"));
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await member.GetAsync(photo)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "an unsigned push hides nothing");

        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = MediaCheckEndpoints.Sign(PushToken, timestamp, "n1");
        var pushed = await anonymous.PostAsync($"/api/v1/wechat/push?signature={signature}&timestamp={timestamp}&nonce=n1", new StringContent(verdict, Encoding.UTF8, "application/json"));
        Assert.That(await pushed.Content.ReadAsStringAsync(), Is.EqualTo("success"));
        Assert.Multiple(async () =>
        {
            Assert.That((await member.GetAsync(photo)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "hidden from the member");
            Assert.That((await admin.GetAsync(photo)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "and from the admins");
            Assert.That((await anonymous.GetAsync(check.Url)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
        notifier.Verify(n => n.Notify(It.Is<Notification>(x => x.Purpose == NotificationPurpose.PhotoHidden && x.UserIds.Length == 1)), Times.Once);
        var audit = await (await Factory.CityAdminAsync()).GetAsync("/api/v1/audit?entityType=Upload").ReadJsonAsync(HttpStatusCode.OK);
        Assert.That(audit["items"]!.AsArray().Select(i => i!["action"]!.GetValue<string>()), Does.Contain("PhotoHidden"));

        var echo = await anonymous.GetAsync($"/api/v1/wechat/push?signature={signature}&timestamp={timestamp}&nonce=n1&echostr=hello");
        Assert.That(await echo.Content.ReadAsStringAsync(), Is.EqualTo("hello"), "WeChat's check of the push URL");
    }

    private async Task<string> TraceIdAsync(long uploadId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Zhuji.Infrastructure.Data.ZhujiDbContext>();
        return db.Uploads.Single(u => u.Id == uploadId).MediaTraceId!;
    }
}
