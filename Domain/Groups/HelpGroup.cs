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
