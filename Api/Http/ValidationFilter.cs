using FluentValidation;
using Zhuji.Api.Errors;

namespace Zhuji.Api.Http;

/// <summary>Validates the request body of type <typeparamref name="T"/> before the handler runs.</summary>
internal sealed class ValidationFilter<T>(IValidator<T> validator, bool optionalBody) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var argument = context.Arguments.OfType<T>().FirstOrDefault();
        if (argument is null)
        {
            return optionalBody ? await next(context) : Problems.Validation("body", "请求内容不能为空");
        }

        var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
        if (!result.IsValid)
        {
            var errors = result.Errors
                .GroupBy(e => CamelCase(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
            return Problems.Validation(errors);
        }

        return await next(context);
    }

    /// <summary><c>Roles[0].ScopeId</c> becomes <c>roles[0].scopeId</c>, as the JSON names it.</summary>
    private static string CamelCase(string path) =>
        string.Join('.', path.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}

public static class ValidationEndpointExtensions
{
    /// <summary>
    /// Answers 400 <c>validation_failed</c> with the fields at fault when the body breaks its validator
    /// (and when it is missing, unless <paramref name="optionalBody"/>).
    /// </summary>
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder, bool optionalBody = false) =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var validator = context.ApplicationServices.GetRequiredService<IValidator<T>>();
            var filter = new ValidationFilter<T>(validator, optionalBody);
            return invocation => filter.InvokeAsync(invocation, next);
        }).ProducesValidationProblem();
}
