using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Http;

/// <summary>Marks an endpoint whose writes a phone may retry with an <c>Idempotency-Key</c>.</summary>
public sealed class IdempotentMetadata;

/// <summary>
/// The same key with the same request returns the first (successful) answer and changes nothing more. The
/// key is reserved before the handler runs, so concurrent retries wait their turn (409 while in flight); a
/// failed answer is not remembered, so a retry runs again; the same key with a different request is a 409.
/// </summary>
internal sealed class IdempotencyFilter(ZhujiDbContext db, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    /// <summary>A reservation older than this belongs to a request that died; it is taken over.</summary>
    private static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(1);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values) || http.User.UserId() is not { } userId)
        {
            return await next(context);
        }

        var key = values.ToString();
        if (key.Length is 0 or > 100)
        {
            return Problems.Validation(Header, "Idempotency-Key 须为 1–100 个字符");
        }

        var hash = await HashAsync(http.Request);
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key, http.RequestAborted);
        if (existing is { StatusCode: null } && existing.CreatedAt < now - Abandoned)
        {
            await db.IdempotencyRecords.Where(r => r.Id == existing.Id && r.StatusCode == null).ExecuteDeleteAsync(http.RequestAborted);
            existing = null;
        }

        if (existing is not null)
        {
            return Replay(existing, hash);
        }

        var record = new IdempotencyRecord { UserId = userId, Key = key, RequestHash = hash, CreatedAt = now };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            db.ChangeTracker.Clear();
            var winner = await db.IdempotencyRecords.AsNoTracking().FirstAsync(r => r.UserId == userId && r.Key == key, http.RequestAborted);
            return Replay(winner, hash);
        }
        finally
        {
            db.Entry(record).State = EntityState.Detached;
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await ForgetAsync(record.Id);
            throw;
        }

        var answer = result;
        while (answer is INestedHttpResult nested)
        {
            answer = nested.Result;
        }

        if (answer is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 and var status })
        {
            var value = (answer as IValueHttpResult)?.Value;
            var body = value is null ? null : JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions);
            var location = answer.GetType().GetProperty("Location")?.GetValue(answer) as string;
            await db.IdempotencyRecords.Where(r => r.Id == record.Id).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.StatusCode, status)
                .SetProperty(r => r.ResponseBody, body)
                .SetProperty(r => r.Location, location), CancellationToken.None);
        }
        else
        {
            await ForgetAsync(record.Id);
        }

        return result;
    }

    private Task ForgetAsync(long id) => db.IdempotencyRecords.Where(r => r.Id == id).ExecuteDeleteAsync(CancellationToken.None);

    private static IResult Replay(IdempotencyRecord record, string hash)
    {
        if (record.RequestHash != hash)
        {
            return Problems.Conflict("该 Idempotency-Key 已用于另一个不同的请求");
        }

        if (record.StatusCode is not { } status)
        {
            return Problems.Conflict("相同的请求正在处理中，请稍后重试");
        }

        return new ReplayedResult(status, record.ResponseBody, record.Location);
    }

    /// <summary>The request as a retry would send it again: method, path, query and body.</summary>
    private static async Task<string> HashAsync(HttpRequest request)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            var buffer = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(buffer)) > 0)
            {
                sha.AppendData(buffer, 0, read);
            }

            request.Body.Position = 0;
        }

        return Convert.ToHexString(sha.GetHashAndReset());
    }

    private sealed class ReplayedResult(int status, string? body, string? location) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            if (location is not null)
            {
                httpContext.Response.Headers.Location = location;
            }

            if (body is not null)
            {
                httpContext.Response.ContentType = "application/json; charset=utf-8";
                await httpContext.Response.WriteAsync(body);
            }
        }
    }
}

public static class IdempotencyExtensions
{
    /// <summary>Accepts an <c>Idempotency-Key</c>: a retry with the same key and request gets the first answer.</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new IdempotentMetadata()).AddEndpointFilter<IdempotencyFilter>();

    /// <summary>Lets an idempotent endpoint read its body twice (to hash it, then to bind it).</summary>
    public static IApplicationBuilder UseIdempotencyBuffering(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<IdempotentMetadata>() is not null &&
                context.Request.Headers.ContainsKey(IdempotencyFilter.Header))
            {
                context.Request.EnableBuffering();
            }

            await next(context);
        });
}
