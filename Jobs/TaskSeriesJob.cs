using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Zhuji.Domain.Common;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Jobs;

/// <summary>
/// Every night, each running series (周期任务) gets its occurrences for the next two weeks; each date once, whatever
/// the servers (<see cref="TaskSeriesWriter"/>).
/// </summary>
[AutomaticRetry(Attempts = 3)]
[DisableConcurrentExecution(timeoutInSeconds: 30 * 60)]
public sealed class TaskSeriesJob(ZhujiDbContext db, TimeProvider clock, ILogger<TaskSeriesJob> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(ShanghaiTime.ToShanghai(now).DateTime);
        var running = await db.TaskSeries.Where(s => s.Until >= today).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var made = 0;
        foreach (var series in running)
        {
            made += (await db.GenerateAsync(series, now, cancellationToken)).Count;
        }

        logger.LogInformation("Series: {Made} occurrences made for {Series} running series", made, running.Count);
        return made;
    }
}
