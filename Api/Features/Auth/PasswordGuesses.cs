using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Errors;
using Zhuji.Domain.Identity;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Auth;

/// <summary>A password attempt refused before it is checked: too many guesses for this window.</summary>
public sealed record TooManyGuesses(DateTime Until)
{
    public ProblemHttpResult Answer(HttpContext http, DateTime now)
    {
        var wait = Until - now;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.TooManyRequests($"密码错误次数过多，请 {Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))} 分钟后再试");
    }
}

/// <summary>Counts every password attempt against <see cref="LoginThrottle"/>'s limits, atomically, before checking it.</summary>
public static class PasswordGuesses
{
    /// <summary>Null when the attempt may go ahead (and is counted); otherwise when the blocking window ends.</summary>
    public static async Task<TooManyGuesses?> TryAsync(ZhujiDbContext db, string username, string address, DateTime now, CancellationToken cancellationToken)
    {
        foreach (var limit in LoginThrottle.Limits(username, address, now))
        {
            if (!await db.TryTakeAsync(limit, now, cancellationToken))
            {
                return new TooManyGuesses(await db.WindowEndsAsync(limit.Key, cancellationToken));
            }
        }

        return null;
    }

    /// <summary>After a wrong password: if that was the last attempt a count allowed, the caller is told he is now locked out.</summary>
    public static async Task<TooManyGuesses?> ExhaustedAsync(ZhujiDbContext db, string username, string address, DateTime now, CancellationToken cancellationToken)
    {
        var limits = LoginThrottle.Limits(username, address, now);
        var keys = limits.Select(l => l.Key).ToList();
        var counts = await db.QuotaCounters.AsNoTracking().Where(c => keys.Contains(c.Key)).ToListAsync(cancellationToken);
        var full = counts.Where(c => c.WindowEndsAt > now && c.Count >= limits.Single(l => l.Key == c.Key).Limit).ToList();
        return full.Count == 0 ? null : new TooManyGuesses(full.Max(c => c.WindowEndsAt));
    }

    public static Task SucceededAsync(ZhujiDbContext db, string username, string address, CancellationToken cancellationToken) =>
        db.ClearAsync(LoginThrottle.ClearedOnSuccess(username, address), cancellationToken);
}
