using Zhuji.Domain.Common;
using Zhuji.Domain.Notices;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Tasks;
using Zhuji.Domain.Wishes;

namespace Zhuji.Infrastructure.Notifications;

/// <summary>
/// What each message says, one place per <see cref="NotificationPurpose"/>: the page it opens in the mini-program and
/// its fields (times in Beijing time, as <c>2026年10月1日 15:01</c>). The configured template maps the fields to WeChat's keys.
/// </summary>
public static class Messages
{
    /// <summary>Sends the message if it has anyone to go to.</summary>
    public static void Tell(this INotifier notifier, Notification? message)
    {
        if (message is { UserIds.Length: > 0 })
        {
            notifier.Notify(message);
        }
    }

    public static Notification TaskChanged(VolunteerTask task, long[] holders) =>
        new(NotificationPurpose.TaskChanged, holders, TaskPage(task.Id), new()
        {
            ["title"] = task.Title, ["time"] = ShanghaiTime.Describe(task.StartsAt), ["place"] = task.Location,
        });

    public static Notification TaskCancelled(VolunteerTask task, long[] claimers, string reason) =>
        new(NotificationPurpose.TaskCancelled, claimers, TaskPage(task.Id), new()
        {
            ["title"] = task.Title, ["time"] = ShanghaiTime.Describe(task.StartsAt), ["reason"] = reason,
        });

    public static Notification TaskInvitation(VolunteerTask task, long[] invited, IEnumerable<string> skills) =>
        new(NotificationPurpose.TaskInvitation, invited, TaskPage(task.Id), new()
        {
            ["title"] = task.Title, ["time"] = ShanghaiTime.Describe(task.StartsAt), ["place"] = task.Location,
            ["reason"] = $"需要{string.Join("、", skills)}，诚邀您参加",
        });

    public static Notification WaitlistPromoted(long taskId, string title, DateTime startsAt, string place, long userId) =>
        new(NotificationPurpose.WaitlistPromoted, [userId], TaskPage(taskId), new()
        {
            ["title"] = title, ["time"] = ShanghaiTime.Describe(startsAt), ["place"] = place, ["status"] = "候补成功，已为您保留名额",
        });

    /// <summary>To the resident who made the wish himself (none for a wish a community entered for someone).</summary>
    public static Notification? WishUpdated(Wish wish, string status, string note, DateTime at) =>
        wish.ResidentUserId is { } resident
            ? new(NotificationPurpose.WishUpdated, [resident], $"pages/wishes/detail?id={wish.Id}", new()
            {
                ["title"] = wish.Title, ["status"] = status, ["reason"] = note, ["time"] = ShanghaiTime.Describe(at),
            })
            : null;

    public static Notification RegistrationDecided(Registration registration, string status, string note, DateTime at) =>
        new(NotificationPurpose.RegistrationDecided, [registration.UserId], "pages/register/index", new()
        {
            ["name"] = registration.Name, ["status"] = status, ["reason"] = note, ["time"] = ShanghaiTime.Describe(at),
        });

    public static Notification MemberChanged(WorkUnitChange change, long[] admins) =>
        new(NotificationPurpose.MemberChanged, admins, "pages/unit/changes", new()
        {
            ["name"] = change.Name, ["kind"] = WorkUnitChange.Describe(change.Kind), ["time"] = ShanghaiTime.Describe(change.At),
        });

    public static Notification NoticePublished(Notice notice, long[] audience, string from) =>
        new(NotificationPurpose.NoticePublished, audience, "pages/me/notices", new()
        {
            ["title"] = notice.Title, ["time"] = ShanghaiTime.Describe(notice.PublishedAt), ["from"] = from,
        });

    public static Notification PhotoHidden(string taskTitle, string memberName, long[] admins) =>
        new(NotificationPurpose.PhotoHidden, admins, null, new()
        {
            ["title"] = taskTitle, ["name"] = memberName, ["reason"] = "纪实照片未通过微信内容安全检测，已隐藏", ["status"] = "已隐藏",
        });

    public static Notification ReportReady(long workUnitId, string title, DateTime createdAt, long[] admins) =>
        new(NotificationPurpose.ReportReady, admins, $"pages/unit/reports?unit={workUnitId}", new()
        {
            ["title"] = title, ["time"] = ShanghaiTime.Describe(createdAt),
        });

    private static string TaskPage(long taskId) => $"pages/tasks/detail?id={taskId}";
}
