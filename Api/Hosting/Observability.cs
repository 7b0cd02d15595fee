using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Observability;

namespace Zhuji.Api.Hosting;

/// <summary><c>Zhuji:Metrics</c>: who may read <c>/metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Zhuji:Metrics";

    /// <summary>CIDR networks besides loopback that may read <c>/metrics</c> (the Prometheus server's); to anyone else it does not exist (404).</summary>
    public string[] AllowedNetworks { get; set; } = [];
}

/// <summary><c>Zhuji:Logging</c>: how the console log is written.</summary>
public sealed class LoggingOptions
{
    public const string Section = "Zhuji:Logging";

    /// <summary>One JSON object a line (timestamp in UTC, level, category, message and its fields), for a log collector; plain text otherwise.</summary>
    public bool Json { get; set; }
}

/// <summary>
/// What a city's IT department runs the service with: <c>/health/live</c> (the process answers) and <c>/health/ready</c>
/// (the database answers and has every migration), OpenTelemetry metrics on <c>/metrics</c> for Prometheus (requests,
/// grabs, jobs, WeChat calls; loopback and <c>Zhuji:Metrics:AllowedNetworks</c> only), and JSON console logs when
/// <c>Zhuji:Logging:Json</c> is set.
/// </summary>
internal static class Observability
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetSection(LoggingOptions.Section).Get<LoggingOptions>() is { Json: true })
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
                o.JsonWriterOptions = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }

        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section)
            .Validate(o => o.AllowedNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "Zhuji:Metrics:AllowedNetworks must be CIDR networks (10.0.0.0/8).").ValidateOnStart();
        builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService("zhuji-api")).WithMetrics(metrics => metrics
            .AddMeter(ZhujiMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting")
            .AddPrometheusExporter());
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadiness>("database", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteAsync,
        }).WithName("Readiness").AllowAnonymous();

        // To anyone but loopback and the allowed networks /metrics does not exist.
        var allowed = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.AllowedNetworks.Select(n => System.Net.IPNetwork.Parse(n)).ToList();
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(MetricsPath) && context.Connection.RemoteIpAddress is var address
                && !(address is null || IPAddress.IsLoopback(address) || allowed.Any(n => n.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address))))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.MapPrometheusScrapingEndpoint(MetricsPath).WithName("Metrics").AllowAnonymous();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }

    /// <summary>Ready: the database answers and every migration of this release is applied.</summary>
    private sealed class DatabaseReadiness(ZhujiDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                if (!await db.Database.CanConnectAsync(cancellationToken))
                {
                    return HealthCheckResult.Unhealthy("数据库无法连接");
                }

                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                return pending.Count == 0 ? HealthCheckResult.Healthy("数据库可用，迁移已全部应用") : HealthCheckResult.Unhealthy($"尚有 {pending.Count} 个迁移未应用");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("数据库无法连接");
            }
        }
    }
}
