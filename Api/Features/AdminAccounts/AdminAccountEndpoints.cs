using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Auth;
using Zhuji.Api.Http;
using Zhuji.Domain.Identity;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.AdminAccounts;

public sealed record RoleRequest(Role? Role, string? ScopeId);

public sealed record CreateAdminAccountRequest(string? Username, string? Password, string? DisplayName, IReadOnlyList<RoleRequest>? Roles);

public sealed record AdminAccountCreatedResponse(string Id, string UserId);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>A back-office account as its managers see it.</summary>
public sealed record AdminAccountDto(
    string Id,
    string UserId,
    string Username,
    string DisplayName,
    IReadOnlyList<RoleDto> Roles,
    bool Disabled,
    DateTime CreatedAt,
    DateTime PasswordChangedAt,
    DateTime? LastLoginAt,
    bool TotpEnabled = false);

internal sealed class CreateAdminAccountRequestValidator : AbstractValidator<CreateAdminAccountRequest>
{
    public CreateAdminAccountRequestValidator()
    {
        RuleFor(r => r.Username).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("用户名不能为空")
            .Matches("^[A-Za-z0-9_.-]{3,32}$").WithMessage("用户名须为 3–32 位字母、数字或 _ . -");
        RuleFor(r => r.Password).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("密码不能为空")
            .MinimumLength(AdminAccount.MinPasswordLength).WithMessage($"密码至少 {AdminAccount.MinPasswordLength} 位")
            .MaximumLength(128).WithMessage("密码不能超过 128 位")
            .Must((r, password) => AdminAccount.IsStrongEnough(password, r.Username)).WithMessage(AdminAccount.WeakPassword);
        RuleFor(r => r.DisplayName).RequiredText("显示名称", 50);
        RuleFor(r => r.Roles).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("至少须指定一个角色")
            .Must(r => r!.Count <= 20).WithMessage("角色过多");
        RuleForEach(r => r.Roles).ChildRules(role =>
        {
            role.RuleFor(x => x.Role).RequiredEnum("角色").Must(x => x != Role.Member).WithMessage("党员身份由报到审核产生，不能直接授予");
            role.RuleFor(x => x.ScopeId).OptionalId("范围 ID");
        });
    }
}

internal sealed class ChangePasswordRequestValidator : AbstractValidator<ChangePasswordRequest>
{
    public ChangePasswordRequestValidator()
    {
        RuleFor(r => r.NewPassword).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("新密码不能为空")
            .MinimumLength(AdminAccount.MinPasswordLength).WithMessage($"新密码至少 {AdminAccount.MinPasswordLength} 位")
            .MaximumLength(128).WithMessage("新密码不能超过 128 位")
            .Must(password => AdminAccount.IsStrongEnough(password)).WithMessage(AdminAccount.WeakPassword);
        RuleFor(r => r.CurrentPassword).MaximumLength(128).WithMessage("当前密码过长");
    }
}

/// <summary>
/// Back-office logins. An admin creates, lists, disables and enables only accounts whose every role he could
/// grant himself; a disabled account, like a changed password, ends the tokens it holds.
/// </summary>
public static class AdminAccountEndpoints
{
    public static RouteGroupBuilder MapAdminAccounts(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/admin-accounts").WithTags("Roles").RequireAuthorization();
        accounts.MapPost("/", Create)
            .WithName("CreateAdminAccount").ScopedBy(ScopeCheck.Place).WithSummary("创建后台账号（角色限本人可授予的范围）")
            .Validate<CreateAdminAccountRequest>()
            .Idempotent()
            .ProducesProblem(403).ProducesProblem(409);
        accounts.MapGet("/", List)
            .WithName("ListAdminAccounts").ScopedBy(ScopeCheck.Place).WithSummary("本人可管理的后台账号（q 按用户名或名称搜索）")
            .ProducesProblem(400).ProducesProblem(403);
        accounts.MapPut("/{id:long}/password", ChangePassword)
            .WithName("ChangeAdminPassword").ScopedBy(ScopeCheck.Self).WithSummary("修改后台账号密码（本人须提供原密码；市级管理员可重置）")
            .Validate<ChangePasswordRequest>()
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(429);
        accounts.MapPost("/{id:long}/disable", Disable)
            .WithName("DisableAdminAccount").ScopedBy(ScopeCheck.Place).WithSummary("停用后台账号（其令牌立即失效）")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        accounts.MapPost("/{id:long}/enable", Enable)
            .WithName("EnableAdminAccount").ScopedBy(ScopeCheck.Place).WithSummary("重新启用后台账号")
            .ProducesProblem(403).ProducesProblem(404);
        accounts.MapPost("/{id:long}/totp/reset", ResetTotp)
            .WithName("ResetAdminTotp").ScopedBy(ScopeCheck.Place).WithSummary("重置他人的动态口令（手机丢失时；其令牌立即失效，下次登录重新绑定）")
            .ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return api;
    }

