using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Zhuji.Infrastructure.Data.Tallies;

/// <summary>
/// Keeps the tallies in the same transaction as what they count: before a save, the catalog captures what its changes
/// move; when something counted changes, the save runs inside a write transaction (its own, or the one it joins), and
/// after it the moves are written and the transaction committed. A failed save writes none of them.
/// </summary>
public sealed class TallyInterceptor(TallyCatalog catalog) : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not ZhujiDbContext db)
        {
            return result;
        }

        // A save that ended without reaching SavedChanges or a failure (none should) must not leave its moves behind.
        await AbandonAsync(db);
        if (catalog.Capture(db) is { } moves)
        {
            db.PendingTallies = new PendingTallies(moves, await db.BeginWriteAsync(cancellationToken));
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ZhujiDbContext { PendingTallies: { } pending } db)
        {
            db.PendingTallies = null;
            await using (pending.Write)
            {
                await new TallyWriter(db).ApplyAsync(catalog, pending.Moves, cancellationToken);
                await pending.Write.CommitAsync(cancellationToken);
            }
        }

        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        AbandonAsync(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default) =>
        AbandonAsync(eventData.Context);

    /// <summary>A concurrency token refused the save (another admin decided first): EF reports it here, not as a failure.</summary>
    public override async ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await AbandonAsync(eventData.Context);
        return result;
    }

    // The context's synchronous SaveChanges goes through SaveChangesAsync (ZhujiDbContext), so these are never called.
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        throw new NotSupportedException("Saves of the Zhuji context are asynchronous.");

    private static async Task AbandonAsync(DbContext? context)
    {
        if (context is ZhujiDbContext { PendingTallies: { } pending } db)
        {
            db.PendingTallies = null;
            await pending.Write.DisposeAsync();
        }
    }
}

/// <summary>What a save in progress will write to the tallies, and the transaction it writes them in.</summary>
public sealed record PendingTallies(TallyMoves Moves, WriteTransaction Write);
