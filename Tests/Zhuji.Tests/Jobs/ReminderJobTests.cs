using Microsoft.Extensions.DependencyInjection;
using Zhuji.Jobs;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Jobs;

/// <summary>From October, members below the threshold are reminded at most once a month; 43101 is normal.</summary>
public class ReminderJobTests : LiveWeChatApiTest
{
    private readonly TestClock clock = new(TestClock.Shanghai(2025, 3, 1, 9));
    protected override ZhujiApiFactory CreateFactory(Dictionary<string, string?> settings)
    {
        settings["Zhuji:WeChat:Templates:ComplianceReminder:Id"] = "tmpl-reminder";
        settings["Zhuji:WeChat:Templates:ComplianceReminder:Fields:thing1"] = "title";
        settings["Zhuji:WeChat:Templates:ComplianceReminder:Fields:thing2"] = "reason";
        return new ZhujiApiFactory(settings, clock: clock);
    }

    [Test]
    public async Task AnUnsubscribedMemberIsSkippedWithoutFailingTheJobAndNobodyIsRemindedTwiceAMonth()
    {
        var city = await TestCity.CreateAsync(Factory);
        var subscribed = Unique("o6_sub");
        var unsubscribed = Unique("o6_unsub");
        await Factory.ApprovedMemberAsync(subscribed, city.CommunityA, city.BlockA1, city.WorkUnit);
        await Factory.ApprovedMemberAsync(unsubscribed, city.CommunityA, city.BlockA1, city.WorkUnit);
        WeChat.Unsubscribed[unsubscribed] = true;

        clock.Set(TestClock.Shanghai(2025, 9, 8, 9));
        Assert.That((await RunAsync()).Sent, Is.Zero, "no reminders before October");

        clock.Set(TestClock.Shanghai(2025, 10, 6, 9));
        var october = await RunAsync();
        var sentTo = WeChat.SubscribeMessages.Select(m => m["touser"]!.GetValue<string>()).ToList();
        var again = await RunAsync();
        Assert.Multiple(() =>
        {
            Assert.That(october.Sent, Is.GreaterThanOrEqualTo(1));
            Assert.That(october.NotSubscribed, Is.EqualTo(1));
            Assert.That(sentTo, Does.Contain(subscribed).And.Not.Contain(unsubscribed));
            Assert.That(again.Sent + again.NotSubscribed, Is.Zero, "at most once a month");
        });

        var message = WeChat.SubscribeMessages.First(m => m["touser"]!.GetValue<string>() == subscribed);
        Assert.Multiple(() =>
        {
            Assert.That(message["template_id"]!.GetValue<string>(), Is.EqualTo("tmpl-reminder"));
            Assert.That(message["data"]!["thing1"]!["value"]!.GetValue<string>(), Is.EqualTo("今年已亮 0 面红旗"));
            Assert.That(message["data"]!["thing2"]!["value"]!.GetValue<string>().Length, Is.LessThanOrEqualTo(20));
        });

        clock.Set(TestClock.Shanghai(2025, 11, 3, 9));
        WeChat.SubscribeMessages.Clear();
        await RunAsync();
        Assert.That(WeChat.SubscribeMessages.Select(m => m["touser"]!.GetValue<string>()), Does.Contain(subscribed), "a new month, a new reminder");
    }

    private async Task<ReminderRunResult> RunAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ComplianceReminderJob>().RunAsync(CancellationToken.None);
    }
}
