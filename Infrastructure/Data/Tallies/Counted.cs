using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Zhuji.Infrastructure.Data.Tallies;

/// <summary>A count and the cell it goes to, as a count query gives it.</summary>
public sealed record Counting(Cell Cell, long Amount);

/// <summary>
/// A thing counted from one entity: each row of <typeparamref name="T"/> counts <see cref="Amount"/> (1, or a column
/// such as a ledger line's flags) in the cell its <see cref="Key"/> gives (none: not counted). The one key is used
/// everywhere: by the capture of a save (the values before the change, from the change tracker's original values,
/// against the values after it), by the count from the tables, and by the set-based writers (<see cref="MoveAsync"/>).
/// </summary>
public sealed partial class Counted<T> : TallyDefinition
    where T : class
{
    private readonly Func<T, Cell?> keyOf;
    private readonly Func<T, long> amountOf;
    private readonly Func<PropertyValues, Cell?> keyBefore;
    private readonly Func<PropertyValues, long> amountBefore;
    private readonly Expression<Func<T, Counting?>> counting;
    private readonly Expression<Func<IQueryable<T>, IQueryable<Counting>>>? grouped;
    private readonly Func<IQueryable<T>, IQueryable<Counting>>? groupedQuery;

    /// <param name="key">the cell a row counts in, or null; reads the entity's own properties only</param>
    /// <param name="amount">what a row counts (1 when omitted)</param>
    /// <param name="grouped">the count as a query the database aggregates (for tables of millions of rows); otherwise the rows are read and keyed here</param>
    /// <param name="rebuildSql">the rebuild as one <c>INSERT … SELECT</c>, for the same reason; it must write what <paramref name="grouped"/> counts</param>
    public Counted(
        string name,
        TallyTable table,
        Expression<Func<T, Cell?>> key,
        Expression<Func<T, long>>? amount = null,
        Expression<Func<IQueryable<T>, IQueryable<Counting>>>? grouped = null,
        string? rebuildSql = null)
        : base(name, table)
    {
        amount ??= _ => 1;
        Key = key;
        Amount = amount;
        keyOf = key.Compile();
        amountOf = amount.Compile();
        keyBefore = OverValues(key);
        amountBefore = OverValues(amount);
        // row => key(row) is { } cell ? new Counting(cell, amount(row)) : null, as one expression a query can read columns for.
        var row = key.Parameters[0];
        var cellOf = key.Body;
        var amountOfRow = new Rebind(amount.Parameters[0], row).Visit(amount.Body);
        var body = Expression.Condition(
            Expression.Property(cellOf, nameof(Nullable<>.HasValue)),
            Expression.New(typeof(Counting).GetConstructors()[0], Expression.Property(cellOf, nameof(Nullable<>.Value)), amountOfRow),
            Expression.Constant(null, typeof(Counting)));
        counting = Expression.Lambda<Func<T, Counting?>>(body, row);
        this.grouped = grouped;
        groupedQuery = grouped?.Compile();
        RebuildSql = rebuildSql;
    }

    public Expression<Func<T, Cell?>> Key { get; }

    public Expression<Func<T, long>> Amount { get; }

    public string? RebuildSql { get; }

    public override string Shape =>
        $"{typeof(T).Name} key {Plain(Key)} amount {Plain(Amount)}" + (grouped is null ? "" : $" grouped {Plain(grouped)}") + (RebuildSql is null ? "" : $" sql {RebuildSql}");

    /// <summary>Where one entity counts, as it stands (for a set-based write: before it, and on the entity after it).</summary>
    public TallyPosition PositionOf(T entity) => new(keyOf(entity) is { } cell ? new TallyKey(Name, cell) : null, amountOf(entity));

    /// <summary>
    /// A write the change tracker does not see (a conditional update): moves the count from where the entity stood
    /// (<paramref name="from"/>, taken before) to where <paramref name="now"/> stands, inside the caller's transaction.
    /// </summary>
    public async Task MoveAsync(ZhujiDbContext db, TallyPosition from, T now, CancellationToken cancellationToken)
    {
        var to = PositionOf(now);
        if (from == to)
        {
            return;
        }

        if (from.Key is { } was)
        {
            await TallyStore.AddAsync(db, Table, was, -from.Amount, cancellationToken);
        }

        if (to.Key is { } @is)
        {
            await TallyStore.AddAsync(db, Table, @is, to.Amount, cancellationToken);
        }
    }

    /// <summary>
    /// After a set-based write of many rows (the annual check's results): the cells of those rows counted again, inside
    /// the caller's transaction. <paramref name="cells"/> says which of the kept cells the rows own (they are replaced).
    /// </summary>
    public async Task RecountAsync(ZhujiDbContext db, Expression<Func<T, bool>> rows, Func<TallyKey, bool> cells, CancellationToken cancellationToken)
    {
        var counted = await CountAsync(db.Set<T>().AsNoTracking().Where(rows), cancellationToken);
        foreach (var kept in (await TallyStore.ReadAsync(db, this, cancellationToken)).Keys.Where(cells))
        {
            await TallyStore.DeleteAsync(db, Table, kept, cancellationToken);
        }

        TallyStore.AddRows(db, Table, counted.Where(c => cells(c.Key)).ToDictionary());
        await db.SaveChangesAsync(cancellationToken);
    }

    internal override void Capture(ChangeTracker tracker, TallyMoves moves)
    {
        foreach (var entry in tracker.Entries<T>())
        {
            if (entry.State == EntityState.Detached)
            {
                continue;
            }

            var before = entry.State == EntityState.Added ? (Cell?)null : keyBefore(entry.OriginalValues);
            var beforeAmount = before is null ? 0 : amountBefore(entry.OriginalValues);
            var after = entry.State == EntityState.Deleted ? (Cell?)null : keyOf(entry.Entity);
            var afterAmount = after is null ? 0 : amountOf(entry.Entity);
            if (before == after && beforeAmount == afterAmount)
            {
                continue;
            }

            if (before is { } was)
            {
                moves.Add(this, new TallyKey(Name, was), -beforeAmount);
            }

            if (after is { } @is)
            {
                moves.Add(this, new TallyKey(Name, @is), afterAmount);
            }
        }
    }

    public override Task<Dictionary<TallyKey, long>> CountAsync(ZhujiDbContext db, TallySource source, CancellationToken cancellationToken) =>
        CountAsync(db.Set<T>().AsNoTracking(), cancellationToken);

    internal override async Task RebuildAsync(ZhujiDbContext db, CancellationToken cancellationToken)
    {
        if (RebuildSql is null)
        {
            await base.RebuildAsync(db, cancellationToken);
            return;
        }

        // A rebuild statement: identifiers only, nothing from a request.
        await db.Database.ExecuteSqlRawAsync(RebuildSql, cancellationToken);
    }

    private async Task<Dictionary<TallyKey, long>> CountAsync(IQueryable<T> rows, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<TallyKey, long>();
        var query = groupedQuery is null ? rows.Select(counting) : groupedQuery(rows);
        await foreach (var c in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (c is not null)
            {
                var key = new TallyKey(Name, c.Cell);
                counts[key] = counts.GetValueOrDefault(key) + c.Amount;
            }
        }

        return counts.Where(c => c.Value != 0).ToDictionary();
    }

    /// <summary>
    /// The same function over a change tracker's property values (the values before a change): each read of an entity
    /// property becomes a read of the value of that name.
    /// </summary>
    private static Func<PropertyValues, TResult> OverValues<TResult>(Expression<Func<T, TResult>> lambda)
    {
        var values = Expression.Parameter(typeof(PropertyValues), "values");
        var body = new ToValues(lambda.Parameters[0], values).Visit(lambda.Body);
        return Expression.Lambda<Func<PropertyValues, TResult>>(body, values).Compile();
    }

    /// <summary>An expression as text without the compiler's names for captured variables (stable across builds).</summary>
    /// <summary>
    /// The expression as text, without what changes when nothing counted does: captured values, and the numbers the
    /// compiler gives anonymous types (they shift whenever another one is added anywhere in the assembly).
    /// </summary>
    private static string Plain(Expression expression) =>
        AnonymousType().Replace(Captured().Replace(expression.ToString(), "value"), "<>f__AnonymousType");

    [GeneratedRegex(@"value\([^)]*\)")]
    private static partial Regex Captured();

    [GeneratedRegex(@"<>f__AnonymousType[0-9]+")]
    private static partial Regex AnonymousType();

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    private sealed class ToValues(ParameterExpression entity, ParameterExpression values) : ExpressionVisitor
    {
        private static readonly System.Reflection.MethodInfo GetValue =
            typeof(PropertyValues).GetMethods().Single(m => m.Name == nameof(PropertyValues.GetValue) && m.IsGenericMethod && m.GetParameters()[0].ParameterType == typeof(string));

        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression == entity
                ? Expression.Call(values, GetValue.MakeGenericMethod(node.Type), Expression.Constant(node.Member.Name))
                : base.VisitMember(node);

        protected override Expression VisitParameter(ParameterExpression node) =>
            node == entity ? throw new InvalidOperationException($"A tally's key reads the properties of its {typeof(T).Name}, not the entity itself.") : node;
    }
}

/// <summary>Where one entity counts: its key (none: not counted) and how much.</summary>
public readonly record struct TallyPosition(TallyKey? Key, long Amount);
