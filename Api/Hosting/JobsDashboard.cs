using Hangfire;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Zhuji.Api.Auth;

namespace Zhuji.Api.Hosting;

/// <summary>
/// The Hangfire dashboard at <c>/jobs</c>, for CityAdmin only. A browser cannot send a bearer header to a page it
/// opens, and a token belongs in no URL: the back office first calls <c>POST /api/v1/auth/jobs-session</c> with its
/// bearer token, which puts that token in an HttpOnly, SameSite=Strict cookie limited to <c>/jobs</c>; the dashboard
/// reads it from there, and the usual checks (signature, lifetime, revocation, CityAdmin) apply.
/// </summary>
internal static class JobsDashboard
{
    public const string Path = "/jobs";
    public const string CookieName = "zhuji_jobs_token";

    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder app)
    {
        app.MapHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [],
            DashboardTitle = "先锋微家 · 后台任务",
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(Policies.CityAdmin);
        return app;
    }

    /// <summary>Reads the dashboard's token from its cookie (never from the URL).</summary>
    public static Task ReadDashboardToken(MessageReceivedContext context)
    {
        var request = context.HttpContext.Request;
        if (request.Path.StartsWithSegments(Path) && string.IsNullOrEmpty(request.Headers.Authorization) &&
            request.Cookies.TryGetValue(CookieName, out var fromCookie))
        {
            context.Token = fromCookie;
        }

        return Task.CompletedTask;
    }

    /// <summary>The caller's bearer token, kept in the dashboard's cookie for as long as the token lives.</summary>
    public static void OpenSession(HttpContext http, string token, DateTimeOffset expires) =>
        http.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = Path,
            Expires = expires,
        });
}
