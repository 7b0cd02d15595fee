using Zhuji.Domain.Common;

namespace Zhuji.Domain.Wishes;

public enum WishStatus
{
    Submitted,
    Published,
    Fulfilled,
    Declined,
}

/// <summary>How the wish reached the community.</summary>
public enum WishChannel
{
    MiniProgram,
    Phone,
    WeChatGroup,
    Visit,
}

/// <summary>
/// A resident's micro-wish (微心愿): "社区下单、居民点单、党员接单". The community publishes it as a MicroWish
/// task or declines it; when a claim of that task is confirmed it is fulfilled, and the resident rates it
/// once. Its contact details are for the community's admins and the member who took it.
/// </summary>
public sealed class Wish
{
    public const int MaxTitle = 50;
    public const int MaxDescription = 500;

    private Wish()
    {
    }

    public Wish(long communityId, string title, string description, string contactName, string contactPhone, WishChannel channel,
        long submittedByUserId, long? residentUserId, bool needsReview, DateTime now)
    {
        CommunityId = communityId;
        Title = title;
        Description = description;
        ContactName = contactName;
        ContactPhone = contactPhone;
        Channel = channel;
        SubmittedByUserId = submittedByUserId;
        ResidentUserId = residentUserId;
        NeedsReview = needsReview;
        Status = WishStatus.Submitted;
        SubmittedAt = now;
    }

    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string ContactName { get; private set; } = "";
    public string ContactPhone { get; private set; } = "";
    public WishChannel Channel { get; private set; }

    /// <summary>Who typed it in: the resident, or a community admin who took it by phone or on a visit.</summary>
    public long SubmittedByUserId { get; private set; }

    /// <summary>The resident's own account, when he made it in the mini-program (he is told and may rate).</summary>
    public long? ResidentUserId { get; private set; }

    /// <summary>WeChat's content check could not be reached: an admin should read it before it is published.</summary>
    public bool NeedsReview { get; private set; }

    public WishStatus Status { get; private set; }
    public DateTime SubmittedAt { get; private set; }
    public string? DeclineReason { get; private set; }
    public long? TaskId { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public DateTime? FulfilledAt { get; private set; }
    public int? Rating { get; private set; }
    public string? FeedbackComment { get; private set; }
    public DateTime? FeedbackAt { get; private set; }
    public int Version { get; private set; }

    public void Published(long taskId, DateTime now)
    {
        Ensure(WishStatus.Submitted, "只有待处理的心愿可以发布");
        Status = WishStatus.Published;
        TaskId = taskId;
        DecidedAt = now;
        Version++;
    }

    public void Decline(string reason, DateTime now)
    {
        Ensure(WishStatus.Submitted, "只有待处理的心愿可以婉拒");
        Status = WishStatus.Declined;
        DeclineReason = reason;
        DecidedAt = now;
        Version++;
    }

    /// <summary>A claim of its task was confirmed. Later confirmations change nothing.</summary>
    public bool Fulfil(DateTime now)
    {
        if (Status != WishStatus.Published)
        {
            return false;
        }

        Status = WishStatus.Fulfilled;
        FulfilledAt = now;
        Version++;
        return true;
    }

    public void Feedback(int rating, string? comment, DateTime now)
    {
        Ensure(WishStatus.Fulfilled, "心愿实现后才能评价");
        if (Rating is not null)
        {
            throw DomainException.InvalidState("已评价过，不能重复评价");
        }

        if (rating is < 1 or > 5)
        {
            throw new DomainException(ErrorCodes.ValidationFailed, "评分须为 1 到 5");
        }

        Rating = rating;
        FeedbackComment = comment;
        FeedbackAt = now;
        Version++;
    }

    private void Ensure(WishStatus status, string message)
    {
        if (Status != status)
        {
            throw DomainException.InvalidState(message);
        }
    }
}
