using Hangfire;
using Microsoft.Extensions.Logging;
using Zhuji.Domain.Common;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Jobs;

/// <summary>
/// 1 January 00:10 (Shanghai): the points earned two years back that are still there expire (earned in 2025, they
/// were good through 31 December 2026). One set-based statement; a rerun writes nothing more.
/// </summary>
[AutomaticRetry(Attempts = 3)]
[DisableConcurrentExecution(timeoutInSeconds: 1800)]
public sealed class PointsExpiryJob(ZhujiDbContext db, TimeProvider clock, ILogger<PointsExpiryJob> logger)
{
    /// <summary>The year that has just ended (the run on 1 January).</summary>
    public Task<int> RunAsync(CancellationToken cancellationToken) =>
        RunForAsync(ShanghaiTime.YearOf(clock.GetUtcNow().UtcDateTime) - 1, cancellationToken);

    public async Task<int> RunForAsync(int endedYear, CancellationToken cancellationToken)
    {
        var expired = await PointsLedger.ExpireAsync(db, endedYear, clock.GetUtcNow().UtcDateTime, cancellationToken);
        logger.LogInformation("Points expiry at the end of {Year}: {Members} members' points of {Earned} and before expired", endedYear, expired, endedYear - 1);
        return expired;
    }
}
