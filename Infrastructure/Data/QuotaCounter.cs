using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Common;

namespace Zhuji.Infrastructure.Data;

/// <summary>A count under a key until its window ends (login guesses, a resident's wishes of the day).</summary>
public sealed class QuotaCounter
{
    public string Key { get; set; } = "";
    public int Count { get; set; }
    public DateTime WindowEndsAt { get; set; }
}

/// <summary>
/// Takes one from a <see cref="Quota"/> with a conditional update the database makes atomic: parallel
/// requests get exactly the limit, never more. Inside the caller's write transaction when there is one
/// (then a refused write gives its count back), else on its own.
/// </summary>
public static class Quotas
{
    /// <summary>True when there was room (and one is now used); false when the limit is reached for this window.</summary>
    public static async Task<bool> TryTakeAsync(this ZhujiDbContext db, Quota quota, DateTime now, CancellationToken cancellationToken)
    {
        if (db.Unit is { } unit)
        {
            await unit.EnsureStartedAsync(cancellationToken);
        }

        // A window that has ended starts again.
        await db.QuotaCounters.Where(c => c.Key == quota.Key && c.WindowEndsAt <= now)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Count, 0).SetProperty(c => c.WindowEndsAt, quota.WindowEndsAt), cancellationToken);
        await OpenAsync(db, quota, cancellationToken);
        return await db.QuotaCounters.Where(c => c.Key == quota.Key && c.Count < quota.Limit)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Count, c => c.Count + 1), cancellationToken) == 1;
    }

    /// <summary>When the lock under <paramref name="key"/> ends, while its count has reached <paramref name="limit"/>; null when it is not locked.</summary>
    public static Task<DateTime?> LockedUntilAsync(this ZhujiDbContext db, string key, int limit, DateTime now, CancellationToken cancellationToken) =>
        db.QuotaCounters.AsNoTracking().Where(c => c.Key == key && c.Count >= limit && c.WindowEndsAt > now)
            .Select(c => (DateTime?)c.WindowEndsAt).SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Counts one failure under <paramref name="key"/> in a window of <paramref name="window"/> from the first; the one that
    /// reaches <paramref name="limit"/> locks the key until <paramref name="lockFor"/> after it. Gives the count (each
    /// failure counted once, whatever runs in parallel).
    /// </summary>
    public static async Task<int> CountFailureAsync(this ZhujiDbContext db, string key, int limit, TimeSpan window, TimeSpan lockFor, DateTime now, CancellationToken cancellationToken)
    {
        var quota = new Quota(key, limit, now + window);
        await db.QuotaCounters.Where(c => c.Key == key && c.WindowEndsAt <= now)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Count, 0).SetProperty(c => c.WindowEndsAt, quota.WindowEndsAt), cancellationToken);
        await OpenAsync(db, quota, cancellationToken);
        await db.QuotaCounters.Where(c => c.Key == key).ExecuteUpdateAsync(u => u.SetProperty(c => c.Count, c => c.Count + 1), cancellationToken);
        var count = await db.QuotaCounters.AsNoTracking().Where(c => c.Key == key).Select(c => c.Count).SingleAsync(cancellationToken);
        if (count == limit)
        {
            await db.QuotaCounters.Where(c => c.Key == key).ExecuteUpdateAsync(u => u.SetProperty(c => c.WindowEndsAt, now + lockFor), cancellationToken);
        }

        return count;
    }

    /// <summary>When the window of a reached limit ends (for Retry-After).</summary>
    public static Task<DateTime> WindowEndsAsync(this ZhujiDbContext db, string key, CancellationToken cancellationToken) =>
        db.QuotaCounters.Where(c => c.Key == key).Select(c => c.WindowEndsAt).SingleAsync(cancellationToken);

    /// <summary>Gives one back under each key (an attempt that was not a failure); never below zero.</summary>
    public static Task ReleaseAsync(this ZhujiDbContext db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        keys.Count == 0 ? Task.CompletedTask
            : db.QuotaCounters.Where(c => keys.Contains(c.Key) && c.Count > 0).ExecuteUpdateAsync(u => u.SetProperty(c => c.Count, c => c.Count - 1), cancellationToken);

    /// <summary>Forgets the counts (a successful login clears its guesses).</summary>
    public static Task ClearAsync(this ZhujiDbContext db, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        db.QuotaCounters.Where(c => keys.Contains(c.Key)).ExecuteDeleteAsync(cancellationToken);

    /// <summary>Makes the counter's row if it is missing; two at once make one (no error, so a transaction goes on).</summary>
    private static Task OpenAsync(ZhujiDbContext db, Quota quota, CancellationToken cancellationToken) => db.Provider switch
    {
        DatabaseProvider.SqlServer => db.Database.ExecuteSqlAsync($"""
            IF NOT EXISTS (SELECT 1 FROM "QuotaCounters" WITH (UPDLOCK, HOLDLOCK) WHERE "Key" = {quota.Key})
                INSERT INTO "QuotaCounters" ("Key", "Count", "WindowEndsAt") VALUES ({quota.Key}, 0, {quota.WindowEndsAt})
            """, cancellationToken),
        _ => db.Database.ExecuteSqlAsync($"""
            INSERT INTO "QuotaCounters" ("Key", "Count", "WindowEndsAt") VALUES ({quota.Key}, 0, {quota.WindowEndsAt})
            ON CONFLICT ("Key") DO NOTHING
            """, cancellationToken),
    };
}
