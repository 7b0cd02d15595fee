using AutoMapper;
using AutoMapper.QueryableExtensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Http;
using Zhuji.Domain.Places;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.MasterData;

/// <summary>Streets (街道): the city writes, everyone logged in reads.</summary>
public static class StreetEndpoints
{
    public static RouteGroupBuilder MapStreets(this RouteGroupBuilder api)
    {
        var streets = api.MapGroup("/streets").WithTags("Master data").RequireAuthorization();
        streets.MapPost("/", Create)
            .WithName("CreateStreet").Idempotent().ScopedBy(ScopeCheck.City).WithSummary("新增街道")
            .RequireAuthorization(Policies.CityAdmin)
            .Validate<CreateStreetRequest>()
            .ProducesProblem(403).ProducesProblem(409);
        streets.MapGet("/", List).WithName("ListStreets").ScopedBy(ScopeCheck.AnyUser).WithSummary("街道列表").ProducesProblem(400);
        streets.MapGet("/{id:long}", Get).WithName("GetStreet").ScopedBy(ScopeCheck.AnyUser).WithSummary("街道详情").ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Created<StreetDto>, ProblemHttpResult>> Create(
        CreateStreetRequest request, ZhujiDbContext db, AuditLog audit, IMapper mapper, CancellationToken cancellationToken)
    {
        var name = request.Name!.Trim();
        if (await db.Streets.AnyAsync(s => s.Name == name, cancellationToken))
        {
            return Problems.Conflict("已有同名街道");
        }

        var street = new Street(name);
        db.Streets.Add(street);
        audit.RecordFor("StreetCreated", "Street", street, null, new { name });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/streets/{street.Id}", mapper.Map<StreetDto>(street));
    }

    public static async Task<Results<Ok<Page<StreetDto>>, ProblemHttpResult>> List(
        ZhujiDbContext db, IMapper mapper, [AsParameters] ListQuery list, CancellationToken cancellationToken)
    {
        var page = list.Page;

        var query = db.Streets.AsNoTracking();
        query = query.After(page, s => s.Id);

        var rows = await query.OrderBy(s => s.Id).Take(page.Fetch)
            .ProjectTo<StreetDto>(mapper.ConfigurationProvider).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows, s => s.Id));
    }

    public static async Task<Results<Ok<StreetDto>, ProblemHttpResult>> Get(
        long id, ZhujiDbContext db, IMapper mapper, CancellationToken cancellationToken) =>
        await db.Streets.AsNoTracking().Where(s => s.Id == id)
            .ProjectTo<StreetDto>(mapper.ConfigurationProvider).SingleOrDefaultAsync(cancellationToken) is { } street
            ? TypedResults.Ok(street)
            : Problems.NotFound("街道不存在");
}
