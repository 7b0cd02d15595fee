using System.Globalization;
using Zhuji.Domain.Common;
using Zhuji.Domain.Registrations;

namespace Zhuji.Domain.Flags;

/// <summary>
/// The five-flag rule: an in-service member needs at least <see cref="AnnualThreshold"/> flags in a
/// Shanghai calendar year; one first approved on or after the cutoff (default 1 October) is not evaluated
/// for that year. Resident members earn flags but are never evaluated.
/// </summary>
public sealed record CompliancePolicy(int AnnualThreshold, int CutoffMonth, int CutoffDay)
{
    public static CompliancePolicy Default { get; } = new(5, 10, 1);

    /// <summary>From the city's settings: threshold and cutoff as <c>MM-dd</c>.</summary>
    public static CompliancePolicy From(int threshold, string cutoff)
    {
        if (threshold < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), "The annual threshold must be at least 1.");
        }

        if (!DateTime.TryParseExact($"2000-{cutoff}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            throw new FormatException($"The evaluation cutoff '{cutoff}' is not MM-dd.");
        }

        return new CompliancePolicy(threshold, day.Month, day.Day);
    }

    /// <summary>The first instant (UTC) from which a new approval no longer counts for <paramref name="year"/>.</summary>
    public DateTime CutoffUtc(int year) =>
        ShanghaiTime.FromShanghaiLocal(new DateTime(year, CutoffMonth, Math.Min(CutoffDay, DateTime.DaysInMonth(year, CutoffMonth))));

    public bool IsEvaluated(MemberType memberType, DateTime firstApprovedAtUtc, int year) =>
        memberType == MemberType.InService && firstApprovedAtUtc < CutoffUtc(year);

    public bool IsCompliant(int flags) => flags >= AnnualThreshold;

    /// <summary>
    /// The first year an in-service member first approved at <paramref name="firstApprovedAtUtc"/> is evaluated for:
    /// the year of his approval (Shanghai), or the next one when he was approved on or after its cutoff. He is
    /// evaluated for every year from it on (<see cref="IsEvaluated"/>).
    /// </summary>
    public int FirstEvaluatedYear(DateTime firstApprovedAtUtc)
    {
        var year = ShanghaiTime.YearOf(firstApprovedAtUtc);
        return firstApprovedAtUtc < CutoffUtc(year) ? year : year + 1;
    }

    /// <summary>A year's total as far as standing goes: 0 to the threshold (more than the threshold is still "reached").</summary>
    public int Bucket(int flags) => Math.Clamp(flags, 0, AnnualThreshold);

    /// <summary>Reminded in the last quarter: evaluated this year and still below the threshold.</summary>
    public bool NeedsReminder(MemberType memberType, DateTime firstApprovedAtUtc, int year, int flags) =>
        IsEvaluated(memberType, firstApprovedAtUtc, year) && !IsCompliant(flags);
}
