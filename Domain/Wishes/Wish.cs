using Zhuji.Domain.Common;
using Zhuji.Domain.Tasks;

namespace Zhuji.Domain.Wishes;

public enum WishStatus
{
    Submitted,
    Published,
    Fulfilled,
    Declined,
}

/// <summary>What a reader of a wish may see.</summary>
public enum WishAccess
{
    None,
    WithoutContact,
    WithContact,
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

    public const string RatingRange = "评分须为 1 到 5";

    /// <summary>A resident posts at most this many wishes a Shanghai day (entries by the community are not counted).</summary>
    public const int PerResidentPerDay = 10;

    public const string AdminsEnterOtherChannels = "电话、微信群、走访收集的心愿由社区管理员代为录入";

    /// <summary>
    /// Whose wish it is (his login sees it and gives feedback): a resident posting through the mini-program is its
    /// resident; a wish taken by phone, in a WeChat group or on a visit is entered by the community's admins and has no
    /// resident login. Only those admins enter such wishes.
    /// </summary>
    public static long? ResidentOf(WishChannel channel, long enteredByUserId, bool enteredByCommunityAdmin) =>
        channel == WishChannel.MiniProgram ? enteredByUserId
        : enteredByCommunityAdmin ? null
        : throw DomainException.Forbidden(AdminsEnterOtherChannels);

    public static Quota DailyQuota(long residentUserId, DateTime now) => Quota.PerShanghaiDay($"wishes:{residentUserId}", PerResidentPerDay, now);
    public const string AlreadyRated = "已评价过，不能重复评价";
    public const string NotWaiting = "只有待处理的心愿可以发布";

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

    /// <summary>
    /// Who reads this wish, and whether with the resident's contact: the resident himself (or whoever typed it
    /// in), the community's admins and the member who took it see the contact; members of the community see a
    /// published wish without it; anyone else does not see it at all.
    /// </summary>
    public WishAccess AccessFor(long userId, bool administersCommunity, bool tookIt, long? memberCommunityId)
    {
        if (ResidentUserId == userId || SubmittedByUserId == userId || administersCommunity || tookIt)
        {
            return WishAccess.WithContact;
        }

        return TaskId is not null && memberCommunityId == CommunityId ? WishAccess.WithoutContact : WishAccess.None;
    }

    /// <summary>
    /// The community's order (社区下单): the MicroWish task that will publish this wish for its members. Only a
    /// wish still waiting may be published.
    /// </summary>
    public TaskPlan PlanTask(int slots, int flags, DateTime startsAt, DateTime endsAt, string? location)
    {
        Ensure(WishStatus.Submitted, NotWaiting);
        return new(TaskTier.Community, CommunityId, CommunityId, ServiceCategory.MicroWish, Title, Description,
            string.IsNullOrWhiteSpace(location) ? "社区安排" : location.Trim(),
            startsAt, endsAt, slots, flags, KnowledgeType.Basic, [], false, [], Id);
    }

    /// <summary>Cancellation of the resident who made it: the wish stays (it was served), his name and phone go.</summary>
    public void ForgetContact()
    {
        ContactName = Privacy.Cancellation.Name;
        ContactPhone = "";
    }

    public void Published(long taskId, DateTime now)
    {
        Ensure(WishStatus.Submitted, NotWaiting);
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
            throw DomainException.InvalidState(AlreadyRated);
        }

        if (rating is < 1 or > 5)
        {
            throw DomainException.Invalid("rating", RatingRange);
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
