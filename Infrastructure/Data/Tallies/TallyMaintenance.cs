using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Zhuji.Infrastructure.Data.Tallies;

/// <summary>A kept row that is not what its tables count.</summary>
public sealed record TallyDifference(string Tally, TallyKey Key, long Stored, long Counted);

/// <summary>
/// The tallies' upkeep outside the saves: the rebuild at start-up when they were built by other definitions or under
/// another policy (or never), and the drift check that counts every definition again and compares.
/// </summary>
public static class TallyMaintenance
{
    /// <summary>
    /// At start-up: when the tallies are missing (a new database, a bulk load that deleted the state row) or were built
    /// under another <see cref="TallyCatalog.Fingerprint"/> (other definitions, another threshold or cutoff), every
    /// definition is rebuilt from its tables, in one transaction. True when it rebuilt them.
    /// </summary>
    public static async Task<bool> EnsureBuiltAsync(ZhujiDbContext db, TallyCatalog catalog, TimeProvider clock, CancellationToken cancellationToken)
    {
        var fingerprint = catalog.Fingerprint;
        if (await db.TallyStates.AsNoTracking().AnyAsync(s => s.Id == 1 && s.Policy == fingerprint, cancellationToken))
        {
            return false;
        }

        await using var write = await db.BeginWriteAsync(cancellationToken);
        await db.TallyStates.ExecuteDeleteAsync(cancellationToken);
        await db.Tallies.ExecuteDeleteAsync(cancellationToken);
        foreach (var definition in catalog.Definitions)
        {
            await TallyStore.ClearAsync(db, definition, cancellationToken);
            await definition.RebuildAsync(db, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        db.TallyStates.Add(new TallyState { Id = 1, Policy = fingerprint, BuiltAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>
    /// Every kept row against a count of its tables, inside one read transaction (a snapshot: saves meanwhile neither
    /// wait nor tear the comparison). Empty when the tallies are right. Writes nothing.
    /// </summary>
    public static async Task<List<TallyDifference>> DifferencesAsync(ZhujiDbContext db, TallyCatalog catalog, CancellationToken cancellationToken)
    {
        var differences = new List<TallyDifference>();
        await InSnapshotAsync(db, async () =>
        {
            foreach (var definition in catalog.Definitions)
            {
                var kept = await TallyStore.ReadAsync(db, definition, cancellationToken);
                var counted = await definition.CountAsync(db, TallySource.Tables, cancellationToken);
                foreach (var key in kept.Keys.Union(counted.Keys).OrderBy(k => k.Year).ThenBy(k => k.Scope).ThenBy(k => k.Dim, StringComparer.Ordinal))
                {
                    var (stored, count) = (kept.GetValueOrDefault(key), counted.GetValueOrDefault(key));
                    if (stored != count)
                    {
                        differences.Add(new TallyDifference(definition.Name, key, stored, count));
                    }
                }
            }
        }, cancellationToken);
        return differences;
    }

    /// <summary>Runs <paramref name="reads"/> inside one read-only snapshot of the database, then rolls it back.</summary>
    private static async Task InSnapshotAsync(ZhujiDbContext db, Func<Task> reads, CancellationToken cancellationToken)
    {
        if (db.Provider != DatabaseProvider.Sqlite)
        {
            // PostgreSQL's repeatable read is a snapshot; SQL Server's serializable holds what it read until the end.
            var level = db.Provider == DatabaseProvider.PostgreSql ? IsolationLevel.RepeatableRead : IsolationLevel.Serializable;
            await using var transaction = await db.Database.BeginTransactionAsync(level, cancellationToken);
            await reads();
            await transaction.RollbackAsync(cancellationToken);
            return;
        }

        // SQLite: a deferred transaction reads one snapshot of the WAL and never takes the write lock.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var snapshot = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
            await db.Database.UseTransactionAsync(snapshot, cancellationToken);
            try
            {
                await reads();
            }
            finally
            {
                await db.Database.UseTransactionAsync(null, cancellationToken);
                await snapshot.RollbackAsync(cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
