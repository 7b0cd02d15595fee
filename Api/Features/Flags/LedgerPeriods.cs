using Zhuji.Api.Auth;
using Zhuji.Api.Features.Audit;
using Zhuji.Domain.Common;
using Zhuji.Domain.Flags;
using Zhuji.Infrastructure.Compliance;
using Zhuji.Infrastructure.Data;
using Zhuji.Jobs;

namespace Zhuji.Api.Features.Flags;

/// <summary>
/// Closed years stay closed (<see cref="FlagPeriods"/>): every endpoint that adds or takes back a flag asks
/// here first, and after a city correction of a closed year the correction is audited and the year's check runs
/// again, in the same transaction as the change.
/// </summary>
public sealed class LedgerPeriods(ZhujiDbContext db, Caller caller, AuditLog audit, AnnualComplianceJob compliance)
{
    public async Task<PeriodChange> CheckAsync(DateTime servedAt, DateTime now, string? reason, CancellationToken cancellationToken, string field = "servedAt") =>
        FlagPeriods.Check(servedAt, now, await ComplianceQueries.ClosedYearsAsync(db, cancellationToken), caller.IsCityAdmin, reason, field);

    /// <summary>Taking back a flag already in the ledger: the rules of its year only.</summary>
    public async Task<PeriodChange> CheckRevocationAsync(DateTime servedAt, DateTime now, string reason, CancellationToken cancellationToken) =>
        FlagPeriods.CheckYear(servedAt, now, await ComplianceQueries.ClosedYearsAsync(db, cancellationToken), caller.IsCityAdmin, reason);

    /// <summary>Call once the change is saved (inside its write transaction): a correction is audited and the year re-checked.</summary>
    public async Task AfterAsync(PeriodChange change, DateTime servedAt, string? reason, string what, long entityId, CancellationToken cancellationToken)
    {
        if (change != PeriodChange.ClosedYearCorrection)
        {
            return;
        }

        var year = ShanghaiTime.YearOf(servedAt);
        audit.Record("ClosedYearCorrected", "Year", year, null, new { year, reason = reason!.Trim(), what, entityId });
        await db.SaveChangesAsync(cancellationToken);
        await compliance.RunAsync(year, cancellationToken);
    }
}
