namespace Zhuji.Infrastructure.Notifications;

/// <summary>Why somebody is told something; each purpose has its own subscribe-message template.</summary>
public enum NotificationPurpose
{
    /// <summary>To a work unit's admins: a member registered, moved, left or joined.</summary>
    MemberChanged,

    /// <summary>To the registrant: approved or rejected (with the reason).</summary>
    RegistrationDecided,

    /// <summary>To the claimers: a task they took was cancelled.</summary>
    TaskCancelled,

    /// <summary>To the resident: his wish was published, declined or fulfilled.</summary>
    WishUpdated,

    /// <summary>To an in-service member below the threshold, from October.</summary>
    ComplianceReminder,

    /// <summary>To a work unit's admins: a scheduled report is ready.</summary>
    ReportReady,

    /// <summary>To the claimers: the time or place of a task they took changed (appended: queued jobs carry the number).</summary>
    TaskChanged,

    /// <summary>To a claimer: his task starts in a day, or in two hours.</summary>
    TaskReminder,

    /// <summary>To an admin: how many records wait for his confirmation (daily).</summary>
    AdminDigest,

    /// <summary>To the admins of a record's community: WeChat found one of its photos risky, and it was hidden.</summary>
    PhotoHidden,

    /// <summary>To a member in a task's line (候补): a freed place is his now.</summary>
    WaitlistPromoted,

    /// <summary>To the audience of an admin's notice (通知).</summary>
    NoticePublished,

    /// <summary>To members whose skills a Professional task needs (技能邀请).</summary>
    TaskInvitation,
}

/// <summary>
/// A message for some users. <see cref="Fields"/> are ours (<c>title</c>, <c>time</c>, <c>status</c>,
/// <c>reason</c>…); the configured template says which WeChat key each fills.
/// </summary>
public sealed record Notification(NotificationPurpose Purpose, long[] UserIds, string? Page, Dictionary<string, string> Fields);

/// <summary>
/// Tells users things by WeChat subscribe message, where a template is configured for the purpose.
/// Never blocks or fails the caller: sending happens later, in a job, one per recipient.
/// </summary>
public interface INotifier
{
    void Notify(Notification notification);
}
