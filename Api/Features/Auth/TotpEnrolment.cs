using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Auth;

/// <summary>
/// The second factor of back-office accounts (等保: two kinds of authentication for administrators). An admin enrols
/// an authenticator app from his account page (<c>POST /auth/totp/enrol</c>, then <c>/auth/totp/confirm</c> with its
/// first code); with <c>Zhuji:Auth:RequireTotpForAdmins</c> one who has none enrols at his next login.
/// </summary>
public static class TotpEnrolment
{
    public const string Issuer = "先锋微家";

    public static RouteGroupBuilder MapTotp(this RouteGroupBuilder api)
    {
        var totp = api.MapGroup("/auth/totp").WithTags("Auth").RequireAuthorization();
        totp.MapGet("", Status)
            .WithName("GetTotpStatus").ScopedBy(ScopeCheck.Self).WithSummary("本人后台账号的动态口令（TOTP）状态")
            .ProducesProblem(404);
        totp.MapPost("/enrol", Enrol)
            .WithName("EnrolTotp").ScopedBy(ScopeCheck.Self).WithSummary("绑定动态口令：取得密钥与二维码内容（确认前不生效）")
            .ProducesProblem(404);
        totp.MapPost("/confirm", Confirm)
            .WithName("ConfirmTotp").ScopedBy(ScopeCheck.Self).WithSummary("以验证器 App 的第一个动态口令确认绑定；此后登录须输入动态口令")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        return api;
    }

    public static async Task<Results<Ok<TotpStatusDto>, ProblemHttpResult>> Status(Caller caller, ZhujiDbContext db, IOptions<AuthOptions> options, CancellationToken cancellationToken)
    {
        var account = await db.AdminAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == caller.UserId, cancellationToken);
        return account is null ? NoAccount() : TypedResults.Ok(new TotpStatusDto(account.HasTotp, account.TotpEnabledAt, options.Value.RequireTotpForAdmins));
    }

    public static async Task<Results<Ok<TotpEnrolmentDto>, ProblemHttpResult>> Enrol(Caller caller, ZhujiDbContext db, CancellationToken cancellationToken)
    {
        var account = await db.AdminAccounts.SingleOrDefaultAsync(a => a.UserId == caller.UserId, cancellationToken);
        if (account is null)
        {
            return NoAccount();
        }

        var secret = account.BeginTotp();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(Describe(account, secret));
    }

    public static async Task<Results<Ok<TotpStatusDto>, ProblemHttpResult>> Confirm(
        TotpConfirmRequest request, Caller caller, ZhujiDbContext db, AuditLog audit, IOptions<AuthOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var account = await db.AdminAccounts.SingleOrDefaultAsync(a => a.UserId == caller.UserId, cancellationToken);
        if (account is null)
        {
            return NoAccount();
        }

        account.ConfirmTotp(request.Code?.Trim(), clock.GetUtcNow().UtcDateTime);
        audit.Record("TotpEnrolled", "AdminAccount", account.Id, null, new { account.Username });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new TotpStatusDto(true, account.TotpEnabledAt, options.Value.RequireTotpForAdmins));
    }

    /// <summary>At login, the first code of the enrolment the login itself began (the account must have a second factor).</summary>
    public static bool TryConfirm(AdminAccount account, string code, DateTime now)
    {
        try
        {
            account.ConfirmTotp(code, now);
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    }

    /// <summary>401 <c>totp_required</c> with what the admin's authenticator app needs to enrol (only after the right password).</summary>
    public static ProblemHttpResult Required(AdminAccount account, string secret) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Title = "后台账号须启用动态口令：请用验证器 App 扫描二维码（或输入密钥）后，连同密码输入 App 显示的 6 位数字",
            Extensions = { [Problems.CodeKey] = ErrorCodes.TotpRequired, ["enrolment"] = Describe(account, secret) },
        });

    private static TotpEnrolmentDto Describe(AdminAccount account, string secret)
    {
        var uri = Totp.Uri(Issuer, account.Username, secret);
        using var data = QRCoder.QRCodeGenerator.GenerateQrCode(uri, QRCoder.QRCodeGenerator.ECCLevel.M);
        return new(secret, uri, Issuer, account.Username, "data:image/png;base64," + Convert.ToBase64String(new QRCoder.PngByteQRCode(data).GetGraphic(6)));
    }

    private static ProblemHttpResult NoAccount() => Problems.NotFound("动态口令只用于后台账号（用户名密码登录）");
}
