using Zhuji.Domain.Common;

namespace Zhuji.Domain.Groups;

/// <summary>
/// A community's help group (帮帮团, 睦邻社, 志愿服务队): members who serve with their skills. Its leader may
/// claim a task for named members of the group, all or nothing.
/// </summary>
public sealed class HelpGroup
{
#pragma warning disable IDE0044 // EF Core materializes the group's skills into this field.
    private List<string> skills = [];
#pragma warning restore IDE0044

    private HelpGroup()
    {
    }

    public HelpGroup(long communityId, string name, IReadOnlyList<string> skills, string description, long createdByUserId, DateTime now)
    {
        CommunityId = communityId;
        Name = name;
        this.skills = skills.ToList();
        Description = description;
        CreatedByUserId = createdByUserId;
        CreatedAt = now;
    }

    public long Id { get; private set; }
    public long CommunityId { get; private set; }
    public string Name { get; private set; } = "";
    public IReadOnlyList<string> Skills => skills;
    public string Description { get; private set; } = "";
    public long? LeaderMemberId { get; private set; }
    public long CreatedByUserId { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public const string LeaderMustBelong = "团长须是本团成员";
    public const string LeaderFromCommunity = "团长须是本社区党员";
    public const string OnlyTheLeaderClaims = "只有团长可以为本团成员团体认领";

    /// <summary>
    /// The leader named when the group is founded: a member of its community (<paramref name="memberCommunityId"/>), who
    /// becomes its first member. The group must be saved (its id is the membership's).
    /// </summary>
    public HelpGroupMembership FoundWith(long memberId, long memberCommunityId, DateTime now)
    {
        if (memberCommunityId != CommunityId)
        {
            throw DomainException.Invalid("leaderMemberId", LeaderFromCommunity);
        }

        LeaderMemberId = memberId;
        return new HelpGroupMembership(Id, memberId, now);
    }

    /// <summary>A member left (or was removed): a leader who leaves stops leading.</summary>
    public void MemberLeft(long memberId)
    {
        if (LeaderMemberId == memberId)
        {
            LeaderMemberId = null;
        }
    }

    /// <summary>
    /// A group claim (团体认领): only the leader claims, and only for members of the group (<paramref name="members"/>);
    /// the task must take group claims and be open to each of them (the grab's own rules).
    /// </summary>
    public void EnsureMayClaimFor(long leaderMemberId, IReadOnlyCollection<long> named, IReadOnlyCollection<long> members)
    {
        if (LeaderMemberId != leaderMemberId)
        {
            throw DomainException.Forbidden(OnlyTheLeaderClaims);
        }

        if (named.Except(members).ToList() is { Count: > 0 } outsiders)
        {
            throw DomainException.Invalid("memberIds", $"以下成员不属于该帮帮团：{string.Join("、", outsiders)}");
        }
    }

    /// <summary>The leader must be one of the group's <paramref name="members"/> (their member ids).</summary>
    public void AppointLeader(long memberId, IReadOnlyCollection<long> members)
    {
        if (!members.Contains(memberId))
        {
            throw DomainException.Invalid("memberId", LeaderMustBelong);
        }

        LeaderMemberId = memberId;
    }
}

/// <summary>A member's place in a help group.</summary>
public sealed class HelpGroupMembership
{
    private HelpGroupMembership()
    {
    }

    public HelpGroupMembership(long helpGroupId, long memberId, DateTime now)
    {
        HelpGroupId = helpGroupId;
        MemberId = memberId;
        JoinedAt = now;
    }

    public long Id { get; private set; }
    public long HelpGroupId { get; private set; }
    public long MemberId { get; private set; }
    public DateTime JoinedAt { get; private set; }
}
