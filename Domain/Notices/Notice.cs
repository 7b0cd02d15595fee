using Zhuji.Domain.Common;

namespace Zhuji.Domain.Notices;

/// <summary>Who a notice is for: the members holding places on a task, the members of a community, or a help group.</summary>
public enum NoticeAudience
{
    Task,
    Community,
    HelpGroup,
}

/// <summary>
/// 通知: an admin writes to the people of a task, a community or a help group within his scope. Each member it reaches
/// gets his own line (<see cref="NoticeRecipient"/>) with when he read it, so the admin sees who has read it; those with a
/// subscription are told by subscribe message.
/// </summary>
public sealed class Notice
{
    public const int MaxTitle = 40;
    public const int MaxBody = 1000;
    public const string NobodyToTell = "没有可通知的党员：该范围内暂无党员（任务须有认领的党员）";

    private Notice()
    {
    }

    public long Id { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public NoticeAudience Audience { get; private set; }
    public long AudienceId { get; private set; }

    /// <summary>The community the audience belongs to (none for a city-wide task): its admins list the notice.</summary>
    public long? CommunityId { get; private set; }

    /// <summary>Who it went to, as counted when it was published.</summary>
    public int Recipients { get; private set; }

    public long PublishedByUserId { get; private set; }
    public DateTime PublishedAt { get; private set; }

    public static Notice Publish(string title, string body, NoticeAudience audience, long audienceId, long? communityId, int recipients, long adminUserId, DateTime now)
    {
        var errors = new List<FieldError>();
        var (t, b) = ((title ?? "").Trim(), (body ?? "").Trim());
        if (t.Length is 0 or > MaxTitle)
        {
            errors.Add(new("title", $"标题须为 1 到 {MaxTitle} 个字"));
        }

        if (b.Length is 0 or > MaxBody)
        {
            errors.Add(new("body", $"正文须为 1 到 {MaxBody} 个字"));
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid(errors);
        }

        if (recipients == 0)
        {
            throw DomainException.InvalidState(NobodyToTell);
        }

        return new Notice
        {
            Title = t,
            Body = b,
            Audience = audience,
            AudienceId = audienceId,
            CommunityId = communityId,
            Recipients = recipients,
            PublishedByUserId = adminUserId,
            PublishedAt = now,
        };
    }
}

/// <summary>One member a notice reached, and when he read it (first time).</summary>
public sealed class NoticeRecipient
{
    private NoticeRecipient()
    {
    }

    public NoticeRecipient(long noticeId, long memberId, long userId) => (NoticeId, MemberId, UserId) = (noticeId, memberId, userId);

    public long Id { get; private set; }
    public long NoticeId { get; private set; }
    public long MemberId { get; private set; }
    public long UserId { get; private set; }
    public DateTime? ReadAt { get; private set; }

    /// <summary>He opened it: the first time counts; again changes nothing.</summary>
    public bool Read(DateTime now)
    {
        if (ReadAt is not null)
        {
            return false;
        }

        ReadAt = now;
        return true;
    }
}
