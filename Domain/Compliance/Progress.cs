using Zhuji.Domain.Common;
using Zhuji.Domain.Flags;

namespace Zhuji.Domain.Compliance;

/// <summary>Where an evaluated member stands before the year is over. Never "non-compliant": the year is not over.</summary>
public enum ProgressState
{
    /// <summary>已达标: the year's threshold is reached already.</summary>
    Reached,

    /// <summary>进度正常: at or above the pace that reaches the threshold by 31 December.</summary>
    OnTrack,

    /// <summary>进度落后: below that pace (by <see cref="MemberProgress.BehindBy"/> flags).</summary>
    Behind,

    /// <summary>不参与考核: a resident member, or approved after the cutoff.</summary>
    NotEvaluated,
}

/// <summary>A member's standing at the end of a quarter, as the unit's quarterly report prints it.</summary>
public readonly record struct MemberProgress(ProgressState State, int YearToDate, int Pace, int BehindBy)
{
    public string Describe() => State == ProgressState.Behind ? $"{Labels.Of(State)}（差 {BehindBy} 面）" : Labels.Of(State);
}

/// <summary>
/// The pace to the annual threshold: by the end of quarter q a member on pace has at least
/// ⌈threshold × q ÷ 4⌉ flags (with five a year: 2, 3, 4, 5). The quarterly report says how far each one stands;
/// only the annual report, after 31 December, says compliant or not.
/// </summary>
public static class Progress
{
    public static int PaceBy(int quarter, CompliancePolicy policy) =>
        (int)Math.Ceiling(policy.AnnualThreshold * quarter / 4.0);

    /// <summary>
    /// Where a member stands today for <paramref name="year"/>: a year that is over is Reached or Behind (its result);
    /// the current year is measured against the pace of the quarters already over (none yet: on track unless reached).
    /// </summary>
    public static MemberProgress Today(int yearToDate, int year, DateTime now, bool evaluated, CompliancePolicy policy)
    {
        var local = ShanghaiTime.ToShanghai(now);
        var quarters = year < local.Year ? 4 : year > local.Year ? 0 : (local.Month - 1) / 3;
        if (quarters == 0)
        {
            return !evaluated ? new MemberProgress(ProgressState.NotEvaluated, yearToDate, 0, 0)
                : policy.IsCompliant(yearToDate) ? new MemberProgress(ProgressState.Reached, yearToDate, 0, 0)
                : new MemberProgress(ProgressState.OnTrack, yearToDate, 0, 0);
        }

        return Of(yearToDate, quarters, evaluated, policy);
    }

    public static MemberProgress Of(int yearToDate, int quarter, bool evaluated, CompliancePolicy policy)
    {
        if (quarter is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(quarter), quarter, "A quarter is 1 to 4.");
        }

        var pace = PaceBy(quarter, policy);
        if (!evaluated)
        {
            return new MemberProgress(ProgressState.NotEvaluated, yearToDate, pace, 0);
        }

        return policy.IsCompliant(yearToDate) ? new MemberProgress(ProgressState.Reached, yearToDate, pace, 0)
            : yearToDate >= pace ? new MemberProgress(ProgressState.OnTrack, yearToDate, pace, 0)
            : new MemberProgress(ProgressState.Behind, yearToDate, pace, pace - yearToDate);
    }
}
