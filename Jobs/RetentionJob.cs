using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zhuji.Domain.Auditing;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Privacy;

namespace Zhuji.Jobs;

/// <summary>What the retention job pruned: audit entries past <c>Zhuji:Retention:AuditMonths</c>, and login and lockout counters long expired.</summary>
public sealed record RetentionResult(DateTime AuditBefore, int AuditEntries, int Counters);

/// <summary>
/// Prunes only what has expired (PIPL Art. 19: kept no longer than needed): audit entries older than
/// <c>Zhuji:Retention:AuditMonths</c> (at least six months, Cybersecurity Law Art. 21) and counters whose window ended a
/// day ago. Service records, flags, points and certificates are never pruned (GB/T 40143-2021: at least ten years). What
/// it pruned is itself audited.
/// </summary>
[AutomaticRetry(Attempts = 3)]
[DisableConcurrentExecution(timeoutInSeconds: 1800)]
public sealed class RetentionJob(ZhujiDbContext db, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionJob> logger)
{
    public const string Action = "RetentionPruned";

    public async Task<RetentionResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var auditBefore = now.AddMonths(-Math.Max(6, options.Value.AuditMonths));
        var audit = await db.AuditEntries.Where(a => a.At < auditBefore).ExecuteDeleteAsync(cancellationToken);
        var counters = await db.QuotaCounters.Where(c => c.WindowEndsAt < now.AddDays(-1)).ExecuteDeleteAsync(cancellationToken);
        if (audit > 0)
        {
            db.AuditEntries.Add(new AuditEntry(null, Action, "AuditLog", null, null,
                System.Text.Json.JsonSerializer.Serialize(new { before = auditBefore, auditEntries = audit, months = options.Value.AuditMonths }), now));
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Retention: {Entries} audit entries older than {Before:yyyy-MM-dd} pruned", audit, auditBefore);
        }

        return new RetentionResult(auditBefore, audit, counters);
    }
}