    public static async Task<Results<Created<AdminAccountCreatedResponse>, ProblemHttpResult>> Create(
        CreateAdminAccountRequest request,
        [AsParameters] AdminServices admin,
        IPasswordHasher<AdminAccount> hasher,
        CancellationToken cancellationToken)
    {
        var (caller, db) = (admin.Caller, admin.Db);
        var grants = new List<Grant>();
        for (var i = 0; i < request.Roles!.Count; i++)
        {
            var role = request.Roles[i].Role!.Value;
            var scopeId = Ids.ParseOrNull(request.Roles[i].ScopeId);
            var place = await admin.Places.ScopeAsync(role, scopeId, cancellationToken);
            if (place is null)
            {
                return Problems.Validation($"roles[{i}].scopeId", "范围不存在或与角色不符");
            }

            if (!caller.CanGrant(role, place))
            {
                return Problems.Forbidden("只能创建本人可授予角色的账号");
            }

            grants.Add(new Grant(role, scopeId));
        }

        var username = request.Username!.Trim().ToLowerInvariant();
        if (await db.AdminAccounts.AnyAsync(a => a.Username == username, cancellationToken))
        {
            return Problems.Conflict("用户名已被使用");
        }

        var now = admin.Now;
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var user = User.ForAdminAccount(request.DisplayName!.Trim(), now);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);

        var account = new AdminAccount(user.Id, username, "", now);
        account.ChangePassword(hasher.HashPassword(account, request.Password!), user, now);
        db.AdminAccounts.Add(account);
        foreach (var grant in grants.Distinct())
        {
            db.RoleAssignments.Add(new RoleAssignment(user.Id, grant, caller.UserId, now));
        }

