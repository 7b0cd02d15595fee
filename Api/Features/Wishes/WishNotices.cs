using Zhuji.Api.Http;
using Zhuji.Domain.Wishes;
using Zhuji.Infrastructure.Notifications;

namespace Zhuji.Api.Features.Wishes;

/// <summary>What the resident who made a wish is told as it goes.</summary>
public static class WishNotices
{
    /// <summary>Tells the resident (when he made the wish himself) how it is going.</summary>
    public static void Tell(INotifier notifier, Wish wish, string status, string note, DateTime at)
    {
        if (wish.ResidentUserId is { } resident)
        {
            notifier.Notify(new Notification(NotificationPurpose.WishUpdated, [resident], $"pages/wishes/detail?id={wish.Id}", new Dictionary<string, string>
            {
                ["title"] = wish.Title,
                ["status"] = status,
                ["reason"] = note,
                ["time"] = Formats.WeChatTime(at),
            }));
        }
    }
}
