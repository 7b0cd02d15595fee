using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Http;
using Zhuji.Domain.Identity;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Roles;

public sealed record CreateRoleAssignmentRequest(string? UserId, string? OpenId, Role? Role, string? ScopeId);


public sealed record RoleAssignmentDto(string Id, string UserId, string DisplayName, Role Role, string? ScopeId, DateTime GrantedAt);

internal sealed class CreateRoleAssignmentRequestValidator : AbstractValidator<CreateRoleAssignmentRequest>
{
    public CreateRoleAssignmentRequestValidator()
    {
        RuleFor(r => r).Must(r => (r.UserId is null) != (r.OpenId is null))
            .WithName("userId").OverridePropertyName("userId").WithMessage("须且只须提供 userId 或 openId 之一");
        RuleFor(r => r.UserId).OptionalId("用户 ID");
        RuleFor(r => r.OpenId).Must(o => o is null || (o.Length is > 0 and <= 64)).WithMessage("openId 无效");
        RuleFor(r => r.Role).RequiredEnum("角色")
            .Must(r => r != Role.Member).WithMessage("党员身份由报到审核产生，不能直接授予");
        RuleFor(r => r.ScopeId).OptionalId("范围 ID");
    }
}

/// <summary>
/// Granting and taking back roles. Only roles below one's own, inside one's own scope: a community admin
/// may make block admins of his community's blocks, a street admin community and block admins of its
/// communities; only the city grants city, street and work-unit admins.
/// </summary>
public static class RoleAssignmentEndpoints
{
    public static RouteGroupBuilder MapRoleAssignments(this RouteGroupBuilder api)
    {
        var roles = api.MapGroup("/role-assignments").WithTags("Roles").RequireAuthorization();
        roles.MapPost("/", Create)
            .WithName("CreateRoleAssignment").ScopedBy(ScopeCheck.Place).WithSummary("授予角色（限本人管辖范围内、低于本人的角色）")
            .Validate<CreateRoleAssignmentRequest>()
            .Idempotent()
            .ProducesProblem(403).ProducesProblem(409);
        roles.MapGet("/", List)
            .WithName("ListRoleAssignments").ScopedBy(ScopeCheck.Place).WithSummary("查看某范围内的角色授予")
            .ProducesProblem(400).ProducesProblem(403);
        roles.MapDelete("/{id:long}", Delete)
            .WithName("DeleteRoleAssignment").ScopedBy(ScopeCheck.Place).WithSummary("收回角色")
            .ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Created<IdResponse>, ProblemHttpResult>> Create(
        CreateRoleAssignmentRequest request,
        Caller caller,
        PlaceDirectory places,
        ZhujiDbContext db,
        AuditLog audit,
        UserAccessCache access,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var role = request.Role!.Value;
        var scopeId = Ids.ParseOrNull(request.ScopeId);
        var place = await places.ScopeAsync(role, scopeId, cancellationToken);
        if (place is null)
        {
            return Problems.Validation("scopeId", scopeId is null ? "该角色须指定范围" : "范围不存在或与角色不符");
        }

        if (!caller.CanGrant(role, place))
        {
            return Problems.Forbidden("只能在本人管辖范围内授予低于本人的角色");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        User? user;
        if (request.UserId is not null)
        {
            user = await db.Users.SingleOrDefaultAsync(u => u.Id == Ids.ParseOrNull(request.UserId), cancellationToken);
            if (user is null)
            {
                return Problems.Validation("userId", "用户不存在");
            }
        }
        else
        {
            user = await db.Users.SingleOrDefaultAsync(u => u.OpenId == request.OpenId, cancellationToken);
            if (user is null)
            {
                // Roles may be prepared before the person first opens the mini-program.
                user = User.FromWeChat(request.OpenId!, null, now);
                db.Users.Add(user);
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        var grant = new Grant(role, scopeId);
        if (await db.RoleAssignments.AnyAsync(r => r.UserId == user.Id && r.Role == role && r.ScopeId == scopeId, cancellationToken))
        {
            return Problems.Conflict("该用户已拥有此角色");
        }

        var assignment = new RoleAssignment(user.Id, grant, caller.UserId, now);
        db.RoleAssignments.Add(assignment);
        audit.RecordFor("RoleGranted", "RoleAssignment", assignment, null, new { userId = user.Id, role, scopeId });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // The same grant made at the same moment by another request: the unique index kept one.
            return Problems.Conflict("该用户已拥有此角色");
        }

        access.Forget(user.Id);
        return TypedResults.Created($"/api/v1/role-assignments/{assignment.Id}", new IdResponse(Ids.Format(assignment.Id)));
    }

    public static async Task<Results<Ok<Page<RoleAssignmentDto>>, ProblemHttpResult>> List(
        Caller caller,
        PlaceDirectory places,
        ZhujiDbContext db,
        Role? role,
        string? scopeId,
        string? userId,
        [AsParameters] ListQuery list,
        CancellationToken cancellationToken)
    {
        var page = list.Page;

        var scope = Ids.ParseOrNull(scopeId);
        if (!caller.IsCityAdmin)
        {
            // Below the city, one looks at a scope one may grant in.
            if (role is null || await places.ScopeAsync(role.Value, scope, cancellationToken) is not { } place)
            {
                return Problems.Validation("scopeId", "请指定本人管辖范围内的角色和范围");
            }

            if (!caller.CanGrant(role.Value, place))
            {
                return Problems.Forbidden();
            }
        }

        var query = from r in db.RoleAssignments.AsNoTracking()
                    join u in db.Users on r.UserId equals u.Id
                    select new { r, u.DisplayName };
        if (role is not null)
        {
            query = query.Where(x => x.r.Role == role && x.r.ScopeId == scope);
        }

        if (Ids.ParseOrNull(userId) is { } uid)
        {
            query = query.Where(x => x.r.UserId == uid);
        }

        if (page.AfterId is { } after)
        {
            query = query.Where(x => x.r.Id > after);
        }

        var rows = await query.OrderBy(x => x.r.Id).Take(page.Fetch)
            .Select(x => new RoleAssignmentDto(x.r.Id.ToString(), x.r.UserId.ToString(), x.DisplayName, x.r.Role,
                x.r.ScopeId == null ? null : x.r.ScopeId.ToString(), x.r.GrantedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(page.ToPage(rows, r => r.Id));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        long id,
        Caller caller,
        PlaceDirectory places,
        ZhujiDbContext db,
        AuditLog audit,
        UserAccessCache access,
        CancellationToken cancellationToken)
    {
        var assignment = await db.RoleAssignments.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (assignment is null)
        {
            return Problems.NotFound("角色授予不存在");
        }

        var place = await places.ScopeAsync(assignment.Role, assignment.ScopeId, cancellationToken) ?? Place.City;
        if (!caller.CanGrant(assignment.Role, place))
        {
            return Problems.Forbidden("只能收回本人管辖范围内、低于本人的角色");
        }

        db.RoleAssignments.Remove(assignment);
        audit.Record("RoleRevoked", "RoleAssignment", assignment.Id,
            new { userId = assignment.UserId, role = assignment.Role, scopeId = assignment.ScopeId }, null);
        await db.SaveChangesAsync(cancellationToken);
        access.Forget(assignment.UserId);
        return TypedResults.NoContent();
    }
}
