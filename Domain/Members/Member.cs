using Zhuji.Domain.Registrations;

namespace Zhuji.Domain.Members;

/// <summary>
/// An approved Party member: the identity his flags, claims and archive hang on. Created when the community
/// first approves his registration; his community, block and unit follow each later approval (a move), and
/// his flags stay with him wherever he goes.
/// </summary>
public sealed class Member
{
    private List<string> skills = [];

    private Member()
    {
    }

    public long Id { get; private set; }
    public long UserId { get; private set; }
    public long RegistrationId { get; private set; }
    public string Name { get; private set; } = "";
    public string Phone { get; private set; } = "";
    public MemberType MemberType { get; private set; }
    public long? WorkUnitId { get; private set; }
    public long CommunityId { get; private set; }
    public long BlockId { get; private set; }
    public IReadOnlyList<string> Skills => skills;

    /// <summary>The first approval: decides from which year the five-flag rule applies (see the cutoff).</summary>
    public DateTime FirstApprovedAt { get; private set; }

    public DateTime ApprovedAt { get; private set; }

    public static Member FromApproval(Registration registration, DateTime now)
    {
        var member = new Member
        {
            UserId = registration.UserId,
            RegistrationId = registration.Id,
            FirstApprovedAt = now,
        };
        member.Follow(registration, now);
        return member;
    }

    /// <summary>The community approved (again): scope, unit and details are now the registration's.</summary>
    public void Follow(Registration registration, DateTime now)
    {
        ApprovedAt = now;
        CommunityId = registration.CommunityId;
        BlockId = registration.BlockId;
        WorkUnitId = registration.WorkUnitId;
        MemberType = registration.MemberType;
        UpdateDetails(registration);
    }

    /// <summary>Cancellation: the name and phone go; the member, his flags and his service stay, under <see cref="Privacy.Cancellation.Name"/>.</summary>
    public void Anonymise()
    {
        Name = Privacy.Cancellation.Name;
        Phone = "";
        skills = [];
    }

    /// <summary>Edits that need no approval (name, phone, skills) take effect at once.</summary>
    public void UpdateDetails(Registration registration)
    {
        Name = registration.Name;
        Phone = registration.Phone;
        skills = registration.Skills.ToList();
    }
}
