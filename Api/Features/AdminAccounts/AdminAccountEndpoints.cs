using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Http;
using Zhuji.Domain.Identity;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.AdminAccounts;

public sealed record RoleRequest(Role? Role, string? ScopeId);

public sealed record CreateAdminAccountRequest(string? Username, string? Password, string? DisplayName, IReadOnlyList<RoleRequest>? Roles);

public sealed record AdminAccountCreatedResponse(string Id, string UserId);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

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
            .MaximumLength(128).WithMessage("密码不能超过 128 位");
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
            .MaximumLength(128).WithMessage("新密码不能超过 128 位");
        RuleFor(r => r.CurrentPassword).MaximumLength(128).WithMessage("当前密码过长");
    }
}

/// <summary>Back-office logins. An admin creates accounts only with roles he could grant himself.</summary>
public static class AdminAccountEndpoints
{
    public static RouteGroupBuilder MapAdminAccounts(this RouteGroupBuilder api)
    {
        var accounts = api.MapGroup("/admin-accounts").WithTags("Roles").RequireAuthorization();
        accounts.MapPost("/", Create)
            .WithName("CreateAdminAccount").ScopedBy(ScopeCheck.Place).WithSummary("创建后台账号（角色限本人可授予的范围）")
            .Validate<CreateAdminAccountRequest>()
            .ProducesProblem(403).ProducesProblem(409);
        accounts.MapPut("/{id:long}/password", ChangePassword)
            .WithName("ChangeAdminPassword").ScopedBy(ScopeCheck.Self).WithSummary("修改后台账号密码（本人须提供原密码；市级管理员可重置）")
            .Validate<ChangePasswordRequest>()
            .ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    public static async Task<Results<Created<AdminAccountCreatedResponse>, ProblemHttpResult>> Create(
        CreateAdminAccountRequest request,
        Caller caller,
        PlaceDirectory places,
        ZhujiDbContext db,
        IPasswordHasher<AdminAccount> hasher,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var grants = new List<Grant>();
        for (var i = 0; i < request.Roles!.Count; i++)
        {
            var role = request.Roles[i].Role!.Value;
            var scopeId = Ids.ParseOrNull(request.Roles[i].ScopeId);
            var place = await places.ScopeAsync(role, scopeId, cancellationToken);
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

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var user = User.ForAdminAccount(request.DisplayName!.Trim(), now);
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);

        var account = new AdminAccount(user.Id, username, "", now);
        account.ChangePassword(hasher.HashPassword(account, request.Password!), now);
        db.AdminAccounts.Add(account);
        foreach (var grant in grants.Distinct())
        {
            db.RoleAssignments.Add(new RoleAssignment(user.Id, grant, caller.UserId, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        audit.Record("AdminAccountCreated", "AdminAccount", account.Id, null,
            new { username, userId = user.Id, displayName = user.DisplayName, roles = grants });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return TypedResults.Created($"/api/v1/admin-accounts/{account.Id}",
            new AdminAccountCreatedResponse(Ids.Format(account.Id), Ids.Format(user.Id)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ChangePassword(
        long id,
        ChangePasswordRequest request,
        Caller caller,
        ZhujiDbContext db,
        IPasswordHasher<AdminAccount> hasher,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var account = await db.AdminAccounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        var isSelf = account is not null && account.UserId == caller.UserId;
        if (account is null || (!isSelf && !caller.IsCityAdmin))
        {
            return account is null ? Problems.NotFound("账号不存在") : Problems.Forbidden("只能修改本人的密码");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (isSelf)
        {
            if (account.IsLockedOut(now))
            {
                return Problems.TooManyRequests("密码错误次数过多，账号已锁定，请稍后再试");
            }

            var current = request.CurrentPassword is null
                ? PasswordVerificationResult.Failed
                : hasher.VerifyHashedPassword(account, account.PasswordHash, request.CurrentPassword);
            if (current == PasswordVerificationResult.Failed)
            {
                account.RecordFailure(now);
                await db.SaveChangesAsync(cancellationToken);
                return Problems.Validation("currentPassword", "当前密码不正确");
            }
        }

        account.ChangePassword(hasher.HashPassword(account, request.NewPassword!), now);
        audit.Record(isSelf ? "PasswordChanged" : "PasswordReset", "AdminAccount", account.Id, null, new { username = account.Username });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
