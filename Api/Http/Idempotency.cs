using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Zhuji.Api.Auth;
using Zhuji.Api.Errors;
using Zhuji.Domain.Common;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Http;

/// <summary>Marks an endpoint whose writes a phone may retry with an <c>Idempotency-Key</c>.</summary>
public sealed class IdempotentMetadata;

/// <summary>
/// The same key with the same request returns the first (successful) answer and changes nothing more; the
/// same key with a different request is 422 <c>idempotency_key_reused</c>. The handler's writes and the
/// stored answer are committed in one transaction (<see cref="RequestUnit"/>): a crash after the handler
/// leaves either both or neither, so no retry can ever run a committed request twice. Two retries at once
/// both run; the second's commit meets the first's stored key, is rolled back whole, and answers the first's
/// answer. A failed answer is not stored, so a retry runs again.
/// </summary>
internal sealed class IdempotencyFilter(ZhujiDbContext db, TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

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
        if (await FindAsync(userId, key, http.RequestAborted) is { } first)
        {
            return Replay(first, hash);
        }

        object? result;
        await using (var unit = db.BeginRequestUnit())
        {
            result = await next(context);
            if (Succeeded(result) is { } answer)
            {
                var record = Record(userId, key, hash, answer);
                await unit.EnsureStartedAsync(CancellationToken.None);
                db.IdempotencyRecords.Add(record);
                try
                {
                    await db.SaveChangesAsync(CancellationToken.None);
                    await unit.CommitAsync(CancellationToken.None);
                    return result;
                }
                catch (DbUpdateException e) when (UniqueViolation.Is(e))
                {
                    // A twin with the same key committed first: this request's writes are rolled back with the unit.
                }
                finally
                {
                    db.Entry(record).State = EntityState.Detached;
                }
            }
        }

        // Refused, or beaten by a twin that committed meanwhile: the twin's answer is this request's answer.
        return await FindAsync(userId, key, CancellationToken.None) is { } winner ? Replay(winner, hash) : result;
    }

    private Task<IdempotencyRecord?> FindAsync(long userId, string key, CancellationToken cancellationToken) =>
        db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.UserId == userId && r.Key == key && r.StatusCode != null, cancellationToken);

    /// <summary>The 2xx answer the handler gave (unwrapping <c>Results&lt;…&gt;</c>), or null.</summary>
    private static IResult? Succeeded(object? result)
    {
        var answer = result;
        while (answer is INestedHttpResult nested)
        {
            answer = nested.Result;
        }

        return answer is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } ok ? (IResult)ok : null;
    }

    private IdempotencyRecord Record(long userId, string key, string hash, IResult answer)
    {
        var value = (answer as IValueHttpResult)?.Value;
        return new IdempotencyRecord
        {
            UserId = userId,
            Key = key,
            RequestHash = hash,
            StatusCode = ((IStatusCodeHttpResult)answer).StatusCode,
            ResponseBody = value is null ? null : JsonSerializer.Serialize(value, value.GetType(), json.Value.SerializerOptions),
            Location = answer.GetType().GetProperty("Location")?.GetValue(answer) as string,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
    }

    private static IResult Replay(IdempotencyRecord record, string hash) =>
        record.RequestHash != hash ? KeyReused() : new ReplayedResult(record.StatusCode!.Value, record.ResponseBody, record.Location);

    /// <summary>422 <c>idempotency_key_reused</c>: the key was used for a different request.</summary>
    public static ProblemHttpResult KeyReused() =>
        Problems.Create(StatusCodes.Status422UnprocessableEntity, ErrorCodes.IdempotencyKeyReused, "该 Idempotency-Key 已用于另一个不同的请求");

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
        builder.WithMetadata(new IdempotentMetadata()).AddEndpointFilter<IdempotencyFilter>()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

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
