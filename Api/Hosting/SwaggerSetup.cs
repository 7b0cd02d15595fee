using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Zhuji.Api.Errors;
using Zhuji.Api.Http;
using Zhuji.Domain.Common;

namespace Zhuji.Api.Hosting;

/// <summary>
/// The OpenAPI document the mini-program team codes against (checked in as miniprogram-contract/openapi.json):
/// stable operation ids, zh-CN summaries, every problem response with the contract's <c>code</c>, the bearer
/// requirement on protected operations, enums as strings, and precise <c>required</c> lists.
/// </summary>
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
                Description = "在职党员社区报到、三级任务发布与抢单、亮旗与年度考核。错误均为 application/problem+json，含稳定的 code 与中文 title。",
            });
            c.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "从 /api/v1/auth/wechat-login 或 /api/v1/auth/password-login 取得的令牌",
            });
            c.OperationFilter<ProblemResponsesFilter>();
            c.SchemaFilter<ContractSchemaFilter>();
            c.SupportNonNullableReferenceTypes();
            c.CustomSchemaIds(SchemaId);
        });
        return services;
    }

    /// <summary>Plain type names (<c>TaskDto</c>, <c>TaskDtoPage</c>); Swashbuckle refuses two types with one name.</summary>
    private static string SchemaId(Type type) => type switch
    {
        { IsGenericType: true } when type.GetGenericTypeDefinition() == typeof(Page<>) => SchemaId(type.GetGenericArguments()[0]) + "Page",
        _ when type == typeof(HttpValidationProblemDetails) => "ValidationProblemDetails",
        _ => type.Name,
    };

    /// <summary>
    /// The bearer requirement and 401 on protected operations; 400 and 413 wherever a body is read; the
    /// problem content type for every error response.
    /// </summary>
    private sealed class ProblemResponsesFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            var isProtected = !metadata.OfType<IAllowAnonymous>().Any() && metadata.OfType<IAuthorizeData>().Any();
            if (isProtected)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
                });
                Add(operation, context, 401);
            }

            if (operation.RequestBody is not null)
            {
                Add(operation, context, 400, validation: true);
                Add(operation, context, 413);
            }

            if (context.ApiDescription.ParameterDescriptions.Any(p => p.Source.Id is "Query" or "Path"))
            {
                Add(operation, context, 400, validation: true);
            }
        }

        private static void Add(OpenApiOperation operation, OperationFilterContext context, int status, bool validation = false)
        {
            operation.Responses ??= [];
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(key))
            {
                return;
            }

            var schema = context.SchemaGenerator.GenerateSchema(validation ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails), context.SchemaRepository);
            operation.Responses[key] = new OpenApiResponse
            {
                Description = Problems.ForStatus(status).Title,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
            };
        }
    }

    /// <summary>
    /// Problems carry <c>code</c> (one of the contract's codes); a response DTO's properties are always
    /// present (required, perhaps null); a request's fields are required when its validator refuses them missing.
    /// </summary>
    private sealed class ContractSchemaFilter(IServiceProvider services) : ISchemaFilter
    {
        private static readonly string[] Codes = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToArray();

        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (schema is not OpenApiSchema concrete || concrete.Properties is null || concrete.Properties.Count == 0)
            {
                return;
            }

            var type = context.Type;
            if (typeof(ProblemDetails).IsAssignableFrom(type))
            {
                concrete.Properties[Problems.CodeKey] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = Codes.Select(c => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(c)!).ToList(),
                    Description = "稳定的错误代码",
                };
                concrete.Required = new HashSet<string>(["status", "title", Problems.CodeKey]);
                return;
            }

            if (type.Namespace?.StartsWith("Zhuji.", StringComparison.Ordinal) != true)
            {
                return;
            }

            var required = type.Name.EndsWith("Request", StringComparison.Ordinal)
                ? RequiredByValidator(type, concrete.Properties.Keys)
                : concrete.Properties.Keys;
            concrete.Required = new SortedSet<string>(required, StringComparer.Ordinal);
            Describe(type, concrete);
            NullableReferences(type, concrete);
        }

        /// <summary>
        /// A property declared nullable whose schema is another object (a <c>$ref</c>) is "that object or null": the
        /// generated client must not assume a registration, a record or an account is always there.
        /// </summary>
        private static void NullableReferences(Type type, OpenApiSchema schema)
        {
            var nullability = new NullabilityInfoContext();
            foreach (var property in type.GetProperties())
            {
                var key = char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
                if (schema.Properties!.TryGetValue(key, out var target) && target is OpenApiSchemaReference reference &&
                    nullability.Create(property).ReadState == NullabilityState.Nullable)
                {
                    schema.Properties[key] = new OpenApiSchema { OneOf = [reference, new OpenApiSchema { Type = JsonSchemaType.Null }] };
                }
            }
        }

        /// <summary>A property's <see cref="DescriptionAttribute"/> (what a figure counts) becomes its description.</summary>
        private static void Describe(Type type, OpenApiSchema schema)
        {
            foreach (var property in type.GetProperties())
            {
                if (property.GetCustomAttribute<DescriptionAttribute>() is not { } description)
                {
                    continue;
                }

                var key = char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
                if (!schema.Properties!.TryGetValue(key, out var target))
                {
                    continue;
                }

                switch (target)
                {
                    case OpenApiSchema inline:
                        inline.Description = description.Description;
                        break;
                    case OpenApiSchemaReference reference:
                        reference.Description = description.Description;
                        break;
                }
            }
        }

        private IEnumerable<string> RequiredByValidator(Type type, IEnumerable<string> properties)
        {
            if (services.GetService(typeof(IValidator<>).MakeGenericType(type)) is not IValidator validator)
            {
                return [];
            }

            var empty = RuntimeHelpers.GetUninitializedObject(type);
            var refused = validator.Validate(new ValidationContext<object>(empty)).Errors
                .Select(e => e.PropertyName.Split('.', '[')[0])
                .Select(name => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..])
                .ToHashSet();
            return properties.Where(refused.Contains);
        }
    }
}
