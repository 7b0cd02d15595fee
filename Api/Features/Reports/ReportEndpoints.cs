using FluentValidation;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Compliance;
using Zhuji.Infrastructure.Data;
using Zhuji.Jobs;

namespace Zhuji.Api.Features.Reports;

/// <summary>A report as listed: what, for whom, for when, and whether its file is ready.</summary>
public sealed record ReportDto(
    string Id,
    ReportScope Scope,
    string? WorkUnitId,
    string? WorkUnitName,
    ReportKind Kind,
    int Year,
    int Quarter,
    ReportStatus Status,
    string Title,
    string FileName,
    int Rows,
    DateTime RequestedAt,
    DateTime? CreatedAt,
    DateTime? AsOf);

/// <summary><c>{kind, year, quarter?}</c>: a quarter's progress or a year's result.</summary>
public sealed record RequestReportRequest(ReportKind? Kind, int? Year, int? Quarter);

public sealed record ReportAcceptedResponse(string ReportId);

internal sealed class RequestReportRequestValidator : AbstractValidator<RequestReportRequest>
{
    public RequestReportRequestValidator()
    {
        RuleFor(r => r.Kind).RequiredEnum("报表类型");
        RuleFor(r => r.Year).NotNull().WithMessage("年份不能为空").InclusiveBetween(Years.Min, Years.Max).WithMessage($"年份须在 {Years.Min} 到 {Years.Max} 之间");
        RuleFor(r => r.Quarter).NotNull().WithMessage("季度报表须指定季度").InclusiveBetween(1, 4).WithMessage("季度须为 1 到 4")
            .When(r => r.Kind == ReportKind.Quarterly);
        RuleFor(r => r.Quarter).Must(q => q is null or 0).WithMessage("年度报表无需指定季度").When(r => r.Kind == ReportKind.Annual);
    }
}

