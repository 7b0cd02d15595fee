using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;

namespace Zhuji.Infrastructure.Data;

/// <summary>A password attempt refused before it is checked: too many guesses for this window.</summary>
public sealed record TooManyGuesses(DateTime Until);

/// <summary>Counts password attempts against <see cref="LoginThrottle"/>'s limits, atomically, before checking them; only failures stay counted.</summary>
public static class PasswordGuesses
{
    /// <summary>How long an attempt waits for attempts in flight from the same address or on the same account.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Null when the attempt may go ahead (it holds a place under each count); otherwise when the blocking window ends.</summary>
    public static async Task<TooManyGuesses?> TryAsync(ZhujiDbContext db, string username, string address, DateTime now, CancellationToken cancellationToken)
    {
        var limits = LoginThrottle.Limits(username, address, now);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            // The failures decide a lockout; the places only keep parallel attempts within what is left.
            if (await LockedAsync(db, limits, now, cancellationToken) is { } locked)
            {
                return locked;
            }

            var taken = new List<string>();
            Quota? full = null;
            foreach (var limit in limits)
            {
                if (!await db.TryTakeAsync(limit, now, cancellationToken))
                {
                    full = limit;
                    break;
                }

                taken.Add(limit.Key);
            }

            if (full is null)
            {
                return null;
            }

            await db.ReleaseAsync(taken, cancellationToken);
            if (waited.Elapsed > Patience)
            {
                return new TooManyGuesses(await db.WindowEndsAsync(full.Key, cancellationToken));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 80)), cancellationToken);
        }
    }

    private static async Task<TooManyGuesses?> LockedAsync(ZhujiDbContext db, IReadOnlyList<Quota> limits, DateTime now, CancellationToken cancellationToken)
    {
        var keys = limits.Select(l => LoginThrottle.FailuresOf(l.Key)).ToList();
        var failures = await db.QuotaCounters.AsNoTracking().Where(c => keys.Contains(c.Key) && c.WindowEndsAt > now).ToListAsync(cancellationToken);
        var full = failures.Where(f => LoginThrottle.Refuses(limits.Single(l => LoginThrottle.FailuresOf(l.Key) == f.Key), f.Count)).ToList();
        return full.Count == 0 ? null : new TooManyGuesses(full.Max(f => f.WindowEndsAt));
    }

    /// <summary>
    /// A wrong password (or an unknown username): its places stay taken and it is counted as a failure; if that filled a
    /// count, the caller is told he is now locked out.
    /// </summary>
    public static async Task<TooManyGuesses?> FailedAsync(ZhujiDbContext db, string username, string address, DateTime now, CancellationToken cancellationToken)
    {
        var limits = LoginThrottle.Limits(username, address, now);
        foreach (var limit in limits)
        {
            await db.CountFailureAsync(LoginThrottle.FailuresOf(limit.Key), limit.Limit, LoginThrottle.Window, LoginThrottle.Window, now, cancellationToken);
        }

        return await LockedAsync(db, limits, now, cancellationToken);
    }

    /// <summary>The right password: the address's place is given back and the account's counts cleared.</summary>
    public static async Task SucceededAsync(ZhujiDbContext db, string username, string address, CancellationToken cancellationToken)
    {
        await db.ReleaseAsync([LoginThrottle.ReleasedOnSuccess(address)], cancellationToken);
        await db.ClearAsync(LoginThrottle.ClearedOnSuccess(username, address), cancellationToken);
    }
}
