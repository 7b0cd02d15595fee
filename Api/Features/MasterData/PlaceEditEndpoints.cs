using AutoMapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Http;
using Zhuji.Domain.WorkUnits;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.MasterData;

public sealed record UpdateStreetRequest(string? Name);

public sealed record UpdateCommunityRequest(string? Name, string? StreetId);

public sealed record UpdateBlockRequest(string? Name);

public sealed record UpdateWorkUnitRequest(string? Name, WorkUnitKind? Kind);

internal sealed class UpdateStreetRequestValidator : AbstractValidator<UpdateStreetRequest>
{
    public UpdateStreetRequestValidator() => RuleFor(r => r.Name).RequiredText("街道名称", 50);
}

internal sealed class UpdateCommunityRequestValidator : AbstractValidator<UpdateCommunityRequest>
{
    public UpdateCommunityRequestValidator()
    {
        RuleFor(r => r.Name).RequiredText("社区名称", 50);
        RuleFor(r => r.StreetId).RequiredId("所属街道");
    }
}

internal sealed class UpdateBlockRequestValidator : AbstractValidator<UpdateBlockRequest>
{
    public UpdateBlockRequestValidator() => RuleFor(r => r.Name).RequiredText("小区名称", 50);
}

internal sealed class UpdateWorkUnitRequestValidator : AbstractValidator<UpdateWorkUnitRequest>
{
    public UpdateWorkUnitRequestValidator()
    {
        RuleFor(r => r.Name).RequiredText("单位名称", 100);
        RuleFor(r => r.Kind).RequiredEnum("单位类别");
    }
}

/// <summary>
/// The city keeps its master data: rename a street, community, block or work unit, move a community to another
/// street, and delete one that nothing refers to (409 saying what still does). Every change is audited.
/// </summary>
public static class PlaceEditEndpoints
{
    public static RouteGroupBuilder MapPlaceEdits(this RouteGroupBuilder api)
    {
        var edits = api.MapGroup("").WithTags("Master data").RequireAuthorization(Policies.CityAdmin);
        edits.MapPut("/streets/{id:long}", UpdateStreet).WithName("UpdateStreet").ScopedBy(ScopeCheck.City).WithSummary("修改街道名称")
            .Validate<UpdateStreetRequest>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        edits.MapDelete("/streets/{id:long}", DeleteStreet).WithName("DeleteStreet").ScopedBy(ScopeCheck.City).WithSummary("删除街道（无社区、无管理员时）")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        edits.MapPut("/communities/{id:long}", UpdateCommunity).WithName("UpdateCommunity").ScopedBy(ScopeCheck.City).WithSummary("修改社区名称或所属街道")
            .Validate<UpdateCommunityRequest>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        edits.MapDelete("/communities/{id:long}", DeleteCommunity).WithName("DeleteCommunity").ScopedBy(ScopeCheck.City).WithSummary("删除社区（未被使用时）")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        edits.MapPut("/blocks/{id:long}", UpdateBlock).WithName("UpdateBlock").ScopedBy(ScopeCheck.City).WithSummary("修改小区名称")
            .Validate<UpdateBlockRequest>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        edits.MapDelete("/blocks/{id:long}", DeleteBlock).WithName("DeleteBlock").ScopedBy(ScopeCheck.City).WithSummary("删除小区（未被使用时）")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        edits.MapPut("/work-units/{id:long}", UpdateWorkUnit).WithName("UpdateWorkUnit").ScopedBy(ScopeCheck.City).WithSummary("修改单位名称或类别")
            .Validate<UpdateWorkUnitRequest>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        edits.MapDelete("/work-units/{id:long}", DeleteWorkUnit).WithName("DeleteWorkUnit").ScopedBy(ScopeCheck.City).WithSummary("删除单位（未被使用时）")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return api;
    }

    public static async Task<Results<Ok<StreetDto>, ProblemHttpResult>> UpdateStreet(
        long id, UpdateStreetRequest request, ZhujiDbContext db, AuditLog audit, IMapper mapper, CancellationToken cancellationToken)
    {
        var street = await db.Streets.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (street is null)
        {
            return Problems.NotFound("街道不存在");
        }

        var name = request.Name!.Trim();
        if (await db.Streets.AnyAsync(s => s.Name == name && s.Id != id, cancellationToken))
        {
            return Problems.Conflict("已有同名街道");
        }

        var before = street.Name;
        street.Rename(name);
        audit.Record("StreetUpdated", "Street", id, new { name = before }, new { name });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(mapper.Map<StreetDto>(street));
    }

    public static Task<Results<NoContent, ProblemHttpResult>> DeleteStreet(
        long id, ZhujiDbContext db, AuditLog audit, PlaceDirectory places, CancellationToken cancellationToken) =>
        DeleteUnusedAsync(db, audit, db.Streets, id, "街道", db.OfStreetAsync, "StreetDeleted", "Street", s => new { s.Name }, () => places.Forget("street", id), cancellationToken);

