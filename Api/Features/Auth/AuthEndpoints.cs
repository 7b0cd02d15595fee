using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Api.Features.Audit;
using Zhuji.Api.Hosting;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.WeChat;

namespace Zhuji.Api.Features.Auth;

/// <summary>WeChat login for the mini-program, password login for the back office, and <c>/me</c>.</summary>
public static class AuthEndpoints
{
    public static RouteGroupBuilder MapAuth(this RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth").AllowAnonymous();
        auth.MapPost("/wechat-login", WeChatLogin)
            .WithName("WeChatLogin").WithSummary("微信登录（wx.login 的 code 换取令牌）")
            .Validate<WeChatLoginRequest>()
            .RateLimited(RateLimitedAs.Login)
            .ProducesProblem(400).ProducesProblem(503);
        auth.MapPost("/password-login", PasswordLogin)
            .WithName("PasswordLogin").WithSummary("后台账号密码登录")
            .Validate<PasswordLoginRequest>()
            .RateLimited(RateLimitedAs.Login)
            .ProducesProblem(400).ProducesProblem(401);

        api.MapPost("/auth/jobs-session", JobsSession)
            .WithTags("Auth").WithName("OpenJobsSession").ScopedBy(ScopeCheck.City).WithSummary("打开后台任务面板（/jobs）前调用：令牌存入仅限 /jobs 的 HttpOnly Cookie，网址中不带令牌")
            .RequireAuthorization(Policies.CityAdmin)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(401).ProducesProblem(403);

        api.MapGet("/me", Me)
            .WithTags("Auth").WithName("GetMe").ScopedBy(ScopeCheck.Self).WithSummary("当前用户：角色、报到与党员身份")
            .RequireAuthorization()
            .ProducesProblem(401);
        return api;
    }

