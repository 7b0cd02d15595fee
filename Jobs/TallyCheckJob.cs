using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.Logging;
using Zhuji.Domain.Auditing;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Data.Tallies;

namespace Zhuji.Jobs;

/// <summary>
/// Every night, the drift check of the summary tables (the same as <c>GET /admin/tallies/check</c>): nothing to do
/// when they equal a recount of their tables; otherwise each difference is logged as a warning and the whole is audited
/// (<c>TalliesDrifted</c>), so the city sees it in its audit log and an operator rebuilds them (delete the
/// <c>TallyStates</c> row and restart). The tallies are never corrected silently: a difference is a fault to find.
/// </summary>
[AutomaticRetry(Attempts = 1)]
[DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
public sealed class TallyCheckJob(ZhujiDbContext db, TallyCatalog tallies, TimeProvider clock, ILogger<TallyCheckJob> logger)
{
    public const string Action = "TalliesDrifted";

    public async Task<IReadOnlyList<TallyDifference>> RunAsync(CancellationToken cancellationToken)
    {
        var differences = await TallyMaintenance.DifferencesAsync(db, tallies, cancellationToken);
        if (differences.Count == 0)
        {
            logger.LogInformation("Tallies checked: every summary table equals a recount of its tables");
            return differences;
        }

        foreach (var d in differences)
        {
            logger.LogWarning("Tally {Key} holds {Stored} but its tables count {Counted}", d.Key, d.Stored, d.Counted);
        }

        var shown = differences.Take(100).Select(d => new { tally = d.Tally, key = d.Key.ToString(), stored = d.Stored, counted = d.Counted });
        db.AuditEntries.Add(new AuditEntry(null, Action, "Tally", null, null,
            JsonSerializer.Serialize(new { count = differences.Count, differences = shown }), clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
        return differences;
    }
}