    public static async Task<Results<Ok<CommunityDto>, ProblemHttpResult>> UpdateCommunity(
        long id, UpdateCommunityRequest request, ZhujiDbContext db, AuditLog audit, IMapper mapper, PlaceDirectory places, CancellationToken cancellationToken)
    {
        var community = await db.Communities.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (community is null)
        {
            return Problems.NotFound("社区不存在");
        }

        var streetId = Ids.ParseOrNull(request.StreetId)!.Value;
        if (!await db.Streets.AnyAsync(s => s.Id == streetId, cancellationToken))
        {
            return Problems.Validation("streetId", "所属街道不存在");
        }

        var name = request.Name!.Trim();
        if (await db.Communities.AnyAsync(c => c.StreetId == streetId && c.Name == name && c.Id != id, cancellationToken))
        {
            return Problems.Conflict("该街道已有同名社区");
        }

        var before = new { community.Name, community.StreetId };
        community.Rename(name);
        community.MoveTo(streetId);
        audit.Record(before.StreetId == streetId ? "CommunityUpdated" : "CommunityMoved", "Community", id, before, new { name, streetId });
        await db.SaveChangesAsync(cancellationToken);
        if (before.StreetId != streetId)
        {
            places.Forget("community", id, await db.Blocks.Where(b => b.CommunityId == id).Select(b => b.Id).ToListAsync(cancellationToken));
        }

        return TypedResults.Ok(mapper.Map<CommunityDto>(community));
    }

    public static Task<Results<NoContent, ProblemHttpResult>> DeleteCommunity(
        long id, ZhujiDbContext db, AuditLog audit, PlaceDirectory places, CancellationToken cancellationToken) =>
        DeleteUnusedAsync(db, audit, db.Communities, id, "社区", db.OfCommunityAsync, "CommunityDeleted", "Community", c => new { c.Name, c.StreetId },
            () => places.Forget("community", id), cancellationToken);

    public static async Task<Results<Ok<BlockDto>, ProblemHttpResult>> UpdateBlock(
        long id, UpdateBlockRequest request, ZhujiDbContext db, AuditLog audit, IMapper mapper, CancellationToken cancellationToken)
    {
        var block = await db.Blocks.SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (block is null)
        {
            return Problems.NotFound("小区不存在");
        }

        var name = request.Name!.Trim();
        if (await db.Blocks.AnyAsync(b => b.CommunityId == block.CommunityId && b.Name == name && b.Id != id, cancellationToken))
        {
            return Problems.Conflict("该社区已有同名小区");
        }

        var before = block.Name;
        block.Rename(name);
        audit.Record("BlockUpdated", "Block", id, new { name = before }, new { name });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(mapper.Map<BlockDto>(block));
    }

    public static Task<Results<NoContent, ProblemHttpResult>> DeleteBlock(
        long id, ZhujiDbContext db, AuditLog audit, PlaceDirectory places, CancellationToken cancellationToken) =>
        DeleteUnusedAsync(db, audit, db.Blocks, id, "小区", db.OfBlockAsync, "BlockDeleted", "Block", b => new { b.Name, b.CommunityId }, () => places.Forget("block", id), cancellationToken);

    public static async Task<Results<Ok<WorkUnitDto>, ProblemHttpResult>> UpdateWorkUnit(
        long id, UpdateWorkUnitRequest request, ZhujiDbContext db, AuditLog audit, IMapper mapper, CancellationToken cancellationToken)
    {
        var unit = await db.WorkUnits.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (unit is null)
        {
            return Problems.NotFound("单位不存在");
        }

        var name = request.Name!.Trim();
        if (await db.WorkUnits.AnyAsync(u => u.Name == name && u.Id != id, cancellationToken))
        {
            return Problems.Conflict("已有同名单位");
        }

        var before = new { unit.Name, unit.Kind };
        unit.Rename(name);
        unit.Reclassify(request.Kind!.Value);
        audit.Record("WorkUnitUpdated", "WorkUnit", id, before, new { name, kind = unit.Kind });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(mapper.Map<WorkUnitDto>(unit));
    }

    public static Task<Results<NoContent, ProblemHttpResult>> DeleteWorkUnit(
        long id, ZhujiDbContext db, AuditLog audit, PlaceDirectory places, CancellationToken cancellationToken) =>
        DeleteUnusedAsync(db, audit, db.WorkUnits, id, "单位", db.OfWorkUnitAsync, "WorkUnitDeleted", "WorkUnit", u => new { u.Name, u.Kind }, () => places.Forget("unit", id), cancellationToken);

    /// <summary>
    /// Deletes a place nothing refers to (<paramref name="usage"/> says what still does, checked inside the deleting
    /// transaction: 409), audited, and forgets it in this instance's directory.
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteUnusedAsync<T>(
        ZhujiDbContext db, AuditLog audit, DbSet<T> set, long id, string kind, Func<long, CancellationToken, Task<IReadOnlyList<string>>> usage,
        string action, string entityType, Func<T, object> describe, Action forget, CancellationToken cancellationToken)
        where T : class
    {
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        if (await set.FindAsync([id], cancellationToken) is not { } place)
        {
            return Problems.NotFound($"{kind}不存在");
        }

        if (await usage(id, cancellationToken) is { Count: > 0 } uses)
        {
            return Problems.Conflict($"该{kind}仍有{string.Join("、", uses)}，不能删除");
        }

        set.Remove(place);
        audit.Record(action, entityType, id, describe(place), null);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        forget();
        return TypedResults.NoContent();
    }
}
