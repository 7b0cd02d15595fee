using Hangfire;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Zhuji.Api.Auth;

namespace Zhuji.Api.Hosting;

/// <summary>
/// The Hangfire dashboard at <c>/jobs</c>, for CityAdmin only. A browser cannot send a bearer header, so
/// <c>/jobs?access_token=…</c> stores the token in an HttpOnly cookie limited to <c>/jobs</c>.
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

    /// <summary>Reads the dashboard's token from the query (once) or its cookie.</summary>
    public static Task ReadDashboardToken(MessageReceivedContext context)
    {
        var request = context.HttpContext.Request;
        if (!request.Path.StartsWithSegments(Path) || !string.IsNullOrEmpty(request.Headers.Authorization))
        {
            return Task.CompletedTask;
        }

        if (request.Query.TryGetValue("access_token", out var fromQuery) && !string.IsNullOrEmpty(fromQuery))
        {
            context.Token = fromQuery;
            context.HttpContext.Response.Cookies.Append(CookieName, fromQuery!, new CookieOptions
            {
                HttpOnly = true,
                Secure = request.IsHttps,
                SameSite = SameSiteMode.Strict,
                Path = Path,
            });
        }
        else if (request.Cookies.TryGetValue(CookieName, out var fromCookie))
        {
            context.Token = fromCookie;
        }

        return Task.CompletedTask;
    }
}
