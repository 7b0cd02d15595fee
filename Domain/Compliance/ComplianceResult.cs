using Zhuji.Domain.Common;

namespace Zhuji.Domain.Compliance;

public enum ComplianceStatus
{
    Compliant,
    NonCompliant,
}

/// <summary>
/// The stored result of the annual five-flag check for one member and year. A run replaces the year's
/// results; the provisional monthly runs of the current year are marked so.
/// </summary>
public sealed class ComplianceResult
{
    public long Id { get; set; }
    public int Year { get; set; }
    public long MemberId { get; set; }
    public string Name { get; set; } = "";
    public long? WorkUnitId { get; set; }
    public long CommunityId { get; set; }
    public int Flags { get; set; }
    public int Threshold { get; set; }
    public ComplianceStatus Status { get; set; }
    public bool Provisional { get; set; }
    public DateTime ComputedAt { get; set; }

    /// <summary>The result as shown and printed: 达标 / 不达标 for a year's run; 已达标 / 尚未达标 in the year (only progress so far).</summary>
    public string ResultName => Describe(Status, Provisional);

    public static string Describe(ComplianceStatus status, bool provisional) => (status, provisional) switch
    {
        (ComplianceStatus.Compliant, true) => "已达标",
        (_, true) => "尚未达标",
        (ComplianceStatus.Compliant, false) => "达标",
        _ => "不达标",
    };
}

public enum ReportKind
{
    Quarterly,
    Annual,
}

/// <summary>Whom a report is for: one work unit, or the city (every unit ranked, a sheet per community).</summary>
public enum ReportScope
{
    WorkUnit,
    City,
}

public enum ReportStatus
{
    /// <summary>Asked for, being made by the report job.</summary>
    Queued,
    Ready,
    Failed,
}

/// <summary>
/// A report (.xlsx kept in the database): made by the schedule for every unit each quarter and year, or asked for
/// now by a unit's admin or the city. One per scope and period: asking again remakes it.
/// </summary>
public sealed class Report
{
    private Report()
    {
    }

    public long Id { get; private set; }
    public ReportScope Scope { get; private set; }

    /// <summary>The unit, for a unit's report; null for the city's.</summary>
    public long? WorkUnitId { get; private set; }

    /// <summary><see cref="WorkUnitId"/> or 0: part of the "one report per scope and period" unique index.</summary>
    public long ScopeKey { get; private set; }

    public ReportKind Kind { get; private set; }
    public int Year { get; private set; }

    /// <summary>1–4 for quarterly reports, 0 for the annual one.</summary>
    public int Quarter { get; private set; }

    public ReportStatus Status { get; private set; }
    public string Title { get; private set; } = "";
    public string FileName { get; private set; } = "";
    public byte[] Content { get; private set; } = [];
    public int Rows { get; private set; }
    public long? RequestedByUserId { get; private set; }
    public DateTime RequestedAt { get; private set; }

    /// <summary>When it was last made (its figures are those recorded before <see cref="AsOf"/>).</summary>
    public DateTime CreatedAt { get; private set; }

    public DateTime? AsOf { get; private set; }

    public ReportPeriod Period => new(Kind, Year, Quarter);

    public static Report Request(ReportScope scope, long? workUnitId, ReportPeriod period, long? requestedByUserId, DateTime now)
    {
        if ((scope == ReportScope.WorkUnit) != (workUnitId is not null))
        {
            throw new ArgumentException("A unit's report names the unit; the city's names none.", nameof(workUnitId));
        }

        var report = new Report { Scope = scope, WorkUnitId = workUnitId, ScopeKey = workUnitId ?? 0, Kind = period.Kind, Year = period.Year, Quarter = period.Quarter };
        report.Requeue(requestedByUserId, now);
        return report;
    }

    /// <summary>Asked for again: it is made anew.</summary>
    public void Requeue(long? requestedByUserId, DateTime now)
    {
        Status = ReportStatus.Queued;
        RequestedByUserId = requestedByUserId;
        RequestedAt = now;
    }

