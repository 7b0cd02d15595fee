using Zhuji.Domain.Common;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Tasks;

namespace Zhuji.Domain.Points;

public enum PointsKind
{
    Earned,
    Redeemed,
    Refunded,
    Revoked,
    Expired,
    Adjusted,
}

/// <summary>Where earned points came from: a task's confirmed claim, or an admin's award (service entered, adoption, steward).</summary>
public enum PointsSource
{
    Task,
    Admin,
}

/// <summary>
/// One line of the points ledger (积分). Append-only like the flags: nothing is changed or deleted; a redemption
/// is a negative line, its cancellation a refund, a revoked flag a negative line taking back exactly what its
/// award earned, and expiry a negative line. A balance is the sum of a member's lines. <see cref="Year"/> is the
/// year the points belong to: the flag's year for earned and revoked lines, the Shanghai year of the line
/// otherwise; points of year Y expire at the end of year Y + 1.
/// </summary>
public sealed class PointsEntry
{
    private PointsEntry()
    {
    }

    public long Id { get; private set; }
    public long MemberId { get; private set; }
    public PointsKind Kind { get; private set; }

    /// <summary>Signed: positive for earned and refunded, negative for redeemed, revoked and expired.</summary>
    public int Points { get; private set; }

    public int Year { get; private set; }
    public DateTime At { get; private set; }
    public PointsSource? Source { get; private set; }
    public long? FlagEntryId { get; private set; }
    public long? RedemptionId { get; private set; }

    /// <summary>The rate the policy gave when the flag was awarded (points a flag × the category's multiplier); null for other lines.</summary>
    public decimal? Rate { get; private set; }

    /// <summary>The flag line this one follows, while both are unsaved (the store fills <see cref="FlagEntryId"/>).</summary>
    public FlagEntry? Flag { get; private set; }

    /// <summary>What a flag line earns (an award) or takes back (a revocation, the negative of what <paramref name="earned"/> gave).</summary>
    public static PointsEntry ForFlag(FlagEntry flag, PointsPolicy policy, PointsEntry? earned, DateTime now)
    {
        if (flag.Kind == FlagEntryKind.Revocation)
        {
            return new PointsEntry
            {
                MemberId = flag.MemberId,
                Kind = PointsKind.Revoked,
                Points = -(earned?.Points ?? policy.PointsFor(-flag.Flags, flag.Category)),
                Year = flag.PeriodYear,
                At = now,
                Source = SourceOf(flag.Source),
                Rate = earned?.Rate ?? policy.RateFor(flag.Category),
                Flag = flag,
            };
        }

        return new PointsEntry
        {
            MemberId = flag.MemberId,
            Kind = PointsKind.Earned,
            Points = policy.PointsFor(flag.Flags, flag.Category),
            Year = flag.PeriodYear,
            At = now,
            Source = SourceOf(flag.Source),
            Rate = policy.RateFor(flag.Category),
            Flag = flag,
        };
    }

    public static PointsEntry Redeemed(long memberId, long redemptionId, int points, DateTime now) =>
        new() { MemberId = memberId, Kind = PointsKind.Redeemed, Points = -points, Year = ShanghaiTime.YearOf(now), At = now, RedemptionId = redemptionId };

    public static PointsEntry Refunded(long memberId, long redemptionId, int points, DateTime now) =>
        new() { MemberId = memberId, Kind = PointsKind.Refunded, Points = points, Year = ShanghaiTime.YearOf(now), At = now, RedemptionId = redemptionId };

    /// <summary>Claims are tasks; service entered by an admin, adopted suggestions and stewardships are the admin's award.</summary>
    public static PointsSource SourceOf(FlagSource source) => source == FlagSource.Claim ? PointsSource.Task : PointsSource.Admin;
}

/// <summary>
/// The city's rate (<c>Zhuji:Points:PerFlag</c>, default 10, and a multiplier per service category). Each earned
/// line keeps the rate it was given, so changing the policy never rewrites the past; a revocation takes back what
/// the award earned, not what the policy gives today.
/// </summary>
public sealed record PointsPolicy(int PerFlag, IReadOnlyDictionary<ServiceCategory, decimal> Multipliers)
{
    public const int DefaultPerFlag = 10;

    public static PointsPolicy Default { get; } = new(DefaultPerFlag, new Dictionary<ServiceCategory, decimal>());

    public decimal RateFor(ServiceCategory category) => PerFlag * Multipliers.GetValueOrDefault(category, 1m);

    /// <summary>Whole points, half away from zero (2 flags × 10 × 1.25 = 25).</summary>
    public int PointsFor(int flags, ServiceCategory category) => (int)Math.Round(flags * RateFor(category), MidpointRounding.AwayFromZero);
}

/// <summary>
/// Expiry, first in first out: spending takes the oldest points first, so what expires at the end of year Y + 1 is
/// what is left of the points of years up to Y after everything spent so far — never more than the balance.
/// </summary>
public static class PointsExpiry
{
    /// <summary>The year whose points expire when <paramref name="year"/> ends.</summary>
    public static int EarnedYearExpiringAt(int year) => year - 1;

    /// <param name="earnedUpTo">earned, revoked and adjusted points of the years up to the expiring one</param>
    /// <param name="spent">points gone so far: redeemed less refunded, and expired before (a positive number)</param>
    /// <param name="balance">the member's balance now</param>
    public static int Expiring(int earnedUpTo, int spent, int balance) => Math.Max(0, Math.Min(balance, earnedUpTo - spent));

    /// <summary>Kinds that bring points into a year (their <see cref="PointsEntry.Year"/> is the earning year).</summary>
    public static readonly PointsKind[] Inflows = [PointsKind.Earned, PointsKind.Revoked, PointsKind.Adjusted];
}
