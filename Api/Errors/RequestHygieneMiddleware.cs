using System.Text.Unicode;
using Zhuji.Domain.Common;

namespace Zhuji.Api.Errors;

/// <summary>
/// Malformed requests get a problem answer like any other bad input, and change nothing: headers beyond
/// <see cref="MaxHeaderBytes"/> (431), a NUL in the path (400), and a JSON body that is not valid UTF-8 (400;
/// the JSON reader would skip a broken string inside a property it does not know).
/// </summary>
internal sealed class RequestHygieneMiddleware(RequestDelegate next)
{
    public const int MaxHeaderBytes = 32 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HeaderBytes(request.Headers) > MaxHeaderBytes)
        {
            context.Response.StatusCode = StatusCodes.Status431RequestHeaderFieldsTooLarge;
            await Problems.Create(431, ErrorCodes.PayloadTooLarge, "请求头过大").ExecuteAsync(context);
            return;
        }

        if (request.Path.Value?.Contains('\0') == true)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await Problems.Validation("path", "请求地址含有非法字符").ExecuteAsync(context);
            return;
        }

        if (request.HasJsonContentType() && request.ContentLength is not 0 && !await IsUtf8Async(request, context.RequestAborted))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await Problems.Validation("body", "请求内容不是有效的 UTF-8 编码").ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static long HeaderBytes(IHeaderDictionary headers)
    {
        long total = 0;
        foreach (var (name, values) in headers)
        {
            total += name.Length + 4;
            foreach (var value in values)
            {
                total += value?.Length ?? 0;
            }
        }

        return total;
    }

    /// <summary>
    /// Reads the (size-limited) body once into memory and hands the endpoint a stream over the same bytes. A
    /// claim's body is a few bytes: this costs one small copy, not a buffering stream.
    /// </summary>
    private static async Task<bool> IsUtf8Async(HttpRequest request, CancellationToken cancellationToken)
    {
        var copy = new MemoryStream(request.ContentLength is { } length and <= RequestBodyLimitMiddleware.DefaultLimit ? (int)length : 256);
        await request.Body.CopyToAsync(copy, cancellationToken);
        copy.Position = 0;
        request.Body = copy;
        request.HttpContext.Response.RegisterForDispose(copy);
        return Utf8.IsValid(copy.GetBuffer().AsSpan(0, (int)copy.Length));
    }
}