    public void Made(string title, string fileName, byte[] content, int rows, DateTime asOf, DateTime now)
    {
        Title = title;
        FileName = fileName;
        Content = content;
        Rows = rows;
        AsOf = asOf;
        CreatedAt = now;
        Status = ReportStatus.Ready;
    }

    public void Failed(DateTime now)
    {
        Status = ReportStatus.Failed;
        CreatedAt = now;
    }
}

/// <summary>
/// The period a report covers. A quarterly report shows the quarter's three months with the year to date beside
/// them, as of the quarter's end: a remake after the quarter has the same figures (what was recorded later
/// belongs to later reports). The annual report is the year's result.
/// </summary>
public sealed record ReportPeriod(ReportKind Kind, int Year, int Quarter)
{
    public static ReportPeriod Quarterly(int year, int quarter) =>
        quarter is >= 1 and <= 4 ? new(ReportKind.Quarterly, year, quarter) : throw DomainException.Invalid("quarter", "季度须为 1 到 4");

    public static ReportPeriod Annual(int year) => new(ReportKind.Annual, year, 0);

    /// <summary>The first and last Shanghai months the report's own columns cover.</summary>
    public (int FirstMonth, int LastMonth) Months => Kind == ReportKind.Annual ? (1, 12) : ((Quarter * 3) - 2, Quarter * 3);

    /// <summary>[start, end) in UTC of the months the report covers.</summary>
    public (DateTime Start, DateTime End) Bounds =>
        (ShanghaiTime.FromShanghaiLocal(new DateTime(Year, Months.FirstMonth, 1)), ShanghaiTime.FromShanghaiLocal(new DateTime(Year, Months.LastMonth, 1).AddMonths(1)));

    /// <summary>Entries recorded at or after this moment are not in the report: the quarter's end (or now, for a quarter not over).</summary>
    public DateTime AsOf(DateTime now) => Kind == ReportKind.Quarterly && Bounds.End < now ? Bounds.End : now;

    /// <summary>"2026 年第 3 季度" or "2026 年度".</summary>
    public string Name => Kind == ReportKind.Annual ? $"{Year} 年度" : $"{Year} 年第 {Quarter} 季度";

    /// <summary>"2026年7月1日—2026年9月30日".</summary>
    public string Span
    {
        get
        {
            var (start, end) = (new DateTime(Year, Months.FirstMonth, 1), new DateTime(Year, Months.LastMonth, 1).AddMonths(1).AddDays(-1));
            return $"{start:yyyy年M月d日}—{end:yyyy年M月d日}";
        }
    }
}

/// <summary>A compliance reminder sent (or found unsubscribed) for a member in a month: at most one a month.</summary>
public sealed class ReminderLog
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public string Outcome { get; set; } = "";
    public DateTime At { get; set; }
}

/// <summary>
/// A year whose annual check is final: the scheduled run of 15 January of the next year has completed. Its
/// ledger is closed (see <see cref="Flags.FlagPeriods"/>).
/// </summary>
public sealed class ClosedYear
{
    public int Year { get; set; }
    public DateTime ClosedAt { get; set; }
}

/// <summary>
/// One person of a work unit's roll as it stood at the end of a year (31 December, Shanghai): the annual report
/// is made from this, not from the roster and registrations as they are weeks later.
/// </summary>
public sealed class YearEndRollEntry
{
    public long Id { get; set; }
    public int Year { get; set; }
    public long WorkUnitId { get; set; }
    public long? MemberId { get; set; }
    public string Name { get; set; } = "";
    public string Phone { get; set; } = "";

    /// <summary>NotRegistered, Pending, Approved or Rejected, as the unit's view names them.</summary>
    public string RegistrationStatus { get; set; } = "";

    public bool InRoster { get; set; }
    public bool Evaluated { get; set; }
    public DateTime TakenAt { get; set; }

    /// <summary>Cancellation: the year's figures stay, the name and phone go.</summary>
    public void Anonymise()
    {
        Name = Privacy.Cancellation.Name;
        Phone = "";
    }
}
