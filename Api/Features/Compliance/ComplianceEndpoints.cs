using Hangfire;
using Hangfire.Storage.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Http;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Common;
using Zhuji.Domain.Compliance;
using Zhuji.Infrastructure.Compliance;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Files;
using Zhuji.Jobs;

namespace Zhuji.Api.Features.Compliance;

public sealed record ComplianceItemDto(
    string Id,
    string MemberId,
    string Name,
    string? WorkUnitId,
    string? WorkUnitName,
    string CommunityId,
    string CommunityName,
    int Year,
    int Flags,
    int Threshold,
    ComplianceStatus Status,
    bool Provisional,
    DateTime ComputedAt,
    [property: System.ComponentModel.Description("结果（年度考核：达标/不达标；年内预评：已达标/尚未达标）")] string ResultName);

public sealed record RunAcceptedResponse(string JobId, int Year);

/// <summary>Where a run of the check stands: <c>Waiting</c>, <c>Running</c>, <c>Succeeded</c> or <c>Failed</c> (with its name in Chinese).</summary>
public sealed record RunStateDto(string JobId, string State, string StateName, bool Finished);

/// <summary>
/// A person of the unit for the year: registration, flags by month and quarter, and where he stands today
/// (<c>progress</c>: Reached, OnTrack, Behind by <c>behindBy</c> flags against the pace of the quarters over, or NotEvaluated), and his
/// community's grade of the year (社区评议: 优秀/合格/基本合格/不合格, null until given) with its comment.
/// </summary>
public sealed record UnitMemberDto(
    string? MemberId,
    string Name,
    string Phone,
    RollRegistrationStatus RegistrationStatus,
    bool InRoster,
    IReadOnlyList<int> FlagsByMonth,
    IReadOnlyList<int> FlagsByQuarter,
    int Total,
    bool Evaluated,
    bool? Compliant,
    ProgressState Progress,
    int BehindBy,
    string? Appraisal = null,
    string? AppraisalComment = null);