        admin.Audit.RecordFor("AdminAccountCreated", "AdminAccount", account, null,
            new { username, userId = user.Id, displayName = user.DisplayName, roles = grants });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return Problems.Conflict("用户名已被使用");
        }

        await transaction.CommitAsync(cancellationToken);

        return TypedResults.Created($"/api/v1/admin-accounts/{account.Id}",
            new AdminAccountCreatedResponse(Ids.Format(account.Id), Ids.Format(user.Id)));
    }

    public static async Task<Results<Ok<Page<AdminAccountDto>>, ProblemHttpResult>> List(
        string? q, [AsParameters] ListQuery list, Caller caller, ZhujiDbContext db, ScopeQueries scopes, CancellationToken cancellationToken)
    {
        var page = list.Page;

        if (q is { Length: > 50 })
        {
            return Problems.Validation("q", "搜索词不能超过 50 个字符");
        }

        var accounts = db.AdminAccounts.AsNoTracking();
        if (!caller.IsCityAdmin)
        {
            // Accounts all of whose roles the caller could grant: a street's community and block admins, a community's block admins.
            var (communities, blocks) = await scopes.GrantableAsync(cancellationToken);
            if (communities.Count == 0 && blocks.Count == 0)
            {
                return Problems.Forbidden("无权管理后台账号");
            }

            accounts = accounts.Where(a =>
                db.RoleAssignments.Any(r => r.UserId == a.UserId) &&
                !db.RoleAssignments.Any(r => r.UserId == a.UserId &&
                    !((r.Role == Role.CommunityAdmin && communities.Contains(r.ScopeKey)) || (r.Role == Role.BlockAdmin && blocks.Contains(r.ScopeKey)))));
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            accounts = accounts.Where(a => a.Username.Contains(term) || db.Users.Any(u => u.Id == a.UserId && u.DisplayName.Contains(term)));
        }

        accounts = accounts.After(page, a => a.Id);

        var rows = await (from a in accounts
                          join u in db.Users on a.UserId equals u.Id
                          orderby a.Id
                          select new { Account = a, u.DisplayName, u.LastLoginAt }).Take(page.Fetch).ToListAsync(cancellationToken);
        var userIds = rows.Select(r => r.Account.UserId).ToList();
        var roles = (await db.RoleAssignments.AsNoTracking().Where(r => userIds.Contains(r.UserId)).ToListAsync(cancellationToken)).ToLookup(r => r.UserId);
        var named = (await ScopeNames.NameAsync(db, roles.SelectMany(g => g).Select(x => new RoleDto(x.Role, Ids.Format(x.ScopeId))), cancellationToken))
            .Distinct().ToDictionary(r => (r.Role, r.ScopeId), r => r.ScopeName);
        var items = rows.Select(r => new AdminAccountDto(Ids.Format(r.Account.Id), Ids.Format(r.Account.UserId), r.Account.Username, r.DisplayName,
            UserProfiles.Roles(roles[r.Account.UserId].Select(x => x.Grant).OrderBy(g => g.Role).ThenBy(g => g.ScopeId))
                .Select(x => x with { ScopeName = named.GetValueOrDefault((x.Role, x.ScopeId)) }).ToList(),
            r.Account.Disabled, r.Account.CreatedAt, r.Account.PasswordChangedAt, r.LastLoginAt, r.Account.HasTotp)).ToList();
        return TypedResults.Ok(page.ToPage(items, a => a.Id));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ChangePassword(
        long id,
        ChangePasswordRequest request,
        [AsParameters] AdminServices admin,
        IPasswordHasher<AdminAccount> hasher,
        UserAccessCache access,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var (caller, db, now) = (admin.Caller, admin.Db, admin.Now);
        var account = await db.AdminAccounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        var isSelf = account is not null && account.UserId == caller.UserId;
        if (account is null || (!isSelf && !caller.IsCityAdmin))
        {
            return account is null ? Problems.NotFound("账号不存在") : Problems.Forbidden("只能修改本人的密码");
        }

        if (isSelf)
        {
            var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (await PasswordGuesses.TryAsync(db, account.Username, address, now, cancellationToken) is { } refused)
            {
                return refused.Answer(http, now);
            }

            if (request.CurrentPassword is null || hasher.VerifyHashedPassword(account, account.PasswordHash, request.CurrentPassword) == PasswordVerificationResult.Failed)
            {
                return Problems.Validation("currentPassword", "当前密码不正确");
            }

            await PasswordGuesses.SucceededAsync(db, account.Username, address, cancellationToken);
        }

        var user = await db.Users.SingleAsync(u => u.Id == account.UserId, cancellationToken);
        account.ChangePassword(hasher.HashPassword(account, request.NewPassword!), user, now);
        admin.Audit.Record(isSelf ? "PasswordChanged" : "PasswordReset", "AdminAccount", account.Id, null, new { username = account.Username });
        await db.SaveChangesAsync(cancellationToken);
        access.Forget(account.UserId);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<AdminAccountDto>, ProblemHttpResult>> Disable(
        long id, [AsParameters] AdminServices admin, UserAccessCache access, CancellationToken cancellationToken) =>
        await SetDisabledAsync(id, disabled: true, admin, access, cancellationToken);

    public static async Task<Results<Ok<AdminAccountDto>, ProblemHttpResult>> Enable(
        long id, [AsParameters] AdminServices admin, UserAccessCache access, CancellationToken cancellationToken) =>
        await SetDisabledAsync(id, disabled: false, admin, access, cancellationToken);

    private static async Task<Results<Ok<AdminAccountDto>, ProblemHttpResult>> SetDisabledAsync(
        long id, bool disabled, AdminServices admin, UserAccessCache access, CancellationToken cancellationToken)
    {
        var loaded = await ToManageAsync(id, admin, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var (account, user, grants) = loaded.Value;
        var before = account.Disabled;
        if (disabled)
        {
            account.Disable(user, admin.Caller.UserId, admin.Now);
        }
        else
        {
            account.Enable();
        }

        admin.Audit.Record(disabled ? "AdminAccountDisabled" : "AdminAccountEnabled", "AdminAccount", account.Id, new { disabled = before }, new { disabled = account.Disabled });
        await admin.Db.SaveChangesAsync(cancellationToken);
        access.Forget(account.UserId);
        return TypedResults.Ok(ToDto(account, user, grants));
    }

    /// <summary>An admin lost the phone with his authenticator: whoever may manage his account clears it; he enrols again at his next login.</summary>
    public static async Task<Results<Ok<AdminAccountDto>, ProblemHttpResult>> ResetTotp(
        long id, [AsParameters] AdminServices admin, UserAccessCache access, CancellationToken cancellationToken)
    {
        var loaded = await ToManageAsync(id, admin, cancellationToken);
        if (!loaded.Found)
        {
            return loaded.Refusal;
        }

        var (account, user, grants) = loaded.Value;
        var before = account.HasTotp;
        account.ResetTotp(user, admin.Caller.UserId);
        admin.Audit.Record("TotpReset", "AdminAccount", account.Id, new { totpEnabled = before }, new { totpEnabled = false });
        await admin.Db.SaveChangesAsync(cancellationToken);
        access.Forget(account.UserId);
        return TypedResults.Ok(ToDto(account, user, grants));
    }

    private static AdminAccountDto ToDto(AdminAccount account, User user, IEnumerable<Grant> grants) =>
        new(Ids.Format(account.Id), Ids.Format(account.UserId), account.Username, user.DisplayName, UserProfiles.Roles(grants), account.Disabled,
            account.CreatedAt, account.PasswordChangedAt, user.LastLoginAt, account.HasTotp);

    private sealed record Managed(AdminAccount Account, User User, List<Grant> Grants);

    /// <summary>An account the caller may manage: only if he may grant every role it holds.</summary>
    private static async Task<Loaded<Managed>> ToManageAsync(long id, AdminServices admin, CancellationToken cancellationToken)
    {
        var db = admin.Db;
        var account = await db.AdminAccounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (account is null)
        {
            return Problems.NotFound("账号不存在");
        }

        var grants = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == account.UserId).Select(r => new Grant(r.Role, r.ScopeId)).ToListAsync(cancellationToken);
        foreach (var grant in grants)
        {
            if (await admin.Places.ScopeAsync(grant.Role, grant.ScopeId, cancellationToken) is not { } place || !admin.Caller.CanGrant(grant.Role, place))
            {
                return Problems.Forbidden("只能管理本人可授予角色的账号");
            }
        }

        return new Managed(account, await db.Users.SingleAsync(u => u.Id == account.UserId, cancellationToken), grants);
    }
}
