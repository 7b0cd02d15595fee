using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Members;

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

    public const string InServiceNeedsUnit = "在职党员须选择工作单位";
    public const string AlreadyDecided = "该报到已审核，无需重复操作";

    /// <summary>
    /// A new registration, pending at the community it names. Its history starts with the submission, and the
    /// work unit it names is told that one of its people registered.
    /// </summary>
    public static (Registration Registration, RegistrationEffects Effects) Submit(
        long userId, RegistrationDetails details, RosterMatch rosterMatch, PlaceNames names, DateTime now)
    {
        var registration = new Registration { UserId = userId, SubmittedAt = now, Status = RegistrationStatus.Pending };
        registration.Apply(details);
        registration.RosterMatch = rosterMatch;
        var effects = new RegistrationEffects();
        effects.History.Add(new RegistrationEvent(registration, RegistrationEventKind.Submitted, userId, now)
        {
            ToCommunityId = registration.CommunityId,
            ToBlockId = registration.BlockId,
            ToWorkUnitId = registration.WorkUnitId,
        });
        if (registration.WorkUnitId is { } unit)
        {
            effects.Feed.Add(new WorkUnitChange(unit, registration, WorkUnitChangeKind.Registered, null, names.Address(registration.CommunityId, registration.BlockId), now));
        }

        return (registration, effects);
    }

    /// <summary>
    /// Who an approval makes a member of: the member he already is (a move, a change approved again), or, at his first
    /// approval, a new member from this registration, whose first approval starts his years of the five-flag rule.
    /// </summary>
    public Member MemberToApprove(Member? existing, DateTime now) =>
        MemberId is null ? Member.FromApproval(this, now)
        : existing is { } member && member.Id == MemberId ? member
        : throw new InvalidOperationException($"Registration {Id} belongs to member {MemberId}.");

    /// <summary>
    /// The community approves: the registrant is (again) the <paramref name="member"/>, who now lives and works
    /// where the registration says. Its history and the unit's feed record the approval.
    /// </summary>
    public RegistrationEffects Approve(Member member, long adminUserId, PlaceNames names, DateTime now)
    {
        OwnCase.Refuse(adminUserId, UserId);
        EnsurePending(AlreadyDecided);
        Status = RegistrationStatus.Approved;
        MemberId = member.Id;
        RejectReason = null;
        Decided(adminUserId, now);
        member.Follow(this, now);

        var effects = new RegistrationEffects();
        effects.History.Add(new RegistrationEvent(this, RegistrationEventKind.Approved, adminUserId, now)
        {
            ToCommunityId = CommunityId,
            ToBlockId = BlockId,
            ToWorkUnitId = WorkUnitId,
        });
        if (WorkUnitId is { } unit)
        {
            effects.Feed.Add(new WorkUnitChange(unit, this, WorkUnitChangeKind.Approved, null, names.Address(CommunityId, BlockId), now));
        }

        return effects;
    }

    public RegistrationEffects Reject(string reason, long adminUserId, DateTime now)
    {
        OwnCase.Refuse(adminUserId, UserId);
        EnsurePending(AlreadyDecided);
        Status = RegistrationStatus.Rejected;
        RejectReason = reason;
        Decided(adminUserId, now);
        var effects = new RegistrationEffects();
        effects.History.Add(new RegistrationEvent(this, RegistrationEventKind.Rejected, adminUserId, now) { Reason = reason });
        return effects;
    }

    /// <summary>
    /// The registrant edits his registration. A new community, block or work unit (a move) sends it back
    /// to Pending at the new community; so does editing a rejected one (a resubmission). Other edits
    /// (room, phone, skills) keep the status, and take effect on his membership at once. The history records
    /// the move, the change of unit or the edit; the units concerned are told of a move, a departure and an arrival.
    /// </summary>
    public RegistrationEffects Change(RegistrationDetails details, RosterMatch rosterMatch, Member? member, PlaceNames names, DateTime now)
    {
        var change = new RegistrationChange(
            CommunityId, details.Address.CommunityId,
            BlockId, details.Address.BlockId,
            WorkUnitId, details.MemberType == MemberType.InService ? details.WorkUnitId : null,
            Status);
        var fromAddress = names.Address(CommunityId, BlockId);
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
        member?.UpdateDetails(this);

        var effects = new RegistrationEffects();
        if (change.Moved)
        {
            effects.History.Add(new RegistrationEvent(this, RegistrationEventKind.Moved, UserId, now)
            {
                FromCommunityId = change.FromCommunityId,
                ToCommunityId = change.ToCommunityId,
                FromBlockId = change.FromBlockId,
                ToBlockId = change.ToBlockId,
            });
            if (WorkUnitId is { } unit)
            {
                effects.Feed.Add(new WorkUnitChange(unit, this, WorkUnitChangeKind.Moved, fromAddress, names.Address(CommunityId, BlockId), now));
            }
        }

        if (change.ChangedUnit)
        {
            effects.History.Add(new RegistrationEvent(this, RegistrationEventKind.ChangedUnit, UserId, now)
            {
                FromWorkUnitId = change.FromWorkUnitId,
                ToWorkUnitId = change.ToWorkUnitId,
            });
            var (fromUnit, toUnit) = (names.Unit(change.FromWorkUnitId), names.Unit(change.ToWorkUnitId));
            if (change.FromWorkUnitId is { } left)
            {
                effects.Feed.Add(new WorkUnitChange(left, this, WorkUnitChangeKind.LeftUnit, fromUnit, toUnit, now));
            }

            if (change.ToWorkUnitId is { } joined)
            {
                effects.Feed.Add(new WorkUnitChange(joined, this, WorkUnitChangeKind.JoinedUnit, fromUnit, toUnit, now));
            }
        }

        if (!change.MovesScope)
        {
            var kind = change.StatusBefore == RegistrationStatus.Rejected ? RegistrationEventKind.Resubmitted : RegistrationEventKind.Updated;
            effects.History.Add(new RegistrationEvent(this, kind, UserId, now));
        }

        return effects;
    }

    public void UpdateRosterMatch(RosterMatch match) => RosterMatch = match;

    /// <summary>
    /// Cancellation: name, phone, home and skills go. A registration still waiting is withdrawn (it leaves the
    /// community's queue, as rejected with the reason); a decided one keeps its status, so the figures it counts in stay.
    /// </summary>
    public void Anonymise(DateTime now)
    {
        Name = Privacy.Cancellation.Name;
        Phone = "";
        Building = "";
        Unit = null;
        Room = "";
        skills = [];
        if (Status == RegistrationStatus.Pending)
        {
            Status = RegistrationStatus.Rejected;
            RejectReason = Privacy.Cancellation.WithdrawnReason;
            DecidedAt = now;
            Version++;
        }
    }

    private void Apply(RegistrationDetails details)
    {
        if (details.MemberType == MemberType.InService && details.WorkUnitId is null)
        {
            throw DomainException.Invalid("workUnitId", InServiceNeedsUnit);
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

/// <summary>What a registration's transition brings with it: lines of its history, entries of work units' change feeds.</summary>
public sealed class RegistrationEffects
{
    public List<RegistrationEvent> History { get; } = [];

    public List<WorkUnitChange> Feed { get; } = [];
}

/// <summary>The names a registration's feed and history show: "城西社区 西施小区", a unit's name.</summary>
public sealed record PlaceNames(
    IReadOnlyDictionary<long, string> Communities,
    IReadOnlyDictionary<long, string> Blocks,
    IReadOnlyDictionary<long, string> Units)
{
    public static PlaceNames None { get; } = new(new Dictionary<long, string>(), new Dictionary<long, string>(), new Dictionary<long, string>());

    public string Address(long communityId, long blockId) =>
        $"{Communities.GetValueOrDefault(communityId)} {Blocks.GetValueOrDefault(blockId)}".Trim();

    public string? Unit(long? unitId) => unitId is { } id ? Units.GetValueOrDefault(id) : null;
}
