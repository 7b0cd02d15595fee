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
}

public enum ReportKind
{
    Quarterly,
    Annual,
}

/// <summary>A report made for a work unit by a scheduled job (an .xlsx kept in the database).</summary>
public sealed class WorkUnitReport
{
    public long Id { get; set; }
    public long WorkUnitId { get; set; }
    public ReportKind Kind { get; set; }
    public int Year { get; set; }

    /// <summary>1–4 for quarterly reports, 0 for the annual one.</summary>
    public int Quarter { get; set; }

    public string Title { get; set; } = "";
    public string FileName { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public int Rows { get; set; }
    public DateTime CreatedAt { get; set; }
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
