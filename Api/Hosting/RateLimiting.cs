using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Domain.Common;

namespace Zhuji.Api.Hosting;

/// <summary><c>Zhuji:RateLimits</c>: sized so an honest member never meets them and a script does.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Zhuji:RateLimits";

    /// <summary>The per-IP login, per-member and per-IP claim and per-IP anonymous limits (429 <c>rate_limited</c>); counted per instance.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Logins (WeChat or password) from one IP per minute. A registration meeting of 300 officials behind one
    /// office NAT fits twice over; password guesses have their own, much smaller, limits (LoginThrottle).
    /// </summary>
    public int LoginPerIpPerMinute { get; set; } = 600;

    /// <summary>A member's burst of claims (several tasks in a row at 7 a.m.), refilled at one per second.</summary>
    public int ClaimBurstPerUser { get; set; } = 10;

    /// <summary>
    /// Claims by logged-in members from one IP per minute. Generous: a carrier's NAT puts thousands of phones
    /// behind one address. Requests without a valid token never count here.
    /// </summary>
    public int ClaimsPerIpPerMinute { get; set; } = 3000;

    /// <summary>A member's burst of photo uploads (a record takes nine), refilled at one every five seconds.</summary>
    public int UploadBurstPerUser { get; set; } = 12;

    /// <summary>Requests without a valid token from one IP per minute (logins and health checks aside): their own budget.</summary>
    public int AnonymousPerIpPerMinute { get; set; } = 600;
}

/// <summary>Marks an endpoint as limited: <c>login</c> (per IP) or <c>claims</c> (per user and per IP).</summary>
public sealed record RateLimitedAs(string Kind)
{
    public static readonly RateLimitedAs Login = new("login");
    public static readonly RateLimitedAs Claims = new("claims");
    public static readonly RateLimitedAs Uploads = new("uploads");
}

internal static class RateLimiting
{
    public static IServiceCollection AddZhujiRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, configured) =>
        {
            var limits = configured.Value;
            limiter.OnRejected = OnRejectedAsync;
            if (!limits.Enabled)
            {
                return;
            }

            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http =>
                    Kind(http) == RateLimitedAs.Claims.Kind && http.User.UserId() is { } user
                        ? RateLimitPartition.GetTokenBucketLimiter($"claims-user:{user}", _ => new TokenBucketRateLimiterOptions
                        {
                            TokenLimit = limits.ClaimBurstPerUser,
                            TokensPerPeriod = 1,
                            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                            QueueLimit = 0,
                        })
                        : Kind(http) == RateLimitedAs.Uploads.Kind && http.User.UserId() is { } uploader
                            ? RateLimitPartition.GetTokenBucketLimiter($"uploads-user:{uploader}", _ => new TokenBucketRateLimiterOptions
                            {
                                TokenLimit = limits.UploadBurstPerUser,
                                TokensPerPeriod = 1,
                                ReplenishmentPeriod = TimeSpan.FromSeconds(5),
                                QueueLimit = 0,
                            })
                            : RateLimitPartition.GetNoLimiter("none")),
                PartitionedRateLimiter.Create<HttpContext, string>(http => (Kind(http), http.User.UserId() is not null) switch
                {
                    ("login", _) => RateLimitPartition.GetFixedWindowLimiter($"login-ip:{ClientIp(http)}", _ => Window(limits.LoginPerIpPerMinute)),
                    ("claims", true) => RateLimitPartition.GetFixedWindowLimiter($"claims-ip:{ClientIp(http)}", _ => Window(limits.ClaimsPerIpPerMinute)),
                    (_, false) when !http.Request.Path.StartsWithSegments("/health") =>
                        RateLimitPartition.GetFixedWindowLimiter($"anonymous-ip:{ClientIp(http)}", _ => Window(limits.AnonymousPerIpPerMinute)),
                    _ => RateLimitPartition.GetNoLimiter("none"),
                }));
        });
        return services;
    }

    public static RouteHandlerBuilder RateLimited(this RouteHandlerBuilder builder, RateLimitedAs kind) =>
        builder.WithMetadata(kind).ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static string? Kind(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<RateLimitedAs>()?.Kind;

    /// <summary>The client's address (behind the load balancer: from X-Forwarded-For, trusted proxies only).</summary>
    private static string ClientIp(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Problems.Create(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, $"操作太频繁，请 {seconds} 秒后再试")
            .ExecuteAsync(context.HttpContext);
    }
}
