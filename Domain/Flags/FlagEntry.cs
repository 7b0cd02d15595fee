using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Tasks;

namespace Zhuji.Domain.Flags;

public enum FlagEntryKind
{
    Award,
    Revocation,
}

/// <summary>Where an award came from; each source awards at most once (unique indexes).</summary>
public enum FlagSource
{
    Claim,
    ServiceRecord,
    Suggestion,
    Stewardship,
}

/// <summary>
/// One line of the red-flag ledger (亮旗). Append-only: an award is never changed or deleted; a revocation
/// is a compensating entry with the negative amount, a reason and the revoking admin. Totals are sums of
/// entries. The year, quarter and month are those of <see cref="ServedAt"/> in Asia/Shanghai. An award raises
/// <see cref="FlagAwarded"/>, a revocation <see cref="FlagRevoked"/>: what follows a flag line follows those.
/// </summary>
public sealed class FlagEntry : IRaisesDomainEvents
{
    public static readonly string FlagsRange = $"旗数须在 {VolunteerTask.MinFlags} 到 {VolunteerTask.MaxFlags} 之间";
    public const string RevocationIsFinal = "撤销记录本身不能再撤销";

    private readonly List<IDomainEvent> events = [];

    private FlagEntry()
    {
    }

    public IReadOnlyList<IDomainEvent> Events => events;

    public long Id { get; private set; }
    public long MemberId { get; private set; }
    public FlagEntryKind Kind { get; private set; }
    public int Flags { get; private set; }
    public FlagSource Source { get; private set; }
    public long? ClaimId { get; private set; }
    public long? ServiceRecordId { get; private set; }
    public long? SuggestionId { get; private set; }
    public long? StewardshipId { get; private set; }
    public long? RevokesEntryId { get; private set; }
    public long? TaskId { get; private set; }
    public string Title { get; private set; } = "";
    public ServiceCategory Category { get; private set; }
    public DateTime ServedAt { get; private set; }
    public int PeriodYear { get; private set; }
    public int PeriodMonth { get; private set; }

    /// <summary>The member's community when the flag was recorded: for statistics by community.</summary>
    public long CommunityId { get; private set; }

    public DateTime RecordedAt { get; private set; }
    public long ActorUserId { get; private set; }
    public string? Reason { get; private set; }

    public static FlagEntry Award(FlagAward award, long actorUserId, DateTime now)
    {
        if (award.Flags is < VolunteerTask.MinFlags or > VolunteerTask.MaxFlags)
        {
            throw DomainException.Invalid("flags", FlagsRange);
        }

        var period = ShanghaiTime.PeriodOf(award.ServedAt);
        var entry = new FlagEntry
        {
            MemberId = award.MemberId,
            Kind = FlagEntryKind.Award,
            Flags = award.Flags,
            Source = award.Source,
            ClaimId = award.Source == FlagSource.Claim ? award.SourceId : null,
            ServiceRecordId = award.Source == FlagSource.ServiceRecord ? award.SourceId : null,
            SuggestionId = award.Source == FlagSource.Suggestion ? award.SourceId : null,
            StewardshipId = award.Source == FlagSource.Stewardship ? award.SourceId : null,
            TaskId = award.TaskId,
            Title = award.Title,
            Category = award.Category,
            ServedAt = award.ServedAt,
            PeriodYear = period.Year,
            PeriodMonth = period.Month,
            CommunityId = award.CommunityId,
            RecordedAt = now,
            ActorUserId = actorUserId,
        };
        entry.events.Add(new FlagAwarded(entry));
        return entry;
    }

    /// <summary>
    /// The compensating entry: the same period and source, the negative amount, who and why. Nobody revokes his
    /// own flag (<paramref name="memberUserId"/> is the holder's login).
    /// </summary>
    public FlagEntry Revoke(string reason, long actorUserId, long memberUserId, DateTime now)
    {
        OwnCase.Refuse(actorUserId, memberUserId);
        if (Kind != FlagEntryKind.Award)
        {
            throw DomainException.InvalidState(RevocationIsFinal);
        }

        var revocation = new FlagEntry
        {
            MemberId = MemberId,
            Kind = FlagEntryKind.Revocation,
            Flags = -Flags,
            Source = Source,
            RevokesEntryId = Id,
            TaskId = TaskId,
            Title = Title,
            Category = Category,
            ServedAt = ServedAt,
            PeriodYear = PeriodYear,
            PeriodMonth = PeriodMonth,
            CommunityId = CommunityId,
            RecordedAt = now,
            ActorUserId = actorUserId,
            Reason = reason,
        };
        revocation.events.Add(new FlagRevoked(revocation));
        return revocation;
    }

    public void ClearEvents() => events.Clear();
}

/// <summary>
/// A flag awarded (亮旗). Written in the same save: the points it earns by the city's policy (<c>PointsFollowFlags</c>),
/// and the tallies it moves — the member's year, his community's month, the city's month and the city's standing
/// (<c>TallyCatalog</c>).
/// </summary>
public sealed record FlagAwarded(FlagEntry Award) : IDomainEvent;

/// <summary>
/// A flag taken back by a compensating line. Written in the same save: the points its award earned taken back, and the
/// same tallies moved by its negative amount.
/// </summary>
public sealed record FlagRevoked(FlagEntry Revocation) : IDomainEvent;

/// <summary>What is being awarded, to whom, for what.</summary>
public sealed record FlagAward(
    long MemberId,
    long CommunityId,
    int Flags,
    FlagSource Source,
    long SourceId,
    long? TaskId,
    string Title,
    ServiceCategory Category,
    DateTime ServedAt);
