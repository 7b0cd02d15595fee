using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zhuji.Domain.Common;
using Zhuji.Domain.Compliance;
using Zhuji.Infrastructure.Compliance;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;
using Zhuji.Infrastructure.WeChat;

namespace Zhuji.Jobs;

public sealed record ReminderRunResult(int Sent, int NotSubscribed, int Failed);

/// <summary>What a run of messages came to, counted as they are sent.</summary>
internal sealed class ReminderTally
{
    public int Sent { get; private set; }
    public int NotSubscribed { get; private set; }
    public int Failed { get; set; }

    public void Add(SubscribeSendResult result)
    {
        Sent += result == SubscribeSendResult.Sent ? 1 : 0;
        NotSubscribed += result == SubscribeSendResult.NotSubscribed ? 1 : 0;
        Failed += result == SubscribeSendResult.Refused ? 1 : 0;
    }

    public ReminderRunResult Result => new(Sent, NotSubscribed, Failed);
}

/// <summary>
/// From October, in-service members still below the threshold get a subscribe message, at most once a
/// month (a <see cref="ReminderLog"/> row per member and month, unique). "Not subscribed" (43101) is
/// normal: it is logged for the month and not retried. Works in pages, so memory stays flat.
/// </summary>
[AutomaticRetry(Attempts = 0)]
[DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
public sealed class ComplianceReminderJob(
    ZhujiDbContext db,
    IWeChatClient wechat,
    IOptions<WeChatOptions> wechatOptions,
    IOptions<ComplianceOptions> complianceOptions,
    TimeProvider clock,
    ILogger<ComplianceReminderJob> logger)
{
    public const int FirstMonth = 10;
    private const int PageSize = 500;

    public async Task<ReminderRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var period = ShanghaiTime.PeriodOf(now);
        var purpose = NotificationPurpose.ComplianceReminder.ToString();
        if (period.Month < FirstMonth ||
            !wechatOptions.Value.Templates.TryGetValue(purpose, out var template) || string.IsNullOrEmpty(template.Id))
        {
            return new ReminderRunResult(0, 0, 0);
        }

        var policy = complianceOptions.Value.Policy;
        var tally = new ReminderTally();
        long after = 0;
        while (true)
        {
            var page = await (from m in ComplianceQueries.Behind(db, period.Year, policy, after)
                              join u in db.Users on m.UserId equals u.Id
                              where u.OpenId != null
                                    && !db.ReminderLogs.Any(l => l.MemberId == m.Id && l.Year == period.Year && l.Month == period.Month)
                              orderby m.Id
                              select new { m.Id, m.Name, OpenId = u.OpenId!, m.Total }).Take(PageSize).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var member in page)
            {
                var fields = new Dictionary<string, string>
                {
                    ["name"] = member.Name,
                    ["title"] = $"今年已亮 {member.Total} 面红旗",
                    ["reason"] = $"距年度 {policy.AnnualThreshold} 面还差 {policy.AnnualThreshold - member.Total} 面",
                    ["time"] = $"{period.Year}年12月31日 23:59",
                };
                var data = SendNotificationJob.Fill(template, fields);
                string outcome;
                try
                {
                    var result = await wechat.SendSubscribeAsync(new SubscribeMessage(member.OpenId, template.Id, "pages/flags/index", data), cancellationToken);
                    outcome = result.ToString();
                    tally.Add(result);
                }
                catch (WeChatException e)
                {
                    // WeChat is down for this one: no log row, so the next run tries again this month.
                    logger.LogWarning("Reminder to member {MemberId} not sent: WeChat unavailable (errcode {ErrCode})", member.Id, e.ErrCode);
                    tally.Failed++;
                    continue;
                }

                db.ReminderLogs.Add(new ReminderLog { MemberId = member.Id, Year = period.Year, Month = period.Month, Outcome = outcome, At = now });
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            after = page[^1].Id;
        }

        logger.LogInformation("Compliance reminders {Year}-{Month}: {Sent} sent, {NotSubscribed} not subscribed, {Failed} failed",
            period.Year, period.Month, tally.Sent, tally.NotSubscribed, tally.Failed);
        return tally.Result;
    }
}
