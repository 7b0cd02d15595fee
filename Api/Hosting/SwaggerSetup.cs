using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Zhuji.Api.Hosting;

internal static class SwaggerSetup
{
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddZhujiSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(c =>
        {
            c.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "先锋微家 Zhuji Vanguard Micro Home API",
                Version = "v1",
                Description = "在职党员社区报到、三级任务发布与抢单、亮旗与年度考核。",
            });
            c.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "从 /api/v1/auth/wechat-login 或 /api/v1/auth/password-login 取得的令牌",
            });
            c.OperationFilter<BearerRequirementFilter>();
            c.SupportNonNullableReferenceTypes();
            c.CustomSchemaIds(t => t.FullName!.Replace("Zhuji.Api.Features.", "").Replace("Zhuji.Api.Http.", "").Replace("Zhuji.Domain.", "").Replace("+", ".").Replace("`1", "").Replace("[[", "Of").Split(',')[0]);
        });
        return services;
    }

    /// <summary>Operations that need a token carry the bearer requirement; anonymous ones do not.</summary>
    private sealed class BearerRequirementFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any())
            {
                return;
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
            });
        }
    }
}
