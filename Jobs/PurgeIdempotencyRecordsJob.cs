using Hangfire;
using Microsoft.EntityFrameworkCore;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Jobs;

/// <summary>Forgets the answers kept for Idempotency-Key retries once no phone would still retry (after a day).</summary>
[AutomaticRetry(Attempts = 3)]
[DisableConcurrentExecution(timeoutInSeconds: 600)]
public sealed class PurgeIdempotencyRecordsJob(ZhujiDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(1);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow().UtcDateTime - KeepFor;
        return await db.IdempotencyRecords.Where(r => r.CreatedAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}
