using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Zhuji.Infrastructure.Data.Tallies;

/// <summary>
/// How a <see cref="TallyKey"/> sits in each <see cref="TallyTable"/>: the columns of its row, the upsert that adds
/// to it (the database does the adding, so parallel saves cannot lose one), and the reads and writes of a rebuild
/// and of the drift check.
/// </summary>
public static class TallyStore
{
    /// <summary>City-wide rows are spread over this many rows (a random one per change) against contention on a server database.</summary>
    public const int Stripes = 8;

    private sealed record Shape(string Table, string[] Columns, string Value, bool Striped, Func<TallyKey, object[]> Values);

    private static Shape ShapeOf(TallyTable table) => table switch
    {
        TallyTable.Counts => new("Tallies", ["Name", "Year", "Scope", "Dim", "Stripe"], "Count", true, k => [k.Name, k.Year, k.Scope, k.Dim]),
        TallyTable.MemberYears => new("MemberFlagYears", ["MemberId", "Year"], "Flags", false, k => [k.Scope, k.Year]),
        TallyTable.CommunityMonths => new("CommunityFlagMonths", ["CommunityId", "Year", "Month"], "Flags", false, k => [k.Scope, k.Year, Number(k.Dim)]),
        TallyTable.Standings => new("StandingTallies", ["Year", "Bucket", "Stripe"], "Count", true, k => [k.Year, Number(k.Dim)]),
        TallyTable.Cohorts => new("CohortTallies", ["FirstYear", "Stripe"], "Count", true, k => [k.Year]),
        _ => throw new ArgumentOutOfRangeException(nameof(table)),
    };