    public static NoContent JobsSession(HttpContext http)
    {
        var token = http.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        var expires = http.User.FindFirst("exp")?.Value is { } exp && long.TryParse(exp, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.UtcNow.AddHours(1);
        JobsDashboard.OpenSession(http, token, expires);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<LoginResponse>> WeChatLogin(
        WeChatLoginRequest request,
        IWeChatClient wechat,
        ZhujiDbContext db,
        UserProfiles profiles,
        TimeProvider clock,
        AuditLog audit,
        CancellationToken cancellationToken)
    {
        WeChatSession session;
        try
        {
            session = await wechat.JsCode2SessionAsync(request.Code!.Trim(), cancellationToken);
        }
        catch (WeChatException e) when (e.Failure == WeChatFailure.CodeInvalid)
        {
            audit.RecordLogin(null, "WeChat", succeeded: false, refusal: "登录凭证无效或已使用");
            await db.SaveChangesAsync(cancellationToken);
            throw;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var user = await db.Users.SingleOrDefaultAsync(u => u.OpenId == session.OpenId, cancellationToken);
        if (user is null)
        {
            user = User.FromWeChat(session.OpenId, session.UnionId, now);
            db.Users.Add(user);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (UniqueViolation.Is(e))
            {
                // The same person logged in twice at once; the other request created him.
                db.ChangeTracker.Clear();
                user = await db.Users.SingleAsync(u => u.OpenId == session.OpenId, cancellationToken);
            }
        }

        user.RecordLogin(session.UnionId, now);
        audit.RecordLogin(user.Id, "WeChat", succeeded: true);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await profiles.LoginAsync(user, cancellationToken));
    }

    public static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> PasswordLogin(
        PasswordLoginRequest request,
        ZhujiDbContext db,
        IPasswordHasher<AdminAccount> hasher,
        UserProfiles profiles,
        TimeProvider clock,
        HttpContext http,
        AuditLog audit,
        IOptions<AuthOptions> options,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var username = request.Username!.Trim().ToLowerInvariant();
        var address = audit.Address ?? "unknown";

        async Task<ProblemHttpResult> Refuse(long? userId, string refusal, ProblemHttpResult answer)
        {
            audit.RecordLogin(userId, "Password", succeeded: false, username, refusal);
            await db.SaveChangesAsync(cancellationToken);
            return answer;
        }

        async Task<ProblemHttpResult> Wrong(long? userId, string refusal) =>
            await PasswordGuesses.FailedAsync(db, username, address, now, cancellationToken) is { } locked
                ? await Refuse(userId, refusal + "，错误次数已达上限", locked.Answer(http, now))
                : await Refuse(userId, refusal, refusal == "动态口令错误" ? Problems.Unauthorized(AdminAccount.TotpWrong) : WrongCredentials());

        if (await PasswordGuesses.TryAsync(db, username, address, now, cancellationToken) is { } refused)
        {
            return await Refuse(null, "错误次数过多，暂不受理", refused.Answer(http, now));
        }

        var account = await db.AdminAccounts.SingleOrDefaultAsync(a => a.Username == username, cancellationToken);
        if (account is null)
        {
            // Same work as a real check, so that timing does not tell which usernames exist.
            hasher.VerifyHashedPassword(DummyAccount, DummyHash.Value, request.Password!);
            return await Wrong(null, "用户名不存在");
        }

        var verdict = hasher.VerifyHashedPassword(account, account.PasswordHash, request.Password!);
        if (verdict == PasswordVerificationResult.Failed)
        {
            return await Wrong(account.UserId, "密码错误");
        }

        if (account.Disabled)
        {
            await PasswordGuesses.SucceededAsync(db, username, address, cancellationToken);
            return await Refuse(account.UserId, "账号已停用", Problems.Unauthorized("该账号已停用，请联系管理员"));
        }

        // The second factor: a code from the account's authenticator, or (required and none yet) the enrolment's first code.
        if (account.HasTotp || options.Value.RequireTotpForAdmins)
        {
            if (string.IsNullOrWhiteSpace(request.Totp))
            {
                // The password was right: its place goes back, but the account's failures keep counting (no reset by leaving the code out).
                await db.ReleaseAsync([LoginThrottle.ReleasedOnSuccess(address)], cancellationToken);
                if (account.HasTotp)
                {
                    return await Refuse(account.UserId, "未提供动态口令", Problems.Create(StatusCodes.Status401Unauthorized, ErrorCodes.TotpRequired, "请输入验证器 App 中的 6 位动态口令"));
                }

                var secret = account.PendingTotpSecret ?? account.BeginTotp();
                return await Refuse(account.UserId, "须先绑定动态口令", TotpEnrolment.Required(account, secret));
            }

            var code = request.Totp.Trim();
            var accepted = account.HasTotp ? account.AcceptTotp(code, now) : account.PendingTotpSecret is not null && TotpEnrolment.TryConfirm(account, code, now);
            if (!accepted)
            {
                return await Wrong(account.UserId, "动态口令错误");
            }
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.RehashPassword(hasher.HashPassword(account, request.Password!));
        }

        await PasswordGuesses.SucceededAsync(db, username, address, cancellationToken);
        var user = await db.Users.SingleAsync(u => u.Id == account.UserId, cancellationToken);
        user.RecordLogin(null, now);
        audit.RecordLogin(user.Id, "Password", succeeded: true, username);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await profiles.LoginAsync(user, cancellationToken));
    }

    public static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> Me(
        Caller caller,
        ZhujiDbContext db,
        UserProfiles profiles,
        CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == caller.UserId, cancellationToken);
        if (user is null)
        {
            return Problems.Unauthorized("登录已失效，请重新登录");
        }

        var grants = await profiles.GrantsAsync(user.Id, cancellationToken);
        var dto = await profiles.UserAsync(user, grants, cancellationToken);
        var account = await db.AdminAccounts.AsNoTracking().Where(a => a.UserId == user.Id).Select(a => new AccountRefDto(a.Id.ToString(), a.Username)).SingleOrDefaultAsync(cancellationToken);
        var roles = await ScopeNames.NameAsync(db, dto.Roles, cancellationToken);
        var member = await profiles.MemberAsync(user.Id, cancellationToken);
        var star = member is null ? null : await profiles.StarAsync(long.Parse(member.Id, System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        return TypedResults.Ok(new MeResponse(dto.Id, dto.DisplayName, roles, dto.Registration, member, account, star?.LifetimeHours, star?.Star, star?.Name, star?.NextStarHours));
    }

    private static ProblemHttpResult WrongCredentials() => Problems.Unauthorized("用户名或密码错误");

    private static readonly AdminAccount DummyAccount = new(0, "", "", DateTime.UnixEpoch);
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<AdminAccount>().HashPassword(DummyAccount, Guid.NewGuid().ToString()));

    /// <summary>A 429 with Retry-After: how long until the window that refused the attempt ends.</summary>
    internal static ProblemHttpResult Answer(this TooManyGuesses refused, HttpContext http, DateTime now)
    {
        var wait = refused.Until - now;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.TooManyRequests($"密码错误次数过多，请 {Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))} 分钟后再试");
    }
}
