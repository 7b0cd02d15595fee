using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zhuji.Domain.Common;
using Zhuji.Domain.Compliance;
using Zhuji.Domain.Identity;
using Zhuji.Infrastructure.Compliance;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Files;
using Zhuji.Infrastructure.Notifications;

namespace Zhuji.Jobs;

/// <summary>
/// Reports to work units (.xlsx): each member's registration status, flags by month and quarter, total and
/// result, and roster people who never registered. Quarterly for the quarter just ended, and annually with
/// the final result. One report per unit and period (a re-run replaces it); the unit's admins are told.
/// </summary>
[AutomaticRetry(Attempts = 3)]
[DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
public sealed class WorkUnitReportJob(
    ZhujiDbContext db,
    IOptions<ComplianceOptions> options,
    INotifier notifier,
    TimeProvider clock,
    ILogger<WorkUnitReportJob> logger)
{
    /// <summary>Scheduled on the first day of each quarter: the quarter that just ended.</summary>
    public Task<int> RunQuarterAsync(CancellationToken cancellationToken)
    {
        var period = ShanghaiTime.PeriodOf(clock.GetUtcNow().UtcDateTime);
        var (year, quarter) = period.Quarter == 1 ? (period.Year - 1, 4) : (period.Year, period.Quarter - 1);
        return GenerateAsync(ReportKind.Quarterly, year, quarter, cancellationToken);
    }

    /// <summary>Scheduled after the annual check: last year's result.</summary>
    public Task<int> RunAnnualAsync(CancellationToken cancellationToken) =>
        GenerateAsync(ReportKind.Annual, ShanghaiTime.YearOf(clock.GetUtcNow().UtcDateTime) - 1, 0, cancellationToken);

    public async Task<int> GenerateAsync(ReportKind kind, int year, int quarter, CancellationToken cancellationToken)
    {
        var policy = options.Value.Policy;
        var units = await db.WorkUnits.AsNoTracking().OrderBy(u => u.Id).Select(u => new { u.Id, u.Name }).ToListAsync(cancellationToken);
        var made = 0;
        foreach (var unit in units)
        {
            var rows = await WorkUnitRoll.BuildAsync(db, unit.Id, year, policy, cancellationToken);
            if (rows.Count == 0)
            {
                continue;
            }

            var title = kind == ReportKind.Annual ? $"{unit.Name} {year} 年度在职党员亮旗考核结果" : $"{unit.Name} {year} 年第 {quarter} 季度在职党员亮旗情况";
            var report = await db.Reports.SingleOrDefaultAsync(r => r.WorkUnitId == unit.Id && r.Kind == kind && r.Year == year && r.Quarter == quarter, cancellationToken)
                         ?? db.Reports.Add(new WorkUnitReport { WorkUnitId = unit.Id, Kind = kind, Year = year, Quarter = quarter }).Entity;
            report.Title = title;
            report.FileName = kind == ReportKind.Annual ? $"report-{unit.Id}-{year}.xlsx" : $"report-{unit.Id}-{year}-q{quarter}.xlsx";
            report.Content = ReportWorkbook.Write(rows);
            report.Rows = rows.Count;
            report.CreatedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            made++;

            var admins = await db.RoleAssignments.Where(r => r.Role == Role.WorkUnitAdmin && r.ScopeId == unit.Id).Select(r => r.UserId).ToArrayAsync(cancellationToken);
            if (admins.Length > 0)
            {
                notifier.Notify(new Notification(NotificationPurpose.ReportReady, admins, $"pages/unit/reports?unit={unit.Id}", new Dictionary<string, string>
                {
                    ["title"] = title,
                    ["time"] = report.CreatedAt.ToString("yyyy年M月d日 HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                }));
            }
        }

        logger.LogInformation("{Kind} reports {Year} Q{Quarter}: {Count} work units", kind, year, quarter, made);
        return made;
    }
}
