using Zhuji.Domain.Common;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Tasks;

namespace Zhuji.Domain.Suggestions;

public enum SuggestionStatus
{
    Submitted,
    Replied,
}

/// <summary>A member's suggestion to his community (建言献策); the community replies, and may adopt it with flags.</summary>
public sealed class Suggestion
{
    public const int MaxTitle = 50;
    public const int MaxContent = 2000;

    /// <summary>A member makes at most this many suggestions a Shanghai day.</summary>
    public const int PerMemberPerDay = 10;

    public static Quota DailyQuota(long userId, DateTime now) => Quota.PerShanghaiDay($"suggestions:{userId}", PerMemberPerDay, now);

    private Suggestion()
    {
    }

    public Suggestion(long memberId, long communityId, string title, string content, bool needsReview, DateTime now)
    {
        MemberId = memberId;
        CommunityId = communityId;
        Title = title;
        Content = content;
        NeedsReview = needsReview;
        Status = SuggestionStatus.Submitted;
        SubmittedAt = now;
    }

    public long Id { get; private set; }
    public long MemberId { get; private set; }
    public long CommunityId { get; private set; }
    public string Title { get; private set; } = "";
    public string Content { get; private set; } = "";
    public bool NeedsReview { get; private set; }
    public SuggestionStatus Status { get; private set; }
    public DateTime SubmittedAt { get; private set; }
    public string? Reply { get; private set; }
    public bool Adopted { get; private set; }
    public DateTime? RepliedAt { get; private set; }
    public long? RepliedByUserId { get; private set; }
    public int Version { get; private set; }

    public const string AlreadyAnswered = "该建议已答复";

    /// <summary>
    /// The community replies, and may adopt it. Adopting returns the flag award that goes with it (one, ever:
    /// the ledger's unique index on the suggestion), dated when the member made the suggestion.
    /// </summary>
    public FlagAward? Answer(string reply, bool adopt, int? flags, long memberCommunityId, long memberUserId, long adminUserId, DateTime now)
    {
        OwnCase.Refuse(adminUserId, memberUserId);
        if (Status != SuggestionStatus.Submitted)
        {
            throw DomainException.InvalidState(AlreadyAnswered);
        }

        Reply = reply;
        Adopted = adopt;
        Status = SuggestionStatus.Replied;
        RepliedAt = now;
        RepliedByUserId = adminUserId;
        Version++;
        return adopt
            ? new FlagAward(MemberId, memberCommunityId, flags ?? 1, FlagSource.Suggestion, Id, null, $"建言献策：{Title}", ServiceCategory.Suggestion, SubmittedAt)
            : null;
    }
}