/// <summary>
/// Reports (单位报表): the ones the schedule makes, and any a unit's admin or the city asks for now (202, made by
/// the report job; poll <c>GET /reports/{id}</c>, then download the file).
/// </summary>
public static class ReportEndpoints
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static RouteGroupBuilder MapReports(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Reports").RequireAuthorization();
        group.MapGet("/work-units/{id:long}/reports", ForUnit)
            .WithName("ListWorkUnitReports").ScopedBy(ScopeCheck.WorkUnit).WithSummary("单位的报表（定时生成与按需生成）")
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        group.MapPost("/work-units/{id:long}/reports", RequestForUnit)
            .WithName("RequestWorkUnitReport").ScopedBy(ScopeCheck.WorkUnit).WithSummary("立即生成（或重新生成）单位的季度或年度报表")
            .Validate<RequestReportRequest>().Idempotent()
            .Produces<ReportAcceptedResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(403).ProducesProblem(404);
        group.MapPost("/reports/city", RequestForCity)
            .WithName("RequestCityReport").ScopedBy(ScopeCheck.City).WithSummary("立即生成全市报表：各单位排名、各社区任务类别分布")
            .RequireAuthorization(Policies.CityAdmin)
            .Validate<RequestReportRequest>().Idempotent()
            .Produces<ReportAcceptedResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(403);
        group.MapGet("/reports", List)
            .WithName("ListReports").ScopedBy(ScopeCheck.City).WithSummary("全部报表（按年份、类型、范围筛选）")
            .RequireAuthorization(Policies.CityAdmin)
            .ProducesProblem(400).ProducesProblem(403);
        group.MapGet("/reports/{id:long}", Get)
            .WithName("GetReport").ScopedBy(ScopeCheck.WorkUnit).WithSummary("报表及其生成状态")
            .ProducesProblem(404);
        group.MapGet("/reports/{id:long}/file", File)
            .WithName("DownloadReport").ScopedBy(ScopeCheck.WorkUnit).WithSummary("下载报表（.xlsx，A4 横向打印）")
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType)
            .ProducesProblem(404).ProducesProblem(409);
        return api;
    }

    public static async Task<Results<Ok<Page<ReportDto>>, ProblemHttpResult>> ForUnit(
        long id, [AsParameters] ListQuery list, ScopedLoader loader, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var page = list.Page;

        if (await loader.WorkUnitAsync(id, "只能查看本单位的报表", cancellationToken) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await PageAsync(db, db.Reports.Where(r => r.Scope == ReportScope.WorkUnit && r.WorkUnitId == id), page, cancellationToken));
    }

    public static async Task<Results<Accepted<ReportAcceptedResponse>, ProblemHttpResult>> RequestForUnit(
        long id, RequestReportRequest request, ScopedLoader loader, [AsParameters] AdminServices admin, IBackgroundJobClient jobs, CancellationToken cancellationToken)
    {
        if (await loader.WorkUnitAsync(id, "只能生成本单位的报表", cancellationToken) is { } refused)
        {
            return refused;
        }

        return await EnqueueAsync(ReportScope.WorkUnit, id, request, admin, jobs, cancellationToken);
    }

    public static Task<Results<Accepted<ReportAcceptedResponse>, ProblemHttpResult>> RequestForCity(
        RequestReportRequest request, [AsParameters] AdminServices admin, IBackgroundJobClient jobs, CancellationToken cancellationToken) =>
        EnqueueAsync(ReportScope.City, null, request, admin, jobs, cancellationToken);

    public static async Task<Results<Ok<Page<ReportDto>>, ProblemHttpResult>> List(
        int? year, ReportKind? kind, ReportScope? scope, [AsParameters] ListQuery list, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var page = list.Page;

        if (Years.Read(year, 0) is { Found: false } badYear)
        {
            return badYear.Refusal;
        }

        var reports = db.Reports.AsQueryable();
        if (year is not null)
        {
            reports = reports.Where(r => r.Year == year);
        }

        if (kind is not null)
        {
            reports = reports.Where(r => r.Kind == kind);
        }

        if (scope is not null)
        {
            reports = reports.Where(r => r.Scope == scope);
        }

        return TypedResults.Ok(await PageAsync(db, reports, page, cancellationToken));
    }

    public static async Task<Results<Ok<ReportDto>, ProblemHttpResult>> Get(long id, Caller caller, PlaceDirectory places, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        if (!await MaySeeAsync(id, caller, places, db, cancellationToken))
        {
            return Problems.NotFound("报表不存在");
        }

        return TypedResults.Ok((await PageAsync(db, db.Reports.Where(r => r.Id == id), new PageRequest(1, null), cancellationToken)).Items[0]);
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> File(
        long id, Caller caller, PlaceDirectory places, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        if (!await MaySeeAsync(id, caller, places, db, cancellationToken))
        {
            // Another unit's report does not exist for this caller.
            return Problems.NotFound("报表不存在");
        }

        var report = await db.Reports.AsNoTracking().Where(r => r.Id == id).Select(r => new { r.Status, r.FileName, r.Content }).SingleAsync(cancellationToken);
        return report.Status == ReportStatus.Ready
            ? TypedResults.File(report.Content, XlsxContentType, report.FileName)
            : Problems.InvalidState(report.Status == ReportStatus.Failed ? "报表生成失败，请重新生成" : "报表正在生成，请稍候再下载");
    }

    private static async Task<Results<Accepted<ReportAcceptedResponse>, ProblemHttpResult>> EnqueueAsync(
        ReportScope scope, long? unitId, RequestReportRequest request, AdminServices admin, IBackgroundJobClient jobs, CancellationToken cancellationToken)
    {
        var (db, now) = (admin.Db, admin.Now);
        var period = request.Kind == ReportKind.Annual ? ReportPeriod.Annual(request.Year!.Value) : ReportPeriod.Quarterly(request.Year!.Value, request.Quarter!.Value);
        if (period.Bounds.Start > now)
        {
            return Problems.Validation(period.Kind == ReportKind.Annual ? "year" : "quarter", "该期间尚未开始");
        }

        var key = unitId ?? 0;
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var report = await db.Reports.SingleOrDefaultAsync(r => r.Scope == scope && r.ScopeKey == key && r.Kind == period.Kind && r.Year == period.Year && r.Quarter == period.Quarter, cancellationToken);
        if (report is null)
        {
            report = db.Reports.Add(Report.Request(scope, unitId, period, admin.Caller.UserId, now)).Entity;
        }
        else
        {
            report.Requeue(admin.Caller.UserId, now);
        }

        admin.Audit.RecordFor("ReportRequested", "Report", report, null, new { scope, unitId, period.Kind, period.Year, period.Quarter });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var reportId = report.Id;
        jobs.Enqueue<WorkUnitReportJob>(j => j.MakeAsync(reportId, CancellationToken.None));
        return TypedResults.Accepted($"/api/v1/reports/{reportId}", new ReportAcceptedResponse(Ids.Format(reportId)));
    }

    /// <summary>A unit's report for its admins and the city; the city's for the city.</summary>
    private static async Task<bool> MaySeeAsync(long id, Caller caller, PlaceDirectory places, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var report = await db.Reports.AsNoTracking().Where(r => r.Id == id).Select(r => new { r.Scope, r.WorkUnitId }).SingleOrDefaultAsync(cancellationToken);
        return report switch
        {
            null => false,
            { Scope: ReportScope.City } => caller.IsCityAdmin,
            _ => await places.WorkUnitAsync(report.WorkUnitId!.Value, cancellationToken) is { } place && caller.Administers(place),
        };
    }

    /// <summary>Newest requested first, without the files.</summary>
    private static async Task<Page<ReportDto>> PageAsync(ZhujiDbContext db, IQueryable<Report> reports, PageRequest page, CancellationToken cancellationToken)
    {
        reports = reports.Before(page, r => r.Id);

        var rows = await (from r in reports.AsNoTracking()
                          join u in db.WorkUnits on r.WorkUnitId equals u.Id into units
                          from u in units.DefaultIfEmpty()
                          orderby r.Id descending
                          select new
                          {
                              r.Id,
                              r.Scope,
                              r.WorkUnitId,
                              UnitName = u == null ? null : u.Name,
                              r.Kind,
                              r.Year,
                              r.Quarter,
                              r.Status,
                              r.Title,
                              r.FileName,
                              r.Rows,
                              r.RequestedAt,
                              r.CreatedAt,
                              r.AsOf,
                          }).Take(page.Fetch).ToListAsync(cancellationToken);
        var items = rows.Select(r => new ReportDto(Ids.Format(r.Id), r.Scope, Ids.Format(r.WorkUnitId), r.UnitName, r.Kind, r.Year, r.Quarter, r.Status,
            r.Title, r.FileName, r.Rows, r.RequestedAt, r.Status == ReportStatus.Queued && r.CreatedAt == default ? null : r.CreatedAt, r.AsOf)).ToList();
        return page.ToPage(items, r => r.Id);
    }
}
