using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Zhuji.Domain.Common;

namespace Zhuji.Api.Errors;

/// <summary>
/// Every error answer of the API: RFC 9457 problem+json with the contract's <c>code</c> and a zh-CN
/// <c>title</c> a person can read. Handlers return these; the exception handler uses them too.
/// </summary>
public static class Problems
{
    public const string CodeKey = "code";
    public const string InvalidTitle = "请求参数有误";

    public static ProblemHttpResult NotFound(string title = "未找到该资源") =>
        Create(StatusCodes.Status404NotFound, ErrorCodes.NotFound, title);

    public static ProblemHttpResult Forbidden(string title = "无权执行此操作") =>
        Create(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, title);

    public static ProblemHttpResult Unauthorized(string title = "请先登录") =>
        Create(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, title);

    public static ProblemHttpResult Conflict(string title, string code = ErrorCodes.Conflict) =>
        Create(StatusCodes.Status409Conflict, code, title);

    public static ProblemHttpResult InvalidState(string title) =>
        Create(StatusCodes.Status409Conflict, ErrorCodes.InvalidState, title);

    public static ProblemHttpResult TooManyRequests(string title) =>
        Create(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, title);

    public static ProblemHttpResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string title = InvalidTitle) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = title,
            Extensions = { [CodeKey] = ErrorCodes.ValidationFailed },
        });

    public static ProblemHttpResult Create(int status, string code, string title) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = title,
            Extensions = { [CodeKey] = code },
        });

    /// <summary>The code and zh-CN title the API gives a bare status (from routing, auth or the framework).</summary>
    public static (string Code, string Title) ForStatus(int status) => status switch
    {
        400 => (ErrorCodes.ValidationFailed, "请求参数有误"),
        401 => (ErrorCodes.Unauthorized, "请先登录"),
        403 => (ErrorCodes.Forbidden, "无权执行此操作"),
        404 => (ErrorCodes.NotFound, "未找到该资源"),
        405 => (ErrorCodes.MethodNotAllowed, "不支持该请求方法"),
        409 => (ErrorCodes.Conflict, "与当前数据冲突"),
        413 => (ErrorCodes.PayloadTooLarge, "请求内容过大"),
        415 => (ErrorCodes.ValidationFailed, "不支持的内容类型"),
        429 => (ErrorCodes.RateLimited, "请求过于频繁，请稍后再试"),
        422 => (ErrorCodes.IdempotencyKeyReused, "该 Idempotency-Key 已用于另一个不同的请求"),
        431 => (ErrorCodes.PayloadTooLarge, "请求头过大"),
        503 => (ErrorCodes.Unavailable, "服务暂不可用，请稍后再试"),
        _ when status >= 500 => (ErrorCodes.InternalError, "服务器内部错误"),
        _ => (ErrorCodes.ValidationFailed, "请求有误"),
    };

    /// <summary>The HTTP status of a domain rule's code.</summary>
    public static int StatusOf(string code) => code switch
    {
        ErrorCodes.ValidationFailed or ErrorCodes.WeChatCodeInvalid or ErrorCodes.CheckInCodeInvalid or ErrorCodes.UnsupportedMedia or ErrorCodes.LocationRequired => 400,
        ErrorCodes.Unauthorized => 401,
        ErrorCodes.Forbidden or ErrorCodes.ConflictOfInterest => 403,
        ErrorCodes.TokenRevoked or ErrorCodes.TotpRequired => 401,
        ErrorCodes.IdempotencyKeyReused => 422,
        ErrorCodes.MethodNotAllowed => 405,
        ErrorCodes.Unavailable => 503,
        ErrorCodes.NotFound => 404,
        ErrorCodes.PayloadTooLarge => 413,
        ErrorCodes.RateLimited => 429,
        ErrorCodes.WeChatUnavailable => 503,
        ErrorCodes.InternalError => 500,
        _ => 409,
    };
}

/// <summary>
/// For cold paths only (scope checks deep in a helper): thrown, then written by the exception handler as
/// the problem it carries. Hot paths return <see cref="Problems"/> results instead.
/// </summary>
public sealed class ProblemException(int status, string code, string title) : Exception(title)
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    public static ProblemException NotFound(string title = "未找到该资源") => new(404, ErrorCodes.NotFound, title);
    public static ProblemException Forbidden(string title = "无权执行此操作") => new(403, ErrorCodes.Forbidden, title);
}
