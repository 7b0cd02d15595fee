using Zhuji.Api.Auth;
namespace Zhuji.Api.Errors;

internal static class ErrorServiceCollectionExtensions
{
    /// <summary>
    /// Problem details everywhere: bare statuses (401 from the bearer challenge, 404 from routing, 405, 415)
    /// get the contract's code and a zh-CN title; JSON binding failures throw so that they are answered as
    /// 400 problems with the offending field.
    /// </summary>
    public static IServiceCollection AddErrorHandling(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            var (code, title) = Problems.ForStatus(status);
            problem.Extensions.TryAdd(Problems.CodeKey, code);
            if (string.IsNullOrEmpty(problem.Title) || IsFrameworkTitle(problem.Title))
            {
                problem.Title = title;
            }

            TokenRevocation.RewriteScopeRefusal(context);
            problem.Detail = null;
            problem.Extensions.Remove("exception");
            problem.Extensions.Remove("traceId");
            problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>The framework's English default titles are replaced by ours.</summary>
    private static bool IsFrameworkTitle(string title) => title.All(c => c < 0x2E80);
}