    /// <summary>A dimension that is a number (a month, a bucket), as a cell writes it.</summary>
    public static string Dim(int number) => number.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Adds <paramref name="delta"/> to a row, creating it at that amount when it is not there, inside the caller's
    /// transaction; gives the row's new value (of its stripe, for striped rows). One statement.
    /// </summary>
    public static async Task<long> AddAsync(ZhujiDbContext db, TallyTable table, TallyKey key, long delta, CancellationToken cancellationToken, int? stripe = null)
    {
        var shape = ShapeOf(table);
        var values = shape.Values(key);
        if (shape.Striped)
        {
            // Only a city-wide count is striped; a scoped one (a unit's, a community's) has few writers.
            values = [.. values, stripe ?? (table != TallyTable.Counts || key.Scope == 0 ? Random.Shared.Next(Stripes) : 0)];
        }

        var keys = string.Join(", ", shape.Columns.Select(db.Quote));
        var parameters = string.Join(", ", shape.Columns.Select((_, i) => $"@k{i}"));
        var value = db.Quote(shape.Value);
        var name = db.Quote(shape.Table);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Tallies are written inside the save's transaction.");
        command.CommandText = db.Provider == DatabaseProvider.SqlServer
            ? $"""
                MERGE {name} WITH (HOLDLOCK) AS t USING (VALUES ({parameters})) AS s ({keys})
                ON {string.Join(" AND ", shape.Columns.Select(c => $"t.{db.Quote(c)} = s.{db.Quote(c)}"))}
                WHEN MATCHED THEN UPDATE SET {value} = t.{value} + @d
                WHEN NOT MATCHED THEN INSERT ({keys}, {value}) VALUES ({parameters}, @d)
                OUTPUT inserted.{value};
                """
            : $"""
                INSERT INTO {name} ({keys}, {value}) VALUES ({parameters}, @d)
                ON CONFLICT ({keys}) DO UPDATE SET {value} = {name}.{value} + excluded.{value}
                RETURNING {value}
                """;
        for (var i = 0; i < values.Length; i++)
        {
            DbParameters.Set(command, $"@k{i}", values[i]);
        }

        DbParameters.Set(command, "@d", shape.Value == "Count" ? delta : checked((int)delta));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Sets a row of a scoped count (never striped) to <paramref name="count"/>, inside the caller's transaction.</summary>
    public static Task SetAsync(ZhujiDbContext db, TallyKey key, long count, CancellationToken cancellationToken) =>
        db.Tallies.Where(t => t.Name == key.Name && t.Year == key.Year && t.Scope == key.Scope && t.Dim == key.Dim && t.Stripe == 0)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.Count, count), cancellationToken);

    /// <summary>Every non-zero row a definition keeps (stripes summed).</summary>
    public static async Task<Dictionary<TallyKey, long>> ReadAsync(ZhujiDbContext db, TallyDefinition definition, CancellationToken cancellationToken)
    {
        var name = definition.Name;
        var rows = definition.Table switch
        {
            TallyTable.Counts => (await db.Tallies.AsNoTracking().Where(t => t.Name == name).GroupBy(t => new { t.Year, t.Scope, t.Dim })
                .Select(g => new { g.Key.Year, g.Key.Scope, g.Key.Dim, Count = g.Sum(t => t.Count) }).ToListAsync(cancellationToken))
                .Select(t => (new TallyKey(name, t.Year, t.Scope, t.Dim), t.Count)),
            TallyTable.MemberYears => (await db.MemberFlagYears.AsNoTracking().ToListAsync(cancellationToken))
                .Select(y => (new TallyKey(name, y.Year, y.MemberId, ""), (long)y.Flags)),
            TallyTable.CommunityMonths => (await db.CommunityFlagMonths.AsNoTracking().ToListAsync(cancellationToken))
                .Select(m => (new TallyKey(name, m.Year, m.CommunityId, Dim(m.Month)), (long)m.Flags)),
            TallyTable.Standings => (await db.StandingTallies.AsNoTracking().GroupBy(s => new { s.Year, s.Bucket })
                .Select(g => new { g.Key.Year, g.Key.Bucket, Count = g.Sum(s => s.Count) }).ToListAsync(cancellationToken))
                .Select(s => (new TallyKey(name, s.Year, 0, Dim(s.Bucket)), s.Count)),
            TallyTable.Cohorts => (await db.CohortTallies.AsNoTracking().GroupBy(c => c.FirstYear)
                .Select(g => new { g.Key, Count = g.Sum(c => c.Count) }).ToListAsync(cancellationToken))
                .Select(c => (new TallyKey(name, c.Key, 0, ""), c.Count)),
            _ => throw new ArgumentOutOfRangeException(nameof(definition)),
        };
        return rows.Where(r => r.Item2 != 0).ToDictionary(r => r.Item1, r => r.Item2);
    }

    /// <summary>The rows of one name (every scope and dimension) of a year, stripes summed: what the statistics read.</summary>
    public static async Task<Dictionary<(long Scope, string Dim), long>> ReadYearAsync(ZhujiDbContext db, TallyDefinition definition, int year, CancellationToken cancellationToken) =>
        (await db.Tallies.AsNoTracking().Where(t => t.Name == definition.Name && t.Year == year).GroupBy(t => new { t.Scope, t.Dim })
            .Select(g => new { g.Key.Scope, g.Key.Dim, Count = g.Sum(t => t.Count) }).ToListAsync(cancellationToken))
        .ToDictionary(t => (t.Scope, t.Dim), t => t.Count);

    /// <summary>Removes every row of a definition (a rebuild).</summary>
    internal static Task ClearAsync(ZhujiDbContext db, TallyDefinition definition, CancellationToken cancellationToken) => definition.Table switch
    {
        TallyTable.Counts => db.Tallies.Where(t => t.Name == definition.Name).ExecuteDeleteAsync(cancellationToken),
        TallyTable.MemberYears => db.MemberFlagYears.ExecuteDeleteAsync(cancellationToken),
        TallyTable.CommunityMonths => db.CommunityFlagMonths.ExecuteDeleteAsync(cancellationToken),
        TallyTable.Standings => db.StandingTallies.ExecuteDeleteAsync(cancellationToken),
        TallyTable.Cohorts => db.CohortTallies.ExecuteDeleteAsync(cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(definition)),
    };

    /// <summary>Removes one row of a count (all its stripes), inside the caller's transaction.</summary>
    internal static Task DeleteAsync(ZhujiDbContext db, TallyTable table, TallyKey key, CancellationToken cancellationToken) => table == TallyTable.Counts
        ? db.Tallies.Where(t => t.Name == key.Name && t.Year == key.Year && t.Scope == key.Scope && t.Dim == key.Dim).ExecuteDeleteAsync(cancellationToken)
        : throw new NotSupportedException($"Rows of {table} are rebuilt, not replaced one by one.");

    /// <summary>Adds counted rows to the context (stripe 0), for the caller to save.</summary>
    internal static void AddRows(ZhujiDbContext db, TallyTable table, IReadOnlyDictionary<TallyKey, long> rows)
    {
        foreach (var (k, count) in rows)
        {
            object row = table switch
            {
                TallyTable.Counts => new Tally { Name = k.Name, Year = k.Year, Scope = k.Scope, Dim = k.Dim, Count = count },
                TallyTable.MemberYears => new MemberFlagYear { MemberId = k.Scope, Year = k.Year, Flags = checked((int)count) },
                TallyTable.CommunityMonths => new CommunityFlagMonth { CommunityId = k.Scope, Year = k.Year, Month = Number(k.Dim), Flags = checked((int)count) },
                TallyTable.Standings => new StandingTally { Year = k.Year, Bucket = Number(k.Dim), Count = count },
                TallyTable.Cohorts => new CohortTally { FirstYear = k.Year, Count = count },
                _ => throw new ArgumentOutOfRangeException(nameof(table)),
            };
            db.Add(row);
        }
    }

    private static int Number(string dim) => int.Parse(dim, CultureInfo.InvariantCulture);
}
