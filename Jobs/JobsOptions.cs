using System.ComponentModel;
namespace Zhuji.Jobs;

public enum JobStorageKind
{
    InMemory,
    SqlServer,
    PostgreSql,
}

/// <summary><c>Zhuji:Jobs</c>.</summary>
public sealed class JobsOptions
{
    public const string Section = "Zhuji:Jobs";

    /// <summary>Hangfire storage. When unset it follows the database provider (SQLite → InMemory).</summary>
    [DefaultValue("(follows the provider)")]
    public JobStorageKind? Storage { get; set; }

    /// <summary>Whether this instance processes jobs (it always can enqueue them).</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>Hangfire workers on this instance.</summary>
    public int WorkerCount { get; set; } = 4;

    /// <summary>
    /// A recurring job's cron instead of its default, by its id with <c>-</c> for <c>:</c>
    /// (<c>Zhuji:Jobs:Schedule:reminders-tasks=*/5 * * * *</c>); <c>never</c> removes it. For a city that wants another
    /// hour, and for the test that watches two servers share one schedule.
    /// </summary>
    public Dictionary<string, string> Schedule { get; set; } = [];
}
