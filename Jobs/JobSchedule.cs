using Hangfire;
using Zhuji.Domain.Common;

namespace Zhuji.Jobs;

/// <summary>
/// The one place recurring jobs are registered: stable ids, cron in Asia/Shanghai. Hangfire runs each
/// occurrence once however many servers share the storage.
/// </summary>
public sealed class JobSchedule(IRecurringJobManager recurring)
{
    public const string PurgeIdempotencyRecords = "housekeeping:purge-idempotency-records";

    private static readonly RecurringJobOptions Shanghai = new() { TimeZone = ShanghaiTime.Zone };

    public void Apply()
    {
        recurring.AddOrUpdate<PurgeIdempotencyRecordsJob>(PurgeIdempotencyRecords, j => j.RunAsync(CancellationToken.None), "30 3 * * *", Shanghai);
    }
}
