using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Api.Features.Tasks;
using Zhuji.Jobs;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Jobs;

/// <summary>Reminders a day and two hours before a claimed task, each once however often the job runs; the admins' daily digest.</summary>
public class TaskReminderJobTests : LiveWeChatApiTest
{
    private readonly TestClock clock = new(TestClock.Shanghai(2026, 6, 1, 9));

    protected override ZhujiApiFactory CreateFactory(Dictionary<string, string?> settings)
    {
        settings["Zhuji:WeChat:Templates:TaskReminder:Id"] = "tmpl-task-reminder";
        settings["Zhuji:WeChat:Templates:TaskReminder:Fields:thing1"] = "title";
        settings["Zhuji:WeChat:Templates:TaskReminder:Fields:time2"] = "time";
        settings["Zhuji:WeChat:Templates:TaskReminder:Fields:thing3"] = "reason";
        settings["Zhuji:WeChat:Templates:AdminDigest:Id"] = "tmpl-digest";
        settings["Zhuji:WeChat:Templates:AdminDigest:Fields:thing1"] = "title";
        return new ZhujiApiFactory(settings, clock: clock);
    }

    [Test]
    public async Task EachReminderIsSentOnceAcrossRerunsAndConcurrentRunsAndAnUnsubscribedMemberIsSkipped()
    {
        clock.Set(TestClock.Shanghai(2026, 6, 1, 9));
        var city = await TestCity.CreateAsync(Factory);
        var admin = await TestCity.AdminAsync(Factory, Unique("tr-admin-"), "CommunityAdmin", city.CommunityA);
        var subscribed = Unique("tr-sub-");
        var unsubscribed = Unique("tr-unsub-");
        var cancelling = Unique("tr-cancel-");
        var (member, _, _) = await Factory.ApprovedMemberAsync(subscribed, city.CommunityA, city.BlockA1, city.WorkUnit);
        var (other, _, _) = await Factory.ApprovedMemberAsync(unsubscribed, city.CommunityA, city.BlockA1, city.WorkUnit);
        var (leaver, _, _) = await Factory.ApprovedMemberAsync(cancelling, city.CommunityA, city.BlockA1, city.WorkUnit);
        WeChat.Unsubscribed[unsubscribed] = true;
        var start = TestClock.Shanghai(2026, 6, 2, 10);
        var task = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, start))).Id;
        await member.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        await other.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created);
        var gone = (await leaver.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
        await leaver.DeleteAsync($"/api/v1/claims/{gone}").ExpectAsync(HttpStatusCode.NoContent);

        Assert.That((await RunAsync()).Sent, Is.Zero, "25 hours ahead is not yet a day before");
        clock.Set(start.AddHours(-24));
        var dayBefore = await RunAsync();
        var rerun = await RunAsync();
        Assert.Multiple(() =>
        {
            Assert.That((dayBefore.Sent, dayBefore.NotSubscribed), Is.EqualTo((1, 1)));
            Assert.That(rerun.Sent + rerun.NotSubscribed + rerun.Failed, Is.Zero, "nothing twice, not even the 43101");
            Assert.That(To(subscribed), Has.Count.EqualTo(1));
            Assert.That(To(cancelling), Is.Empty, "a cancelled claim is not reminded");
        });
        var message = WeChat.SubscribeMessages.Single(m => m["touser"]!.GetValue<string>() == subscribed);
        Assert.Multiple(() =>
        {
            Assert.That(message["template_id"]!.GetValue<string>(), Is.EqualTo("tmpl-task-reminder"));
            Assert.That(message["data"]!["thing1"]!["value"]!.GetValue<string>(), Is.EqualTo("反诈宣传"));
            Assert.That(message["data"]!["time2"]!["value"]!.GetValue<string>(), Is.EqualTo("2026年6月2日 10:00"));
            Assert.That(message["data"]!["thing3"]!["value"]!.GetValue<string>(), Is.EqualTo("任务将于明天开始"));
        });

        clock.Set(start.AddMinutes(-110));
        var together = await Task.WhenAll(RunAsync(), RunAsync(), RunAsync());
        Assert.Multiple(() =>
        {
            Assert.That(together.Sum(r => r.Sent), Is.EqualTo(1), "three runs at once send the two-hour reminder once");
            Assert.That(To(subscribed), Has.Count.EqualTo(2));
            Assert.That(WeChat.SubscribeMessages.Last(m => m["touser"]!.GetValue<string>() == subscribed)["data"]!["thing3"]!["value"]!.GetValue<string>(),
                Is.EqualTo("任务将于 2 小时内开始"));
        });

        clock.Set(start.AddMinutes(1));
        Assert.That((await RunAsync()).Sent, Is.Zero, "nothing once it has started");
    }

    [Test]
    public async Task AnAdminIsToldHowManyRecordsWaitForHimAndNobodyIsToldZero()
    {
        clock.Set(TestClock.Shanghai(2026, 6, 10, 9));
        var city = await TestCity.CreateAsync(Factory);
        var adminA = Unique("dg-a-");
        var adminB = Unique("dg-b-");
        var admin = await TestCity.AdminAsync(Factory, adminA, "CommunityAdmin", city.CommunityA);
        await TestCity.AdminAsync(Factory, adminB, "CommunityAdmin", city.CommunityB);
        var start = clock.GetUtcNow().AddHours(1);
        var task = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, start))).Id;
        foreach (var n in new[] { 1, 2 })
        {
            var (member, _, _) = await Factory.ApprovedMemberAsync(Unique($"dg-m{n}-"), city.CommunityA, city.BlockA1, city.WorkUnit);
            var claim = (await member.ClaimAsync(task).ReadAsync<ClaimDto>(HttpStatusCode.Created)).Id;
            clock.Set(start.AddHours(1));
            await member.PostJsonAsync($"/api/v1/claims/{claim}/record",
                new { servedAt = start, hours = 1, content = "服务", place = "南门", photoUrls = Array.Empty<string>() }).ReadJsonAsync(HttpStatusCode.OK);
            clock.Set(TestClock.Shanghai(2026, 6, 10, 9));
        }

        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AdminDigestJob>().RunAsync(CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(To(adminA).Select(m => m["data"]!["thing1"]!["value"]!.GetValue<string>()), Is.EqualTo(new[] { "2 条服务纪实待认定" }));
            Assert.That(To(adminB), Is.Empty);
        });
    }

    private List<System.Text.Json.Nodes.JsonObject> To(string openId) =>
        WeChat.SubscribeMessages.Where(m => m["touser"]!.GetValue<string>() == openId).ToList();

    private async Task<ReminderRunResult> RunAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TaskReminderJob>().RunAsync(CancellationToken.None);
    }
}
