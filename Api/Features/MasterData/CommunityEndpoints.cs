using AutoMapper;
using AutoMapper.QueryableExtensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Http;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Places;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.MasterData;

/// <summary>Communities (社区) and their blocks (小区): the city writes, everyone logged in reads.</summary>
public static class CommunityEndpoints
{
    public static RouteGroupBuilder MapCommunities(this RouteGroupBuilder api)
    {
        var communities = api.MapGroup("/communities").WithTags("Master data").RequireAuthorization();
        communities.MapPost("/", Create)
            .WithName("CreateCommunity").Idempotent().ScopedBy(ScopeCheck.City).WithSummary("新增社区")
            .RequireAuthorization(Policies.CityAdmin)
            .Validate<CreateCommunityRequest>()
            .ProducesProblem(403).ProducesProblem(409);
        communities.MapGet("/", List).WithName("ListCommunities").ScopedBy(ScopeCheck.AnyUser).WithSummary("社区列表（可按街道筛选）").ProducesProblem(400);
        communities.MapGet("/{id:long}", Get).WithName("GetCommunity").ScopedBy(ScopeCheck.AnyUser).WithSummary("社区详情").ProducesProblem(404);
        communities.MapPost("/{id:long}/blocks", CreateBlock)
            .WithName("CreateBlock").Idempotent().ScopedBy(ScopeCheck.City).WithSummary("新增小区")
            .RequireAuthorization(Policies.CityAdmin)
            .Validate<CreateBlockRequest>()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        communities.MapGet("/{id:long}/blocks", ListBlocks)
            .WithName("ListBlocks").ScopedBy(ScopeCheck.AnyUser).WithSummary("社区下的小区列表").ProducesProblem(400).ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Created<CommunityDto>, ProblemHttpResult>> Create(
        CreateCommunityRequest request, ZhujiDbContext db, AuditLog audit, IMapper mapper, CancellationToken cancellationToken)
    {
        var streetId = Ids.ParseOrNull(request.StreetId)!.Value;
        if (!await db.Streets.AnyAsync(s => s.Id == streetId, cancellationToken))
        {
            return Problems.Validation("streetId", "所属街道不存在");
        }

        var name = request.Name!.Trim();
        if (await db.Communities.AnyAsync(c => c.StreetId == streetId && c.Name == name, cancellationToken))
        {
            return Problems.Conflict("该街道已有同名社区");
        }

        var community = new Community(name, streetId, SceneCode.NewForCommunity());
        db.Communities.Add(community);
        audit.RecordFor("CommunityCreated", "Community", community, null, new { name, streetId });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/communities/{community.Id}", mapper.Map<CommunityDto>(community));
    }

    /// <summary>The registration scene stays with the community's admins.</summary>
    private static CommunityDto Shown(CommunityDto community, Caller caller) =>
        caller.Administers(new Place(Ids.ParseOrNull(community.StreetId), Ids.ParseOrNull(community.Id)))
            ? community
            : community with { RegisterScene = null };

    public static async Task<Results<Ok<Page<CommunityDto>>, ProblemHttpResult>> List(
        ZhujiDbContext db, IMapper mapper, Caller caller, string? streetId, [AsParameters] ListQuery list, CancellationToken cancellationToken)
    {
        var page = list.Page;

        var query = db.Communities.AsNoTracking();
        if (streetId is not null)
        {
            if (!Ids.TryParse(streetId, out var street))
            {
                return Problems.Validation("streetId", "街道 ID 无效");
            }

            query = query.Where(c => c.StreetId == street);
        }

        query = query.After(page, c => c.Id);

        var rows = await query.OrderBy(c => c.Id).Take(page.Fetch)
            .ProjectTo<CommunityDto>(mapper.ConfigurationProvider).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows.Select(c => Shown(c, caller)).ToList(), c => c.Id));
    }

    public static async Task<Results<Ok<CommunityDto>, ProblemHttpResult>> Get(
        long id, ZhujiDbContext db, IMapper mapper, Caller caller, CancellationToken cancellationToken) =>
        await db.Communities.AsNoTracking().Where(c => c.Id == id)
            .ProjectTo<CommunityDto>(mapper.ConfigurationProvider).SingleOrDefaultAsync(cancellationToken) is { } community
            ? TypedResults.Ok(Shown(community, caller))
            : Problems.NotFound("社区不存在");

    public static async Task<Results<Created<BlockDto>, ProblemHttpResult>> CreateBlock(
        long id, CreateBlockRequest request, ZhujiDbContext db, AuditLog audit, IMapper mapper, CancellationToken cancellationToken)
    {
        if (!await db.Communities.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return Problems.NotFound("社区不存在");
        }

        var name = request.Name!.Trim();
        if (await db.Blocks.AnyAsync(b => b.CommunityId == id && b.Name == name, cancellationToken))
        {
            return Problems.Conflict("该社区已有同名小区");
        }

        var block = new Block(name, id);
        db.Blocks.Add(block);
        audit.RecordFor("BlockCreated", "Block", block, null, new { name, communityId = id });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/communities/{id}/blocks/{block.Id}", mapper.Map<BlockDto>(block));
    }

    public static async Task<Results<Ok<Page<BlockDto>>, ProblemHttpResult>> ListBlocks(
        long id, ZhujiDbContext db, IMapper mapper, [AsParameters] ListQuery list, CancellationToken cancellationToken)
    {
        var page = list.Page;

        if (!await db.Communities.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return Problems.NotFound("社区不存在");
        }

        var query = db.Blocks.AsNoTracking().Where(b => b.CommunityId == id);
        query = query.After(page, b => b.Id);

        var rows = await query.OrderBy(b => b.Id).Take(page.Fetch)
            .ProjectTo<BlockDto>(mapper.ConfigurationProvider).ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows, b => b.Id));
    }
}
