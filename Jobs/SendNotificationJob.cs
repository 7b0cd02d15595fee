using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;
using Zhuji.Infrastructure.WeChat;

namespace Zhuji.Jobs;

/// <summary>
/// Sends one subscribe message to one user. "Not subscribed" (43101) and permanent refusals are normal
/// outcomes (logged, not retried); WeChat being unavailable throws so that Hangfire retries later.
/// </summary>
[AutomaticRetry(Attempts = 5, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
public sealed class SendNotificationJob(ZhujiDbContext db, IWeChatClient wechat, IOptions<WeChatOptions> options, ILogger<SendNotificationJob> logger)
{
    public async Task<SubscribeSendResult?> RunAsync(NotificationPurpose purpose, long userId, string? page, Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        if (!options.Value.Templates.TryGetValue(purpose.ToString(), out var template) || string.IsNullOrEmpty(template.Id))
        {
            return null;
        }

        var openId = await db.Users.Where(u => u.Id == userId).Select(u => u.OpenId).SingleOrDefaultAsync(cancellationToken);
        if (string.IsNullOrEmpty(openId))
        {
            return null;
        }

        var data = Fill(template, fields);
        var result = await wechat.SendSubscribeAsync(new SubscribeMessage(openId, template.Id, page, data), cancellationToken);
        if (result != SubscribeSendResult.Sent)
        {
            logger.LogInformation("Subscribe message {Purpose} to user {UserId} not sent: {Result}", purpose, userId, result);
        }

        return result;
    }

    /// <summary>
    /// A template's data from our fields: each WeChat key the configuration names gets our field's value, cut to its
    /// type's limit; a template configured without a field map gets our fields as they are.
    /// </summary>
    public static Dictionary<string, string> Fill(SubscribeTemplate template, IReadOnlyDictionary<string, string> fields) =>
        template.Fields.Count == 0
            ? fields.ToDictionary(f => f.Key, f => f.Value)
            : template.Fields.ToDictionary(f => f.Key, f => Fit(f.Key, fields.GetValueOrDefault(f.Value, "")));

    /// <summary>WeChat's value limits by key type (wechat.md); longer values are cut, not refused.</summary>
    public static string Fit(string key, string value)
    {
        var kind = new string(key.TakeWhile(char.IsLetter).ToArray()).ToLowerInvariant();
        var limit = kind switch
        {
            "thing" => 20,
            "name" => 10,
            "phrase" => 5,
            "number" or "character" => 32,
            _ => int.MaxValue,
        };

        var text = new StringInfo(value);
        return text.LengthInTextElements <= limit ? value : text.SubstringByTextElements(0, limit - 1) + "…";
    }
}

/// <summary><see cref="INotifier"/> by Hangfire: one background job per recipient, only where a template is configured.</summary>
internal sealed class HangfireNotifier(IBackgroundJobClient jobs, IOptions<WeChatOptions> options) : INotifier
{
    public void Notify(Notification notification)
    {
        if (!options.Value.Templates.TryGetValue(notification.Purpose.ToString(), out var template) || string.IsNullOrEmpty(template.Id))
        {
            return;
        }

        foreach (var userId in notification.UserIds.Distinct())
        {
            jobs.Enqueue<SendNotificationJob>(j => j.RunAsync(notification.Purpose, userId, notification.Page, notification.Fields, CancellationToken.None));
        }
    }
}
