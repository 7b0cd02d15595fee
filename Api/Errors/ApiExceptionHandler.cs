using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Common;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.WeChat;

namespace Zhuji.Api.Errors;

/// <summary>
/// Turns every exception into problem+json: a broken rule is 409 with its code, bad input 400, a body too
/// large 413, WeChat's refusals 400 or 503, and anything unexpected 500 <c>internal_error</c>, logged here
/// and never shown (no message, no stack trace).
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            httpContext.Response.StatusCode = 499;
            return true;
        }

        var problem = Describe(exception);
        var code = problem.Extensions[Problems.CodeKey] as string;
        if (code == ErrorCodes.InternalError)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }
        else if (code == ErrorCodes.Unavailable)
        {
            logger.LogWarning("Transient database fault on {Method} {Path}: {Fault}", httpContext.Request.Method, httpContext.Request.Path, exception.GetBaseException().Message);
        }
        else
        {
            // Expected: a broken rule, a lost race, bad input. One line, no stack.
            logger.LogInformation("{Method} {Path} answered {Status} {Code}", httpContext.Request.Method, httpContext.Request.Path, problem.Status, code);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (exception is WeChatException { Failure: WeChatFailure.Unavailable } || code == ErrorCodes.Unavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Describe(Exception exception) => exception switch
    {
        ProblemException p => Problem(p.Status, p.Code, p.Message),
        DomainException { Errors.Count: > 0 } d => Invalid(d.Errors),
        DomainException d => Problem(Problems.StatusOf(d.Code), d.Code, d.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            Problem(413, ErrorCodes.PayloadTooLarge, "请求内容过大（上限 1 MiB）"),
        BadHttpRequestException { InnerException: JsonException json } => MalformedJson(json),
        BadHttpRequestException b when b.StatusCode < 500 && BoundParameter(b.Message) is { } name =>
            Invalid(name, "取值无效或类型不符"),
        BadHttpRequestException b when b.StatusCode < 500 => Problem(b.StatusCode, ErrorCodes.ValidationFailed, "请求格式有误"),
        JsonException json => MalformedJson(json),
        WeChatException { Failure: WeChatFailure.CodeInvalid } =>
            Problem(400, ErrorCodes.WeChatCodeInvalid, "微信登录凭证无效或已使用，请重新进入小程序"),
        WeChatException => Problem(503, ErrorCodes.WeChatUnavailable, "微信服务暂不可用，请稍后再试"),
        DbUpdateConcurrencyException => Problem(409, ErrorCodes.Conflict, "数据已被他人修改，请刷新后重试"),
        DbUpdateException when UniqueViolation.Is(exception) => Problem(409, ErrorCodes.Conflict, "与已有数据冲突"),
        _ when TransientFault.Is(exception) => Problem(503, ErrorCodes.Unavailable, "系统繁忙，请稍后重试"),
        _ => Problem(500, ErrorCodes.InternalError, "服务器内部错误，请稍后再试"),
    };

    /// <summary>A value of the wrong type or an unknown enum value names its field; broken JSON is the body's fault.</summary>
    private static ProblemDetails MalformedJson(JsonException json)
    {
        var wrongValue = json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal);
        return wrongValue && !string.IsNullOrEmpty(json.Path) && json.Path != "$"
            ? Invalid(json.Path.TrimStart('$', '.'), "取值无效或类型不符")
            : Invalid("body", "JSON 格式错误");
    }

    private static ProblemDetails Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] }, "请求格式有误");

    /// <summary>Input an entity refused, with the fields at fault: the same answer as the request validators give.</summary>
    private static ProblemDetails Invalid(IReadOnlyDictionary<string, string[]> errors, string title = Problems.InvalidTitle)
    {
        var problem = new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = 400,
            Title = title,
        };
        problem.Extensions[Problems.CodeKey] = ErrorCodes.ValidationFailed;
        return problem;
    }

    /// <summary>The parameter named by the framework's <c>Failed to bind parameter "int? limit" from "abc".</c></summary>
    private static string? BoundParameter(string message)
    {
        // A query bound as [AsParameters] names its property (Limit): the request named it in camelCase (limit).
        var match = BindFailure().Match(message);
        return match.Success ? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(match.Groups["name"].Value) : null;
    }

    [GeneratedRegex("^Failed to bind parameter \"(?:[^\"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\" from")]
    private static partial Regex BindFailure();

    private static ProblemDetails Problem(int status, string code, string title) => new()
    {
        Status = status,
        Title = title,
        Extensions = { [Problems.CodeKey] = code },
    };
}
