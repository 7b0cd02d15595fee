using Zhuji.Domain.Common;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Tasks;

namespace Zhuji.Domain.Stewardships;

public enum StewardshipKind
{
    /// <summary>A stairwell or unit of a building (楼道长).</summary>
    Stairwell,

    /// <summary>A public facility the member looks after.</summary>
    Facility,
}

public enum StewardshipStatus
{
    Pending,
    Active,
    Rejected,
}

/// <summary>
/// A red steward (红管家) of a stairwell or a facility in a block, for one calendar year. Approved by the
/// community or the block; an active stewardship holds one of the target's seats (<see cref="Seat"/>),
/// and a unique index on the seat keeps "one steward per target" (or the community's number) true under
/// any concurrency.
/// </summary>
public sealed class Stewardship
{
    public const int MaxTarget = 50;

    private Stewardship()
    {
    }

    public Stewardship(long memberId, long communityId, long blockId, string target, StewardshipKind kind, int year, DateTime now)
    {
        MemberId = memberId;
        CommunityId = communityId;
        BlockId = blockId;
        Target = NormalizeTarget(target);
        Kind = kind;
        Year = year;
        Status = StewardshipStatus.Pending;
        AppliedAt = now;
    }

    public const string OwnCommunityOnly = "只能认管本社区的小区";
    public const string StairwellAtHome = "楼道红管家只能认管自己所住小区的楼道";

    /// <summary>
    /// A member applies (申请认管) for the year of <paramref name="now"/>: a target in a block of his own community, and a
    /// stairwell only in the block he lives in. The community or the block approves it later.
    /// </summary>
    public static Stewardship Apply(long memberId, long memberCommunityId, long memberBlockId, long blockId, long blockCommunityId, string target, StewardshipKind kind, DateTime now)
    {
        if (blockCommunityId != memberCommunityId)
        {
            throw DomainException.Forbidden(OwnCommunityOnly);
        }

        if (kind == StewardshipKind.Stairwell && blockId != memberBlockId)
        {
            throw DomainException.Invalid("blockId", StairwellAtHome);
        }

        return new Stewardship(memberId, memberCommunityId, blockId, target, kind, ShanghaiTime.YearOf(now), now);
    }

    public long Id { get; private set; }
    public long MemberId { get; private set; }
    public long CommunityId { get; private set; }
    public long BlockId { get; private set; }
    public string Target { get; private set; } = "";
    public StewardshipKind Kind { get; private set; }
    public int Year { get; private set; }
    public StewardshipStatus Status { get; private set; }

    /// <summary>Which of the target's seats an active stewardship holds (1 … the community's number); null otherwise.</summary>
    public int? Seat { get; private set; }

    public DateTime AppliedAt { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    public long? DecidedByUserId { get; private set; }
    public string? RejectReason { get; private set; }
    public int Version { get; private set; }

    /// <summary>"3 幢 2 单元" and "3幢2单元" name the same stairwell.</summary>
    public static string NormalizeTarget(string target) =>
        new string(target.Where(c => !char.IsWhiteSpace(c)).Select(c => c is >= '０' and <= '９' ? (char)(c - '０' + '0') : c).ToArray());

    public const string AlreadyDecided = "该申请已审核";

    /// <summary>
    /// Approves the application into the first free seat of its target (1 … <paramref name="seatsPerTarget"/>,
    /// those in <paramref name="takenSeats"/> being held). None free: the target already has its stewards. The
    /// seat's unique index keeps two approvals at once from sharing it.
    /// </summary>
    public int Approve(IReadOnlyCollection<int> takenSeats, int seatsPerTarget, long memberUserId, long adminUserId, DateTime now)
    {
        OwnCase.Refuse(adminUserId, memberUserId);
        EnsurePending();
        var seat = Enumerable.Range(1, seatsPerTarget).FirstOrDefault(n => !takenSeats.Contains(n));
        if (seat == 0)
        {
            throw DomainException.Conflict(TargetTaken(seatsPerTarget));
        }

        Status = StewardshipStatus.Active;
        Seat = seat;
        DecidedAt = now;
        DecidedByUserId = adminUserId;
        Version++;
        return seat;
    }

    /// <summary>"该处已有红管家", or how many it has when the community allows more than one.</summary>
    public static string TargetTaken(int seatsPerTarget) => seatsPerTarget == 1 ? "该处已有红管家" : $"该处已有 {seatsPerTarget} 名红管家";

    /// <summary>
    /// The year's flag for an active steward, awarded once per stewardship (the ledger's unique index), dated
    /// now or, once the year is over, its last moment.
    /// </summary>
    public FlagAward Award(int flags, long memberCommunityId, long memberUserId, long adminUserId, DateTime now)
    {
        OwnCase.Refuse(adminUserId, memberUserId);
        if (Status != StewardshipStatus.Active)
        {
            throw DomainException.InvalidState("只有在任的红管家可以亮旗");
        }

        return new FlagAward(MemberId, memberCommunityId, flags, FlagSource.Stewardship, Id, null, $"红管家：{Target}", ServiceCategory.RedSteward, AwardServedAt(now));
    }

    public void Reject(string reason, long memberUserId, long adminUserId, DateTime now)
    {
        OwnCase.Refuse(adminUserId, memberUserId);
        EnsurePending();
        Status = StewardshipStatus.Rejected;
        RejectReason = reason;
        DecidedAt = now;
        DecidedByUserId = adminUserId;
        Version++;
    }

    /// <summary>The moment a stewardship year's flag is served at: now, or the year's last moment once it is over.</summary>
    public DateTime AwardServedAt(DateTime now)
    {
        var (_, end) = ShanghaiTime.YearBounds(Year);
        return now < end ? now : end.AddSeconds(-1);
    }

    private void EnsurePending()
    {
        if (Status != StewardshipStatus.Pending)
        {
            throw DomainException.InvalidState(AlreadyDecided);
        }
    }
}
