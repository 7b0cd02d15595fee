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


/// <summary>A role held: by whom (his name, and whether he logs in with a back-office account or through WeChat), over which place (named).</summary>
public sealed record RoleAssignmentDto(string Id, string UserId, string DisplayName, Role Role, string? ScopeId, DateTime GrantedAt,
    string? ScopeName = null, bool BackOfficeAccount = false, string? Username = null);

/// <summary>Someone a role can be granted to: a registered person of the granter's communities (the city: anyone registered).</summary>
public sealed record RoleCandidateDto(string UserId, string Name, string Phone, string? Community, string? Block, bool Member);

/// <summary>Whose grants a list shows: those logging in through WeChat, or with a back-office account.</summary>
public enum RoleHolderKind
{
    WeChat,
    Account,
}

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
            .WithName("ListRoleAssignments").ScopedBy(ScopeCheck.Place).WithSummary("查看角色授予（市级看全部；街道、社区看本人可授予范围内的；可按微信管理员或后台账号分开）")
            .ProducesProblem(400).ProducesProblem(403);
        roles.MapGet("/candidates", Candidates)
            .WithName("SearchRoleCandidates").ScopedBy(ScopeCheck.Place).WithSummary("授予角色时按姓名或手机号选人（本人管辖社区内已报到的人员）")
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
        ScopeQueries scopes,
        ZhujiDbContext db,
        Role? role,
        string? scopeId,
        string? userId,
        RoleHolderKind? holder,
        [AsParameters] ListQuery list,
        CancellationToken cancellationToken)
    {
        var page = list.Page;
        if (!caller.IsAdmin)
        {
            return Problems.Forbidden("只有管理员可以查看角色授予");
        }

        var scope = Ids.ParseOrNull(scopeId);
        var query = from r in db.RoleAssignments.AsNoTracking()
                    join u in db.Users on r.UserId equals u.Id
                    join a in db.AdminAccounts on u.Id equals a.UserId into accounts
                    from a in accounts.DefaultIfEmpty()
                    select new { r, u.DisplayName, Username = a == null ? null : a.Username };
        if (!caller.IsCityAdmin)
        {
            if (role is not null)
            {
                // One scope, named: it must be one the caller may grant in.
                if (await places.ScopeAsync(role.Value, scope, cancellationToken) is not { } place)
                {
                    return Problems.Validation("scopeId", "请指定本人管辖范围内的角色和范围");
                }

                if (!caller.CanGrant(role.Value, place))
                {
                    return Problems.Forbidden();
                }
            }
            else
            {
                // Every grant the caller could have made: community and block admins of his communities (a street's,
                // a community's own blocks), and his blocks' block admins.
                var communities = (await scopes.CommunitiesAsync(cancellationToken)).ToList();
                var ofStreets = caller.Grants.Any(g => g.Role == Role.StreetAdmin) ? communities : [];
                var blocks = await db.Blocks.Where(b => communities.Contains(b.CommunityId)).Select(b => b.Id).ToListAsync(cancellationToken);
                query = query.Where(x => (x.r.Role == Role.CommunityAdmin && x.r.ScopeId != null && ofStreets.Contains(x.r.ScopeId.Value))
                    || (x.r.Role == Role.BlockAdmin && x.r.ScopeId != null && blocks.Contains(x.r.ScopeId.Value)));
            }
        }

        if (role is not null)
        {
            query = query.Where(x => x.r.Role == role && x.r.ScopeId == scope);
        }

        if (Ids.ParseOrNull(userId) is { } uid)
        {
            query = query.Where(x => x.r.UserId == uid);
        }

        query = holder switch
        {
            RoleHolderKind.WeChat => query.Where(x => x.Username == null),
            RoleHolderKind.Account => query.Where(x => x.Username != null),
            _ => query,
        };

        query = query.After(page, x => x.r.Id);

        var rows = await query.OrderBy(x => x.r.Id).Take(page.Fetch).ToListAsync(cancellationToken);
        var named = await ScopeNames.NameAsync(db, rows.Select(x => new Features.Auth.RoleDto(x.r.Role, Ids.Format(x.r.ScopeId))), cancellationToken);
        var items = rows.Select((x, i) => new RoleAssignmentDto(Ids.Format(x.r.Id), Ids.Format(x.r.UserId), x.DisplayName, x.r.Role, Ids.Format(x.r.ScopeId), x.r.GrantedAt,
            named[i].ScopeName, x.Username is not null, x.Username)).ToList();
        return TypedResults.Ok(page.ToPage(items, r => r.Id));
    }

    /// <summary>
    /// The people a role may be granted to, found by name (part of it) or exact phone: registrations of the communities
    /// the caller administers (the city: anywhere), with phones masked, so the granter picks a name, not an openid.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<RoleCandidateDto>>, ProblemHttpResult>> Candidates(
        string? q, Caller caller, ScopeQueries scopes, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin)
        {
            return Problems.Forbidden("只有管理员可以授予角色");
        }

        var term = q?.Trim() ?? "";
        if (term.Length is 0 or > 20)
        {
            return Problems.Validation("q", "请输入姓名或手机号（最多 20 个字）");
        }

        var registrations = db.Registrations.AsNoTracking().Where(r => r.Name != Domain.Privacy.Cancellation.Name);
        if (!caller.IsCityAdmin)
        {
            var communities = (await scopes.CommunitiesAsync(cancellationToken)).ToList();
            var blocks = scopes.Blocks.ToList();
            registrations = registrations.Where(r => communities.Contains(r.CommunityId) || blocks.Contains(r.BlockId));
        }

        var phone = Domain.Registrations.PhoneNumber.Normalize(term);
        registrations = phone is not null ? registrations.Where(r => r.Phone == phone) : registrations.Where(r => r.Name.Contains(term));
        var rows = await (from r in registrations
                          join c in db.Communities on r.CommunityId equals c.Id
                          join b in db.Blocks on r.BlockId equals b.Id
                          orderby r.Name, r.Id
                          select new { r.UserId, r.Name, r.Phone, Community = c.Name, Block = b.Name, r.Status }).Take(20).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<RoleCandidateDto>>(rows.Select(r => new RoleCandidateDto(Ids.Format(r.UserId), r.Name, Domain.Registrations.PhoneNumber.Mask(r.Phone),
            r.Community, r.Block, r.Status == Domain.Registrations.RegistrationStatus.Approved)).ToList());
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
