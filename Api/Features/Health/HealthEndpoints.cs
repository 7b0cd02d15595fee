using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Hosting;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Health;

public sealed record HealthResponse(string Status);

/// <summary>What <c>GET /</c> answers: where each part of the service lives.</summary>
public sealed record ServiceIndex(string Name, string Api, string BackOffice, string Docs, string OpenApi, string Health);

/// <summary>
/// <c>GET /</c>: a browser goes to the back office; anything else learns where the API, the back office, the docs
/// and the health check live. <c>GET /health</c>: 200 when the database answers, 503 when it does not. <c>GET /health/live</c>: the
/// process answers (a load balancer's liveness probe, and the benchmark's HTTP floor). No auth.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Results<Ok<ServiceIndex>, RedirectHttpResult> (HttpRequest request) => BackOffice.WantsPage(request)
                ? TypedResults.Redirect(BackOffice.Path + "/")
                : TypedResults.Ok(new ServiceIndex("先锋微家 · 在职党员进社区（诸暨）", "/api/v1", "/admin", "/swagger", "/swagger/v1/swagger.json", "/health")))
            .WithTags("Operations").WithName("ServiceIndex").WithSummary("服务入口：接口、后台、文档与健康检查的地址")
            .AllowAnonymous();
        app.MapGet("/health", Check)
            .WithTags("Operations").WithName("Health").WithSummary("健康检查（数据库可用时返回 200）")
            .AllowAnonymous();
        app.MapGet("/health/live", () => TypedResults.Ok(new HealthResponse("Alive")))
            .WithTags("Operations").WithName("Liveness").WithSummary("存活检查（不访问数据库）")
            .AllowAnonymous();
        return app;
    }

    public static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> Check(ZhujiDbContext db, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
            return TypedResults.Ok(new HealthResponse("Healthy"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logs.CreateLogger("Health").LogError(e, "The database did not answer the health check");
            return TypedResults.Json(new HealthResponse("Unhealthy"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
