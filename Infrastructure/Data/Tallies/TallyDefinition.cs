using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Zhuji.Infrastructure.Data.Tallies;

/// <summary>A row of a counted thing: its definition's <see cref="Name"/> and its <see cref="Cell"/>.</summary>
public readonly record struct TallyKey(string Name, int Year, long Scope, string Dim)
{
    public TallyKey(string name, Cell cell)
        : this(name, cell.Year, cell.Scope, cell.Dim)
    {
    }

    public override string ToString() => $"{Name}(year {Year}, scope {Scope}, {(Dim.Length == 0 ? "-" : Dim)})";
}

/// <summary>
/// Where one thing counts: a <see cref="Year"/> (0: not by year), a <see cref="Scope"/> (a member, community or
/// work unit; 0: the city) and a <see cref="Dim"/> (a status, category or month; "" for none).
/// </summary>
public readonly record struct Cell(int Year, long Scope, string Dim);

/// <summary>The table a counted thing keeps its rows in (<see cref="TallyStore"/> maps a key to its columns).</summary>
public enum TallyTable
{
    /// <summary><c>Tallies</c>: any count by name, year, scope and dimension; city-wide rows striped.</summary>
    Counts,

    /// <summary><c>MemberFlagYears</c>: scope is the member.</summary>
    MemberYears,

    /// <summary><c>CommunityFlagMonths</c>: scope is the community, the dimension the month.</summary>
    CommunityMonths,

    /// <summary><c>StandingTallies</c>: the dimension is the bucket; striped.</summary>
    Standings,

    /// <summary><c>CohortTallies</c>: the year is the first evaluated year; striped.</summary>
    Cohorts,
}

/// <summary>What a count is made from: the tables it follows, or (in a rebuild) the tallies already rebuilt before it.</summary>
public enum TallySource
{
    Tables,
    Rebuilt,
}

/// <summary>
/// One counted thing (a summary table, ADR 0016): its name, its table, what a save's changes move in it
/// (<see cref="Capture"/>, then <see cref="ApplyAsync"/> in the save's transaction) and how to count it from scratch
/// (<see cref="CountAsync"/>: what a rebuild writes and what the drift check compares with). Declared once, in
/// <see cref="TallyCatalog"/>.
/// </summary>
public abstract class TallyDefinition(string name, TallyTable table)
{
    public string Name { get; } = name;

    public TallyTable Table { get; } = table;

    /// <summary>What decides its rows, written out: a change here changes the catalog's signature (and needs a new version).</summary>
    public abstract string Shape { get; }

    /// <summary>Before a save (no change scan: the caller turned it off): what the tracked changes will move.</summary>
    internal abstract void Capture(ChangeTracker tracker, TallyMoves moves);

    /// <summary>After the save, inside its transaction: the moves written (by default, each delta added to its row).</summary>
    internal virtual Task ApplyAsync(TallyWriter writer, TallyMoves moves, CancellationToken cancellationToken) =>
        writer.AddAsync(this, moves.Of(this), cancellationToken);

    /// <summary>Every non-zero row, counted from <paramref name="source"/>.</summary>
    public abstract Task<Dictionary<TallyKey, long>> CountAsync(ZhujiDbContext db, TallySource source, CancellationToken cancellationToken);

    /// <summary>Writes the rows of a rebuild (the table's rows of this definition are already gone).</summary>
    internal virtual async Task RebuildAsync(ZhujiDbContext db, CancellationToken cancellationToken) =>
        TallyStore.AddRows(db, Table, await CountAsync(db, TallySource.Rebuilt, cancellationToken));

    public override string ToString() => Name;
}

/// <summary>What one save moves: deltas by definition and key, what a definition kept for its own apply, and the members to lock first.</summary>
public sealed class TallyMoves
{
    private readonly Dictionary<TallyDefinition, Dictionary<TallyKey, long>> deltas = [];
    private readonly Dictionary<TallyDefinition, object> states = [];

    /// <summary>Members whose ledger lines the save adds: on a server database their rows are locked first, in this order.</summary>
    public SortedSet<long> MembersToLock { get; } = [];

    public bool IsEmpty => deltas.Count == 0 && states.Count == 0;

    public void Add(TallyDefinition definition, TallyKey key, long delta)
    {
        if (delta == 0)
        {
            return;
        }

        if (!deltas.TryGetValue(definition, out var rows))
        {
            deltas[definition] = rows = [];
        }

        if ((rows[key] = rows.GetValueOrDefault(key) + delta) == 0)
        {
            rows.Remove(key);
            if (rows.Count == 0)
            {
                deltas.Remove(definition);
            }
        }
    }

    public IReadOnlyDictionary<TallyKey, long> Of(TallyDefinition definition) =>
        deltas.TryGetValue(definition, out var rows) ? rows : new Dictionary<TallyKey, long>();

    public void Keep(TallyDefinition definition, object state) => states[definition] = state;

    public T? StateOf<T>(TallyDefinition definition)
        where T : class => states.GetValueOrDefault(definition) as T;
}
