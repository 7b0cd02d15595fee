using AutoMapper;
using AutoMapper.QueryableExtensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Http;
using Zhuji.Domain.WorkUnits;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.MasterData;

/// <summary>Work units (单位): the city writes; everyone logged in reads and searches (the registration form picks one).</summary>
public static class WorkUnitEndpoints
{
    public static RouteGroupBuilder MapWorkUnits(this RouteGroupBuilder api)
    {
        var units = api.MapGroup("/work-units").WithTags("Master data").RequireAuthorization();
        units.MapPost("/", Create)
            .WithName("CreateWorkUnit").Idempotent().ScopedBy(ScopeCheck.City).WithSummary("新增单位")
            .RequireAuthorization(Policies.CityAdmin)
            .Validate<CreateWorkUnitRequest>()
            .ProducesProblem(403).ProducesProblem(409);
        units.MapGet("/", List).WithName("ListWorkUnits").ScopedBy(ScopeCheck.AnyUser).WithSummary("单位列表（q 按名称搜索）").ProducesProblem(400);
        units.MapGet("/{id:long}", Get).WithName("GetWorkUnit").ScopedBy(ScopeCheck.AnyUser).WithSummary("单位详情").ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Created<WorkUnitDto>, ProblemHttpResult>> Create(
        CreateWorkUnitRequest request, ZhujiDbContext db, AuditLog audit, IMapper mapper, CancellationToken cancellationToken)
    {
        var name = request.Name!.Trim();
        if (await db.WorkUnits.AnyAsync(w => w.Name == name, cancellationToken))
        {
            return Problems.Conflict("已有同名单位");
        }

        var unit = new WorkUnit(name, request.Kind!.Value);
        db.WorkUnits.Add(unit);
        audit.RecordFor("WorkUnitCreated", "WorkUnit", unit, null, new { name, kind = unit.Kind });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/work-units/{unit.Id}", mapper.Map<WorkUnitDto>(unit));
    }

    public static async Task<Results<Ok<Page<WorkUnitDto>>, ProblemHttpResult>> List(
        ZhujiDbContext db, IMapper mapper, string? q, WorkUnitKind? kind, [AsParameters] ListQuery list, CancellationToken cancellationToken)
    {
        var page = list.Page;

        if (q is { Length: > 50 })
        {
            return Problems.Validation("q", "搜索词不能超过 50 个字符");
        }

        var query = db.WorkUnits.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            query = query.Where(w => w.Name.Contains(term));
        }

        if (kind is not null)
        {
            query = query.Where(w => w.Kind == kind);
        }

        query = query.After(page, w => w.Id);

        var rows = await query.OrderBy(w => w.Id).Take(page.Fetch)
            .ProjectTo<WorkUnitDto>(mapper.ConfigurationProvider).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows, w => w.Id));
    }

    public static async Task<Results<Ok<WorkUnitDto>, ProblemHttpResult>> Get(
        long id, ZhujiDbContext db, IMapper mapper, CancellationToken cancellationToken) =>
        await db.WorkUnits.AsNoTracking().Where(w => w.Id == id)
            .ProjectTo<WorkUnitDto>(mapper.ConfigurationProvider).SingleOrDefaultAsync(cancellationToken) is { } unit
            ? TypedResults.Ok(unit)
            : Problems.NotFound("单位不存在");
}
