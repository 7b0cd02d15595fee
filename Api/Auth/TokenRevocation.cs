using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Zhuji.Api.Errors;
using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Auth;

/// <summary>What a user may do right now: his security stamp, his admin grants, whether his account is disabled.</summary>
public sealed record UserAccess(string Stamp, IReadOnlySet<Grant> Grants, bool Disabled);

/// <summary>
/// A power taken away is gone at once: every authenticated request compares its token with the user's access
/// as it is now, read from the database at most every <see cref="AuthOptions.AccessFreshnessSeconds"/> per user (and at once on this
/// instance after a change it made), so on any instance a revoked role, a new password or a disabled account
/// stops working within a minute, at the cost of a memory lookup per request.
/// </summary>
public sealed class UserAccessCache(IMemoryCache cache, IServiceScopeFactory scopes, IOptions<AuthOptions> options)
{
    private readonly TimeSpan freshness = TimeSpan.FromSeconds(options.Value.AccessFreshnessSeconds);

    /// <param name="fresh">Read the database even if a recent view is cached (the token holds what the view does not).</param>
    public ValueTask<UserAccess?> GetAsync(long userId, CancellationToken cancellationToken, bool fresh = false) =>
        !fresh && cache.TryGetValue(Key(userId), out UserAccess? access) ? ValueTask.FromResult(access) : new(LoadAsync(userId, cancellationToken));

    private async Task<UserAccess?> LoadAsync(long userId, CancellationToken cancellationToken)
    {
        UserAccess? access = null;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.SecurityStamp, Disabled = db.AdminAccounts.Any(a => a.UserId == u.Id && a.Disabled) })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is not null)
        {
            var grants = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == userId)
                .Select(r => new { r.Role, r.ScopeId }).ToListAsync(cancellationToken);
            access = new UserAccess(user.SecurityStamp, grants.Select(g => new Grant(g.Role, g.ScopeId)).ToHashSet(), user.Disabled);
        }

        cache.Set(Key(userId), access, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = freshness });
        return access;
    }

    /// <summary>This instance changed the user's roles, password or account: the next request reads them anew.</summary>
    public void Forget(long userId) => cache.Remove(Key(userId));

    private static string Key(long userId) => $"access:{userId}";
}

/// <summary>
/// How the token is held against the user's access now. A token whose stamp is stale (a new password, a
/// disabled account) is refused outright: 401 <c>token_revoked</c>. A token carrying admin grants the user no
/// longer holds keeps working for what he still holds; a request refused because of a lost grant answers
/// 401 <c>token_revoked</c> (log in again), not 403.
/// </summary>
public static class TokenRevocation
{
    public const string Title = "权限已变更，请重新登录";
    private const string Revoked = "zhuji:token-revoked";
    private const string LostGrants = "zhuji:lost-grants";

    public static ProblemHttpResult Problem() => Problems.Create(StatusCodes.Status401Unauthorized, ErrorCodes.TokenRevoked, Title);

    /// <summary>
    /// <c>JwtBearerEvents.OnTokenValidated</c>. A token holding no admin grant (a member's or a resident's, from
    /// WeChat) has nothing a revocation could take away — no password, no account, membership read from the
    /// database on each request anyway — and is not looked up: the grab hot path pays nothing.
    /// </summary>
    public static async Task ValidateAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var http = context.HttpContext;
        if (!HoldsAdminGrant(principal))
        {
            // A member who cancelled his account (注销): his tokens end with it, on every instance within the freshness.
            if (principal.UserId() is { } member && await http.RequestServices.GetRequiredService<CancelledUsers>().ContainsAsync(member, http.RequestAborted))
            {
                http.Items[Revoked] = true;
                context.Fail("The account was cancelled.");
            }

            return;
        }

        var access = principal.UserId() is { } userId
            ? await http.RequestServices.GetRequiredService<UserAccessCache>().GetAsync(userId, http.RequestAborted)
            : null;
        if (access is null || access.Disabled || access.Stamp != principal.FindFirst(ZhujiClaims.Stamp)?.Value)
        {
            http.Items[Revoked] = true;
            context.Fail("The token was revoked.");
            return;
        }

