namespace Zhuji.Infrastructure.Data.Tallies;

/// <summary>
/// Keeps the tallies in the same transaction as what they count: before a save the catalog captures what its changes
/// move, after it the moves are written (<see cref="TallyWriter"/>), before the save's transaction commits.
/// </summary>
public sealed class TallyFollower(TallyCatalog catalog) : ISaveFollower
{
    public object? Capture(ZhujiDbContext db) => catalog.Capture(db);

    public Task ApplyAsync(ZhujiDbContext db, object captured, CancellationToken cancellationToken) =>
        new TallyWriter(db).ApplyAsync(catalog, (TallyMoves)captured, cancellationToken);
}
