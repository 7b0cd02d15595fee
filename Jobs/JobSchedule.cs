using System.Linq.Expressions;
using Hangfire;
using Microsoft.Extensions.Options;
using Zhuji.Domain.Common;

namespace Zhuji.Jobs;

/// <summary>
/// The one place recurring jobs are registered: stable ids, cron in Asia/Shanghai. Hangfire runs each
/// occurrence once however many servers share the storage.
/// </summary>
public sealed class JobSchedule(IRecurringJobManager manager, IOptions<JobsOptions> options)
{
    public const string PurgeIdempotencyRecords = "housekeeping:purge-idempotency-records";
    public const string AnnualCompliance = "compliance:annual";
    public const string ProvisionalCompliance = "compliance:provisional";
    public const string QuarterlyReports = "reports:quarterly";
    public const string AnnualReports = "reports:annual";
    public const string YearEndSnapshot = "reports:year-end-roll";
    public const string ComplianceReminders = "reminders:compliance";
    public const string PointsExpiry = "points:expiry";
    public const string DatabaseBackup = "housekeeping:database-backup";
    public const string TaskReminders = "reminders:tasks";
    public const string AdminDigest = "reminders:admin-digest";
    public const string PurgeOrphanUploads = "housekeeping:purge-orphan-uploads";
    public const string TallyCheck = "housekeeping:tally-check";
    public const string Retention = "housekeeping:retention";
    public const string TaskSeries = "tasks:series";

    private static readonly RecurringJobOptions Shanghai = new() { TimeZone = ShanghaiTime.Zone };

    public void Apply()
    {
        var recurring = new Overridable(manager, options.Value.Schedule);
        // 15 January 02:00: last year's final result, after two weeks' grace for late confirmations.
        recurring.AddOrUpdate<AnnualComplianceJob>(AnnualCompliance, j => j.RunPreviousYearAsync(CancellationToken.None), "0 2 15 1 *", Shanghai);
        // The 1st of every month 03:00: this year's provisional standing.
        recurring.AddOrUpdate<AnnualComplianceJob>(ProvisionalCompliance, j => j.RunCurrentYearAsync(CancellationToken.None), "0 3 1 * *", Shanghai);
        // The 1st of January, April, July and October 05:00: the quarter that just ended, to every unit.
        recurring.AddOrUpdate<WorkUnitReportJob>(QuarterlyReports, j => j.RunQuarterAsync(CancellationToken.None), "0 5 1 1,4,7,10 *", Shanghai);
        // 1 January 00:05: every unit's roll as it stood on 31 December, for the annual report.
        recurring.AddOrUpdate<WorkUnitReportJob>(YearEndSnapshot, j => j.SnapshotYearEndAsync(CancellationToken.None), "5 0 1 1 *", Shanghai);
        // 15 January 06:00, after the annual check: the year's result, to every unit.
        recurring.AddOrUpdate<WorkUnitReportJob>(AnnualReports, j => j.RunAnnualAsync(CancellationToken.None), "0 6 15 1 *", Shanghai);
        // Mondays 09:00 in October–December: members below the threshold, at most once a month each.
        recurring.AddOrUpdate<ComplianceReminderJob>(ComplianceReminders, j => j.RunAsync(CancellationToken.None), "0 9 * 10-12 1", Shanghai);
        // 1 January 00:10: the points earned the year before last expire (what is left of them).
        recurring.AddOrUpdate<PointsExpiryJob>(PointsExpiry, j => j.RunAsync(CancellationToken.None), "10 0 1 1 *", Shanghai);
        // Every 10 minutes: reminders a day and two hours before a claimed task starts (each once per claim).
        recurring.AddOrUpdate<TaskReminderJob>(TaskReminders, j => j.RunAsync(CancellationToken.None), "*/10 * * * *", Shanghai);
        // Every day 08:30: each admin is told how many records wait for his confirmation.
        recurring.AddOrUpdate<AdminDigestJob>(AdminDigest, j => j.RunAsync(CancellationToken.None), "30 8 * * *", Shanghai);
        // Every night 02:30: an online backup of the embedded SQLite database (server databases use their own tools).
        recurring.AddOrUpdate<DatabaseBackupJob>(DatabaseBackup, j => j.RunAsync(CancellationToken.None), "30 2 * * *", Shanghai);
        recurring.AddOrUpdate<PurgeIdempotencyRecordsJob>(PurgeIdempotencyRecords, j => j.RunAsync(CancellationToken.None), "30 3 * * *", Shanghai);
        // Every night 03:45: photos never put into a record, after a week.
        recurring.AddOrUpdate<PurgeOrphanUploadsJob>(PurgeOrphanUploads, j => j.RunAsync(CancellationToken.None), "45 3 * * *", Shanghai);
        // Every night 04:15: the summary tables against a recount of their tables; a difference is logged and audited.
        recurring.AddOrUpdate<TallyCheckJob>(TallyCheck, j => j.RunAsync(CancellationToken.None), "15 4 * * *", Shanghai);
        // Every night 04:30: audit entries past their retention period, and long-expired counters.
        recurring.AddOrUpdate<RetentionJob>(Retention, j => j.RunAsync(CancellationToken.None), "30 4 * * *", Shanghai);
        // 01:30: each running series' occurrences for the next two weeks (周期任务).
        recurring.AddOrUpdate<TaskSeriesJob>(TaskSeries, j => j.RunAsync(CancellationToken.None), "30 1 * * *", Shanghai);
    }

    /// <summary>The schedule as configured: a job's cron from <see cref="JobsOptions.Schedule"/> where one is given.</summary>
    private sealed class Overridable(IRecurringJobManager recurring, IReadOnlyDictionary<string, string> overrides)
    {
        public void AddOrUpdate<T>(string id, Expression<Func<T, Task>> job, string cron, RecurringJobOptions options)
        {
            var configured = overrides.GetValueOrDefault(id.Replace(':', '-'), cron);
            if (configured == "never")
            {
                recurring.RemoveIfExists(id);
                return;
            }

            recurring.AddOrUpdate(id, job, configured, options);
        }
    }
}