        var lost = Lost(principal, access);
        if (lost.Count > 0 && await http.RequestServices.GetRequiredService<UserAccessCache>().GetAsync(principal.UserId()!.Value, http.RequestAborted, fresh: true) is { } now)
        {
            // A grant made moments ago (on another instance) is not in the cached view yet: look again before calling it lost.
            lost = now.Stamp == access.Stamp ? Lost(principal, now) : lost;
        }

        if (lost.Count > 0)
        {
            var identity = (ClaimsIdentity)principal.Identity!;
            lost.ForEach(identity.RemoveClaim);
            http.Items[LostGrants] = true;
        }
    }

    private static bool HoldsAdminGrant(ClaimsPrincipal principal)
    {
        foreach (var claim in principal.FindAll(ZhujiClaims.Grant))
        {
            if (!claim.Value.StartsWith(nameof(Role.Member) + ":", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static List<Claim> Lost(ClaimsPrincipal principal, UserAccess access) =>
        principal.FindAll(ZhujiClaims.Grant)
            .Where(c => ZhujiClaims.Parse(c.Value) is { } grant && grant.Role != Role.Member && !access.Grants.Contains(grant))
            .ToList();

    /// <summary><c>JwtBearerEvents.OnChallenge</c>: a revoked token is told so.</summary>
    public static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        if (context.HttpContext.Items.ContainsKey(Revoked))
        {
            context.HandleResponse();
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await Problem().ExecuteAsync(context.HttpContext);
        }
    }

    public static bool HasLostGrants(HttpContext http) => http.Items.ContainsKey(LostGrants);

    /// <summary>
    /// Called as every problem is written (<c>CustomizeProblemDetails</c>): a scope refusal (403 <c>forbidden</c>) to
    /// a token that lost grants becomes 401 <c>token_revoked</c>, so the client logs in again and sees what it may
    /// still do.
    /// </summary>
    public static void RewriteScopeRefusal(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status == StatusCodes.Status403Forbidden && HasLostGrants(context.HttpContext) &&
            problem.Extensions.TryGetValue(Problems.CodeKey, out var code) && code as string == ErrorCodes.Forbidden)
        {
            problem.Status = StatusCodes.Status401Unauthorized;
            problem.Title = Title;
            problem.Extensions[Problems.CodeKey] = ErrorCodes.TokenRevoked;
            context.HttpContext.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
    }
}

/// <summary>A policy refusal (CityAdmin only) to a token that lost grants is 401 <c>token_revoked</c> too.</summary>
internal sealed class RevokedGrantsAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && TokenRevocation.HasLostGrants(context))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await TokenRevocation.Problem().ExecuteAsync(context);
            return;
        }

        await fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}

/// <summary>
/// The users who cancelled their accounts, read from the database at most every <see cref="AuthOptions.AccessFreshnessSeconds"/>
/// (and at once on the instance that cancelled): a member's token is refused without a lookup per request, which the
/// grab's hot path could not afford.
/// </summary>
public sealed class CancelledUsers(IServiceScopeFactory scopes, IOptions<AuthOptions> options)
{
    private readonly SemaphoreSlim reading = new(1, 1);
    private readonly long freshness = options.Value.AccessFreshnessSeconds * 1000L;
    private volatile HashSet<long> cancelled = [];
    private long readAt = long.MinValue / 2;

    public async ValueTask<bool> ContainsAsync(long userId, CancellationToken cancellationToken)
    {
        if (Environment.TickCount64 - Interlocked.Read(ref readAt) > freshness)
        {
            await RefreshAsync(cancellationToken);
        }

        return cancelled.Contains(userId);
    }

    /// <summary>This instance cancelled him: refused from the next request.</summary>
    public void Add(long userId) => cancelled = [.. cancelled, userId];

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await reading.WaitAsync(cancellationToken);
        try
        {
            if (Environment.TickCount64 - Interlocked.Read(ref readAt) <= freshness)
            {
                return;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
            cancelled = (await db.Users.AsNoTracking().Where(u => u.CancelledAt != null).Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet();
            Interlocked.Exchange(ref readAt, Environment.TickCount64);
        }
        finally
        {
            reading.Release();
        }
    }
}
