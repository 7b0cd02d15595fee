using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zhuji.Domain.Common;
using Zhuji.Domain.Compliance;
using Zhuji.Domain.Identity;
using Zhuji.Infrastructure.Compliance;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;
using Zhuji.Infrastructure.Reports;

namespace Zhuji.Jobs;

/// <summary>
/// Reports to work units (.xlsx, see <see cref="ReportMaker"/>): each quarter the quarter just ended, each year the
/// year's result (from the roll as it stood on 31 December, snapshotted at midnight), and any report an admin asks
/// for now. One report per unit and period: a remake replaces it with the same "as of" figures. The unit's admins
/// are told when theirs is ready.
/// </summary>
public sealed class WorkUnitReportJob(
    ZhujiDbContext db,
    ReportMaker maker,
    INotifier notifier,
    IOptions<ComplianceOptions> options,
    TimeProvider clock,
    ILogger<WorkUnitReportJob> logger)
{
    /// <summary>Scheduled on the first day of each quarter: the quarter that just ended.</summary>
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    public Task<int> RunQuarterAsync(CancellationToken cancellationToken)
    {
        var period = ShanghaiTime.PeriodOf(clock.GetUtcNow().UtcDateTime);
        var (year, quarter) = period.Quarter == 1 ? (period.Year - 1, 4) : (period.Year, period.Quarter - 1);
        return MakeForEveryUnitAsync(ReportPeriod.Quarterly(year, quarter), cancellationToken);
    }

    /// <summary>Scheduled after the annual check: last year's result.</summary>
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
    public async Task<int> RunAnnualAsync(CancellationToken cancellationToken)
    {
        var year = ShanghaiTime.YearOf(clock.GetUtcNow().UtcDateTime) - 1;
        if (!await db.YearEndRollEntries.AnyAsync(e => e.Year == year, cancellationToken))
        {
            logger.LogWarning("No roll was kept at the end of {Year}: taking it now, from today's roster and registrations", year);
            await SnapshotAsync(year, cancellationToken);
        }

        return await MakeForEveryUnitAsync(ReportPeriod.Annual(year), cancellationToken);
    }

    /// <summary>Scheduled at 00:05 on 1 January: every unit's roll as it stood at the end of the year just over.</summary>
    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 30 * 60)]
    public Task<int> SnapshotYearEndAsync(CancellationToken cancellationToken) =>
        SnapshotAsync(ShanghaiTime.YearOf(clock.GetUtcNow().UtcDateTime) - 1, cancellationToken);

    /// <summary>Keeps every unit's people of <paramref name="year"/> (replacing an earlier snapshot of it).</summary>
    public async Task<int> SnapshotAsync(int year, CancellationToken cancellationToken)
    {
        var policy = options.Value.Policy;
        var now = clock.GetUtcNow().UtcDateTime;
        var units = await db.WorkUnits.AsNoTracking().OrderBy(u => u.Id).Select(u => u.Id).ToListAsync(cancellationToken);
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        await db.YearEndRollEntries.Where(e => e.Year == year).ExecuteDeleteAsync(cancellationToken);
        var kept = 0;
        foreach (var unit in units)
        {
            var people = await WorkUnitRoll.PeopleAsync(db, unit, year, policy, cancellationToken);
            db.YearEndRollEntries.AddRange(people.Select(p => new YearEndRollEntry
            {
                Year = year,
                WorkUnitId = unit,
                MemberId = p.MemberId,
                Name = p.Name,
                Phone = p.Phone,
                RegistrationStatus = p.RegistrationStatus.ToString(),
                InRoster = p.InRoster,
                Evaluated = p.Evaluated,
                TakenAt = now,
            }));
            kept += people.Count;
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Year-end roll of {Year}: {People} people of {Units} work units", year, kept, units.Count);
        return kept;
    }

    /// <summary>Makes (or remakes) one report an admin asked for.</summary>
    [AutomaticRetry(Attempts = 2)]
    public async Task MakeAsync(long reportId, CancellationToken cancellationToken)
    {
        var report = await db.Reports.SingleOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        if (report is null)
        {
            return;
        }

        try
        {
            var made = report.Scope == ReportScope.City
                ? await maker.CityAsync(report.Period, cancellationToken)
                : await maker.UnitAsync(report.WorkUnitId!.Value, report.Period, cancellationToken);
            report.Made(made.Title, made.FileName, made.Content, made.Rows, made.AsOf, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Report {ReportId} could not be made", reportId);
            db.ChangeTracker.Clear();
            await db.Reports.Where(r => r.Id == reportId).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, ReportStatus.Failed)
                .SetProperty(r => r.CreatedAt, clock.GetUtcNow().UtcDateTime), cancellationToken);
            throw;
        }

        if (report.WorkUnitId is { } unit)
        {
            await TellAsync(unit, report, cancellationToken);
        }
    }

    /// <summary>Every unit's report of a period (units without anyone in their roll are skipped).</summary>
    public async Task<int> MakeForEveryUnitAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var units = await db.WorkUnits.AsNoTracking().OrderBy(u => u.Id).Select(u => u.Id).ToListAsync(cancellationToken);
        var made = 0;
        foreach (var unit in units)
        {
            var result = await maker.UnitAsync(unit, period, cancellationToken);
            if (result.Rows == 0)
            {
                continue;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var report = await db.Reports.SingleOrDefaultAsync(r => r.Scope == ReportScope.WorkUnit && r.ScopeKey == unit &&
                                                                     r.Kind == period.Kind && r.Year == period.Year && r.Quarter == period.Quarter, cancellationToken)
                         ?? db.Reports.Add(Report.Request(ReportScope.WorkUnit, unit, period, null, now)).Entity;
            report.Made(result.Title, result.FileName, result.Content, result.Rows, result.AsOf, now);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            made++;
            await TellAsync(unit, report, cancellationToken);
        }

        logger.LogInformation("{Period} reports: {Count} work units", period.Name, made);
        return made;
    }

    /// <summary>For the tests and the city's "run now": the same as the schedule's run for a period.</summary>
    public Task<int> GenerateAsync(ReportKind kind, int year, int quarter, CancellationToken cancellationToken) =>
        MakeForEveryUnitAsync(kind == ReportKind.Annual ? ReportPeriod.Annual(year) : ReportPeriod.Quarterly(year, quarter), cancellationToken);

    private async Task TellAsync(long unit, Report report, CancellationToken cancellationToken)
    {
        var admins = await db.RoleAssignments.Where(r => r.Role == Role.WorkUnitAdmin && r.ScopeId == unit).Select(r => r.UserId).ToArrayAsync(cancellationToken);
        notifier.Tell(Messages.ReportReady(unit, report.Title, report.CreatedAt, admins));
    }
}
