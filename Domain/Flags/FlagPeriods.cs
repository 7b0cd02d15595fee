using Zhuji.Domain.Common;

namespace Zhuji.Domain.Flags;

/// <summary>What a change to the ledger dated at a moment is: an ordinary one, or a correction of a closed year.</summary>
public enum PeriodChange
{
    Open,

    /// <summary>The city corrects a year whose annual check is final: it carries a reason, is audited, and the year's check runs again.</summary>
    ClosedYearCorrection,
}

/// <summary>
/// Closed years stay closed. A flag is added or taken back for service of this Shanghai year or the previous one,
/// never of the future, never earlier; and once a year's annual check is final (the scheduled run of 15 January
/// has completed) only the city may correct it, with a reason.
/// </summary>
public static class FlagPeriods
{
    public const string TooOld = "只能为本年度或上一年度的服务增减红旗";

    public static string Closed(int year) => $"{year} 年度考核已结束，只有市委组织部说明理由后方可更正";

    /// <summary>
    /// Checks a ledger change for service at <paramref name="servedAt"/>. Future: the input is wrong
    /// (<c>validation_failed</c> on <paramref name="field"/>); too old, or a closed year without the city's
    /// reason: <c>period_closed</c>.
    /// </summary>
    public static PeriodChange Check(DateTime servedAt, DateTime now, IReadOnlySet<int> closedYears, bool cityAdmin, string? reason, string field = "servedAt")
    {
        if (servedAt > now)
        {
            throw DomainException.Invalid(field, ServiceRecord.NotInTheFuture);
        }

        return CheckYear(servedAt, now, closedYears, cityAdmin, reason);
    }

    /// <summary>
    /// Checks taking back a flag already in the ledger (its service date was checked when it was awarded): the
    /// same rules of the year, nothing about the future.
    /// </summary>
    public static PeriodChange CheckYear(DateTime servedAt, DateTime now, IReadOnlySet<int> closedYears, bool cityAdmin, string? reason)
    {
        var year = ShanghaiTime.YearOf(servedAt);
        if (year < ShanghaiTime.YearOf(now) - 1)
        {
            throw new DomainException(ErrorCodes.PeriodClosed, TooOld);
        }

        if (!closedYears.Contains(year))
        {
            return PeriodChange.Open;
        }

        return cityAdmin && !string.IsNullOrWhiteSpace(reason)
            ? PeriodChange.ClosedYearCorrection
            : throw new DomainException(ErrorCodes.PeriodClosed, Closed(year));
    }
}
