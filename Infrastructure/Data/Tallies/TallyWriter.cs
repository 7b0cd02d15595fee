namespace Zhuji.Infrastructure.Data.Tallies;

/// <summary>
/// Writes one save's moves, inside its transaction: the members whose ledger lines it adds are locked first (on a
/// server database; ascending, so two saves take them in the same order), then each definition in the catalog's
/// order, each row added in key order. Remembers each row's new value for the definitions applied after it.
/// </summary>
public sealed class TallyWriter(ZhujiDbContext db)
{
    private readonly Dictionary<(TallyTable, TallyKey), long> after = [];

    public ZhujiDbContext Db => db;

    public async Task ApplyAsync(TallyCatalog catalog, TallyMoves moves, CancellationToken cancellationToken)
    {
        if (db.Provider != DatabaseProvider.Sqlite)
        {
            foreach (var member in moves.MembersToLock)
            {
                await MemberLock.TakeAsync(db, member, cancellationToken);
            }
        }

        foreach (var definition in catalog.Definitions)
        {
            await definition.ApplyAsync(this, moves, cancellationToken);
        }
    }

    public async Task AddAsync(TallyDefinition definition, IReadOnlyDictionary<TallyKey, long> deltas, CancellationToken cancellationToken)
    {
        foreach (var (key, delta) in deltas.OrderBy(d => d.Key.Year).ThenBy(d => d.Key.Scope).ThenBy(d => d.Key.Dim, StringComparer.Ordinal))
        {
            after[(definition.Table, key)] = await TallyStore.AddAsync(db, definition.Table, key, delta, cancellationToken);
        }
    }

    /// <summary>A row's value after this save added to it (null when the save did not write it).</summary>
    public long? After(TallyDefinition definition, TallyKey key) => after.TryGetValue((definition.Table, key), out var value) ? value : null;
}
