using Zhuji.Domain.Common;

namespace Zhuji.Domain.Registrations;

/// <summary>
/// A user's online registration (报到) with the community he lives in. One per user. The community
/// approves or rejects it; a move to another community or block, or a new work unit, sends it back to
/// Pending at the new community.
/// </summary>
public sealed class Registration
{
    private List<string> skills = [];

    private Registration()
    {
    }

    public long Id { get; private set; }
    public long UserId { get; private set; }
    public string Name { get; private set; } = "";
    public string Phone { get; private set; } = "";
    public MemberType MemberType { get; private set; }
    public long? WorkUnitId { get; private set; }
    public long CommunityId { get; private set; }
    public long BlockId { get; private set; }
    public string Building { get; private set; } = "";
    public string? Unit { get; private set; }
    public string Room { get; private set; } = "";
    public IReadOnlyList<string> Skills => skills;
    public RegistrationStatus Status { get; private set; }
    public RosterMatch RosterMatch { get; private set; }
    public string? RejectReason { get; private set; }
    public DateTime SubmittedAt { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public long? DecidedByUserId { get; private set; }

    /// <summary>Set once the community first approved; stays through later moves.</summary>
    public long? MemberId { get; private set; }

    /// <summary>Optimistic concurrency: two admins deciding at once, only one wins.</summary>
    public int Version { get; private set; }

    public HomeAddress Address => new(CommunityId, BlockId, Building, Unit, Room);

    public static Registration Submit(long userId, RegistrationDetails details, RosterMatch rosterMatch, DateTime now)
    {
        var registration = new Registration { UserId = userId, SubmittedAt = now, Status = RegistrationStatus.Pending };
        registration.Apply(details);
        registration.RosterMatch = rosterMatch;
        return registration;
    }

    public void Approve(long memberId, long adminUserId, DateTime now)
    {
        EnsurePending("只能审核待审核的报到");
        Status = RegistrationStatus.Approved;
        MemberId = memberId;
        RejectReason = null;
        Decided(adminUserId, now);
    }

    public void Reject(string reason, long adminUserId, DateTime now)
    {
        EnsurePending("只能审核待审核的报到");
        Status = RegistrationStatus.Rejected;
        RejectReason = reason;
        Decided(adminUserId, now);
    }

    /// <summary>
    /// The registrant edits his registration. A new community, block or work unit (a move) sends it back
    /// to Pending at the new community; so does editing a rejected one (a resubmission). Other edits
    /// (room, phone, skills) keep the status.
    /// </summary>
    public RegistrationChange Change(RegistrationDetails details, RosterMatch rosterMatch, DateTime now)
    {
        var change = new RegistrationChange(
            Address.CommunityId, details.Address.CommunityId,
            Address.BlockId, details.Address.BlockId,
            WorkUnitId, details.WorkUnitId,
            Status);
        Apply(details);
        RosterMatch = rosterMatch;
        if (change.MovesScope || Status == RegistrationStatus.Rejected)
        {
            Status = RegistrationStatus.Pending;
            RejectReason = null;
            SubmittedAt = now;
            DecidedAt = null;
            DecidedByUserId = null;
        }

        Version++;
        return change;
    }

    public void UpdateRosterMatch(RosterMatch match) => RosterMatch = match;

    private void Apply(RegistrationDetails details)
    {
        if (details.MemberType == MemberType.InService && details.WorkUnitId is null)
        {
            throw new DomainException(ErrorCodes.ValidationFailed, "在职党员须填写工作单位");
        }

        Name = details.Name;
        Phone = details.Phone;
        MemberType = details.MemberType;
        WorkUnitId = details.MemberType == MemberType.InService ? details.WorkUnitId : null;
        CommunityId = details.Address.CommunityId;
        BlockId = details.Address.BlockId;
        Building = details.Address.Building;
        Unit = details.Address.Unit;
        Room = details.Address.Room;
        skills = details.Skills.ToList();
    }

    private void EnsurePending(string message)
    {
        if (Status != RegistrationStatus.Pending)
        {
            throw DomainException.InvalidState(message);
        }
    }

    private void Decided(long adminUserId, DateTime now)
    {
        DecidedAt = now;
        DecidedByUserId = adminUserId;
        Version++;
    }
}

/// <summary>What an edit changed: a move, a change of unit, or neither.</summary>
public sealed record RegistrationChange(
    long FromCommunityId,
    long ToCommunityId,
    long FromBlockId,
    long ToBlockId,
    long? FromWorkUnitId,
    long? ToWorkUnitId,
    RegistrationStatus StatusBefore)
{
    public bool Moved => FromCommunityId != ToCommunityId || FromBlockId != ToBlockId;

    public bool ChangedUnit => FromWorkUnitId != ToWorkUnitId;

    public bool MovesScope => Moved || ChangedUnit;
}
