using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// Work a save carries along after its rows are written, in the same transaction: what it captures before the save
/// (null: nothing to do), then writes after it. Registered in order in <c>AddInfrastructure</c>.
/// </summary>
public interface ISaveFollower
{
    object? Capture(ZhujiDbContext db);

    Task ApplyAsync(ZhujiDbContext db, object captured, CancellationToken cancellationToken);
}

/// <summary>
/// Runs the <see cref="ISaveFollower"/>s: before a save each captures what it will follow; when one has something to
/// do, the save runs inside a write transaction (its own, or the one it joins), the followers write after it, and the
/// transaction commits. A failed or refused save writes none of it.
/// </summary>
public sealed class SaveFollowersInterceptor(IEnumerable<ISaveFollower> followers) : SaveChangesInterceptor
{
    private readonly ISaveFollower[] followers = followers.ToArray();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not ZhujiDbContext db)
        {
            return result;
        }

        // A save that ended without reaching SavedChanges or a failure (none should) must not leave its work behind.
        await AbandonAsync(db);
        var captured = followers.Select(f => f.Capture(db)).ToArray();
        if (captured.Any(c => c is not null))
        {
            db.PendingFollowers = new PendingFollowers(captured, await db.BeginWriteAsync(cancellationToken));
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ZhujiDbContext { PendingFollowers: { } pending } db)
        {
            db.PendingFollowers = null;
            await using (pending.Write)
            {
                for (var i = 0; i < followers.Length; i++)
                {
                    if (pending.Captured[i] is { } captured)
                    {
                        await followers[i].ApplyAsync(db, captured, cancellationToken);
                    }
                }

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

    // The context's synchronous SaveChanges goes through SaveChangesAsync (ZhujiDbContext), so this is never called.
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        throw new NotSupportedException("Saves of the Zhuji context are asynchronous.");

    private static async Task AbandonAsync(DbContext? context)
    {
        if (context is ZhujiDbContext { PendingFollowers: { } pending } db)
        {
            db.PendingFollowers = null;
            await pending.Write.DisposeAsync();
        }
    }
}

/// <summary>What a save in progress will write after its rows (by follower), and the transaction it writes them in.</summary>
public sealed record PendingFollowers(object?[] Captured, WriteTransaction Write);