/// <summary>
/// The annual five-flag check's stored results, a work unit's view of its people, and the reports the
/// scheduled jobs made for it. Scoped: a unit sees its own, a community (or street) its own, the city all.
/// </summary>
public static class ComplianceEndpoints
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static RouteGroupBuilder MapCompliance(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Compliance").RequireAuthorization();
        group.MapGet("/compliance", List)
            .WithName("ListComplianceResults").ScopedBy(ScopeCheck.Place).WithSummary("年度五面红旗考核结果（按单位、社区、达标情况筛选，q 按姓名或完整手机号查找；format=xlsx 导出全部）")
            .ExportsXlsx<ComplianceItemDto>()
            .ProducesProblem(400).ProducesProblem(403);
        group.MapPost("/compliance/{year:int}/run", Run)
            .WithName("RunComplianceCheck").Idempotent().ScopedBy(ScopeCheck.City).WithSummary("立即运行年度考核（与定时任务相同）")
            .RequireAuthorization(Policies.CityAdmin)
            .ProducesProblem(400).ProducesProblem(403);
        group.MapGet("/compliance/runs/{jobId}", RunState)
            .WithName("GetComplianceRun").ScopedBy(ScopeCheck.City).WithSummary("立即运行的考核进行到哪一步（排队、计算中、已完成、失败）")
            .RequireAuthorization(Policies.CityAdmin)
            .ProducesProblem(403).ProducesProblem(404);
        group.MapGet("/work-units/{id:long}/members", UnitMembers)
            .WithName("ListWorkUnitMembers").ScopedBy(ScopeCheck.WorkUnit).WithSummary("单位党员：报到状态、每月每季亮旗、全年合计与是否达标，含名册中未报到者（format=xlsx 导出全部）")
            .ExportsXlsx<UnitMemberDto>()
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Ok<Page<ComplianceItemDto>>, FileContentHttpResult, ProblemHttpResult>> List(
        int? year,
        string? workUnitId,
        string? communityId,
        ComplianceStatus? status,
        string? q,
        [AsParameters] ExportQuery list,
        Caller caller,
        ScopeQueries scopes,
        ZhujiDbContext db,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var page = list.Page;
        var xlsx = list.Xlsx;

        var asked = Years.Read(year, Years.Current(clock) - 1);
        if (!asked.Found)
        {
            return asked.Refusal;
        }

        var period = asked.Value;
        var unit = Ids.ParseOrNull(workUnitId);
        var community = Ids.ParseOrNull(communityId);
        if ((workUnitId is not null && unit is null) || (communityId is not null && community is null))
        {
            return Problems.Validation(workUnitId is not null && unit is null ? "workUnitId" : "communityId", "ID 无效");
        }

        if (!SearchTerm.TryRead(q, out var search))
        {
            return Problems.Validation("q", SearchTerm.TooLong);
        }

        var query = db.ComplianceResults.AsNoTracking().Where(r => r.Year == period);

        // A member by name or whole phone.
        if (search is { Phone: { } phone })
        {
            query = query.Where(r => db.Members.Any(m => m.Id == r.MemberId && m.Phone == phone));
        }
        else if (search.Text is { } text)
        {
            query = query.Where(r => r.Name.Contains(text));
        }

        if (!caller.IsCityAdmin)
        {
            var (units, communities) = (scopes.WorkUnits, await scopes.CommunitiesAsync(cancellationToken));
            if (units.Count == 0 && communities.Count == 0)
            {
                return Problems.Forbidden("无权查看考核结果");
            }

            if ((unit is not null && !units.Contains(unit.Value) && community is null) || (community is not null && !communities.Contains(community.Value)))
            {
                return Problems.Forbidden("只能查看本人管辖范围的考核结果");
            }

            query = query.Where(r => (r.WorkUnitId != null && units.Contains(r.WorkUnitId.Value)) || communities.Contains(r.CommunityId));
        }

        if (unit is not null)
        {
            query = query.Where(r => r.WorkUnitId == unit);
        }

        if (community is not null)
        {
            query = query.Where(r => r.CommunityId == community);
        }

        if (status is not null)
        {
            query = query.Where(r => r.Status == status);
        }

        async Task<Page<ComplianceItemDto>> Fetch(PageRequest page)
        {
            var results = query.After(page, r => r.Id);
            var rows = await (from r in results
                              join c in db.Communities on r.CommunityId equals c.Id
                              join u in db.WorkUnits on r.WorkUnitId equals u.Id into units
                              from u in units.DefaultIfEmpty()
                              orderby r.Id
                              select new { Result = r, Community = c.Name, Unit = u == null ? null : u.Name }).Take(page.Fetch).ToListAsync(cancellationToken);
            var items = rows.Select(x => new ComplianceItemDto(Ids.Format(x.Result.Id), Ids.Format(x.Result.MemberId), x.Result.Name, Ids.Format(x.Result.WorkUnitId), x.Unit,
                Ids.Format(x.Result.CommunityId), x.Community, x.Result.Year, x.Result.Flags, x.Result.Threshold, x.Result.Status, x.Result.Provisional, x.Result.ComputedAt, x.Result.ResultName)).ToList();
            return page.ToPage(items, i => i.Id);
        }

        if (xlsx)
        {
            return await XlsxExport.AllAsync(Fetch, $"{period} 年度在职党员五面红旗考核结果", $"{period}年度考核结果",
            [
                new("姓名", r => r.Name), new("单位", r => r.WorkUnitName ?? "—"), new("社区", r => r.CommunityName),
                new("红旗", r => r.Flags, CellKind.Number), new("要求", r => r.Threshold, CellKind.Number),
                new("结果", r => r.ResultName),
                new("性质", r => r.Provisional ? "年内预评（年底前只看进度）" : "年度结果"),
                new("计算时间", r => ShanghaiTime.Describe(r.ComputedAt)),
            ], clock.GetUtcNow().UtcDateTime);
        }

        return TypedResults.Ok(await Fetch(page) with { Total = page.After is null ? await query.CountAsync(cancellationToken) : null });
    }

    public static async Task<Results<Accepted<RunAcceptedResponse>, ProblemHttpResult>> Run(
        int year, IBackgroundJobClient jobs, AuditLog audit, ZhujiDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var current = ShanghaiTime.YearOf(clock.GetUtcNow().UtcDateTime);
        if (year < 2000 || year > current)
        {
            return Problems.Validation("year", $"年份须在 2000 到 {current} 之间");
        }

        var jobId = jobs.Enqueue<AnnualComplianceJob>(j => j.RunAsync(year, CancellationToken.None));
        audit.Record("ComplianceRunRequested", "Compliance", year, null, new { year, jobId });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/jobs/jobs/details/{jobId}", new RunAcceptedResponse(jobId, year));
    }

    /// <summary>The state of a run the city asked for (the page refreshes its results when it has finished).</summary>
    public static Results<Ok<RunStateDto>, ProblemHttpResult> RunState(string jobId, JobStorage storage)
    {
        JobDetailsDto? details;
        try
        {
            details = jobId.Length <= 40 ? storage.GetMonitoringApi().JobDetails(jobId) : null;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or InvalidCastException)
        {
            // Not an id this storage ever gave (PostgreSQL's are numbers).
            details = null;
        }

        if (details?.Job?.Type != typeof(AnnualComplianceJob))
        {
            return Problems.NotFound("考核运行记录不存在");
        }

        var state = details.History.FirstOrDefault()?.StateName;
        var (name, label, finished) = state switch
        {
            "Succeeded" => ("Succeeded", "已完成", true),
            "Failed" or "Deleted" => ("Failed", "失败", true),
            "Processing" => ("Running", "计算中", false),
            _ => ("Waiting", "排队中", false),
        };
        return TypedResults.Ok(new RunStateDto(jobId, name, label, finished));
    }

    public static async Task<Results<Ok<Page<UnitMemberDto>>, FileContentHttpResult, ProblemHttpResult>> UnitMembers(
        long id,
        int? year,
        ProgressState? progress,
        [AsParameters] ExportQuery list,
        ScopedLoader loader,
        ZhujiDbContext db,
        IOptions<ComplianceOptions> compliance,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var page = list.Page;
        if (!TryOffset(page.After, out var offset))
        {
            return Problems.Validation("cursor", PageRequest.InvalidCursor);
        }

        var xlsx = list.Xlsx;

        if (await loader.WorkUnitAsync(id, UnitOnly, cancellationToken) is { } refused)
        {
            return refused;
        }

        var asked = Years.Read(year, Years.Current(clock));
        if (!asked.Found)
        {
            return asked.Refusal;
        }

        var period = asked.Value;
        var roll = await WorkUnitRoll.BuildAsync(db, id, period, compliance.Value.Policy, cancellationToken);
        if (xlsx)
        {
            var unit = await db.WorkUnits.Where(u => u.Id == id).Select(u => u.Name).SingleAsync(cancellationToken);
            var columns = new List<ExportColumn<RollRow>>
            {
                new("姓名", r => r.Name), ExportColumn<RollRow>.Phone(r => r.Phone), new("报到状态", r => Labels.Of(r.RegistrationStatus)), new("在名册", r => r.InRoster ? "是" : "否"),
            };
            columns.AddRange(Enumerable.Range(0, 12).Select(m => new ExportColumn<RollRow>($"{m + 1}月", r => r.FlagsByMonth[m], CellKind.Number)));
            columns.Add(new("全年合计", r => r.Total, CellKind.Number));
            // A year still running is not a verdict: reached, on track or behind, as the screen says; a closed year is.
            var today = clock.GetUtcNow().UtcDateTime;
            columns.Add(new(period < ShanghaiTime.YearOf(today) ? "是否达标" : "进度", r => period < ShanghaiTime.YearOf(today)
                ? r.Compliant switch { true => "达标", false => "未达标", null => "不参与考核" }
                : Labels.Of(Progress.Today(r.Total, period, today, r.Evaluated, compliance.Value.Policy).State)));
            columns.Add(new("社区评议", r => r.RegistrationStatus == RollRegistrationStatus.Approved ? r.AppraisalText : "—"));
            return await XlsxExport.AllAsync(p => Task.FromResult(new Page<RollRow>(roll, null)), $"{unit} {period} 年在职党员亮旗情况", $"{unit}-{period}年党员", columns,
                clock.GetUtcNow().UtcDateTime, unmaskedPhones: list.UnmaskedPhones);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var people = roll.Select(r => (Row: r, Progress: Progress.Today(r.Total, period, now, r.Evaluated, compliance.Value.Policy)))
            .Where(p => progress is null || p.Progress.State == progress).ToList();
        var slice = people.Skip(offset).Take(page.Limit).Select(p => new UnitMemberDto(Ids.Format(p.Row.MemberId), p.Row.Name, p.Row.Phone, p.Row.RegistrationStatus,
            p.Row.InRoster, p.Row.FlagsByMonth, p.Row.FlagsByQuarter, p.Row.Total, p.Row.Evaluated, p.Row.Compliant, p.Progress.State, p.Progress.BehindBy,
            p.Row.Appraisal is null ? null : p.Row.AppraisalText, p.Row.AppraisalComment)).ToList();
        var next = offset + page.Limit < people.Count ? PageRequest.Encode((offset + page.Limit).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new Page<UnitMemberDto>(slice, next));
    }

    private const string UnitOnly = "只能查看本单位的情况";

    private static bool TryOffset(string? after, out int offset)
    {
        offset = 0;
        return after is null || (int.TryParse(after, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out offset) && offset >= 0);
    }
}
