using Zhuji.Api.Http;
using Zhuji.Domain.Tasks;
using Zhuji.Infrastructure.Notifications;

namespace Zhuji.Api.Features.Tasks;

/// <summary>What the holders of a task are told when it changes or is cancelled (subscribe messages).</summary>
public static class TaskNotices
{
    public static void Changed(INotifier notifier, VolunteerTask task, long[] holders)
    {
        if (holders.Length > 0)
        {
            notifier.Notify(new Notification(NotificationPurpose.TaskChanged, holders, $"pages/tasks/detail?id={task.Id}", new Dictionary<string, string>
            {
                ["title"] = task.Title,
                ["time"] = Formats.WeChatTime(task.StartsAt),
                ["place"] = task.Location,
            }));
        }
    }

    public static void Cancelled(INotifier notifier, VolunteerTask task, long[] claimers, string reason)
    {
        if (claimers.Length > 0)
        {
            notifier.Notify(new Notification(NotificationPurpose.TaskCancelled, claimers, $"pages/tasks/detail?id={task.Id}", new Dictionary<string, string>
            {
                ["title"] = task.Title,
                ["time"] = Formats.WeChatTime(task.StartsAt),
                ["reason"] = reason,
            }));
        }
    }
}
