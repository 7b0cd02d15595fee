using Microsoft.AspNetCore.HttpOverrides;

namespace Zhuji.Api.Hosting;

/// <summary><c>Zhuji:ForwardedHeaders</c>: the load balancers whose X-Forwarded-* headers are believed.</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "Zhuji:ForwardedHeaders";

    /// <summary>CIDR networks of trusted proxies (e.g. <c>10.0.0.0/8</c>). Loopback is always trusted.</summary>
    public string[] KnownNetworks { get; set; } = [];
}

internal static class SecurityHeaders
{
    public static IServiceCollection AddZhujiTransportSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var network in settings.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        return services;
    }

    /// <summary>
    /// Every answer: no sniffing, no framing, no referrer. API answers also: nothing to run or embed
    /// (a strict CSP) and not cached by the browser (they carry personal data).
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                if (context.Request.Path.StartsWithSegments("/api"))
                {
                    if (!headers.ContainsKey("Content-Security-Policy"))
                    {
                        // The one page the API serves (a certificate's verification) sets its own, as strict.
                        headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
                    }
                    if (!headers.ContainsKey("Cache-Control"))
                    {
                        headers.CacheControl = "no-store";
                    }
                }

                return Task.CompletedTask;
            });
            return next(context);
        });

}
