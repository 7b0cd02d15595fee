using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage;

namespace Zhuji.Infrastructure.Data.Protection;

/// <summary>Which key sealed this database's phones and addresses (one row): a start with another key is refused.</summary>
public sealed class ProtectionState
{
    public int Id { get; set; }
    public string KeyId { get; set; } = "";
    public DateTime Since { get; set; }
}

internal sealed class ProtectionStateConfiguration : IEntityTypeConfiguration<ProtectionState>
{
    public void Configure(EntityTypeBuilder<ProtectionState> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.KeyId).HasMaxLength(32);
    }
}

/// <summary>
/// At start, after the migrations: refuses a key other than the one the database was sealed with (reading would fail on
/// every phone), then seals in place what was written in plaintext before this release (or by a bulk load): each table
/// read once in key order, a page at a time, and each row's plaintext columns sealed in one update, only if they still
/// hold what was read (a row changed meanwhile is left to the change that sealed it).
/// </summary>
public static class PersonalDataMigration
{
    private const int Page = 5000;

    public static async Task<int> RunAsync(ZhujiDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var protector = db.Protector ?? throw new InvalidOperationException("The context has no data protection key.");
        var state = await db.Set<ProtectionState>().SingleOrDefaultAsync(s => s.Id == 1, cancellationToken);
        if (state is not null && state.KeyId != protector.KeyId)
        {
            throw new InvalidOperationException(
                $"{PersonalDataKey.SecretKey} is not the key this database's phones and addresses were encrypted with (key {state.KeyId} since {state.Since:yyyy-MM-dd}; configured {protector.KeyId}). Start with that key.");
        }

        var sealedValues = 0;
        foreach (var table in ProtectedColumns.In(db.Model).GroupBy(c => (c.Table, c.Key)))
        {
            var columns = table.Select(c => (c.Column, c.Exact)).ToList();
            long? after = null;
            while (true)
            {
                var rows = await PageAsync(db, table.Key.Table, table.Key.Key, columns.Select(c => c.Column).ToList(), after, cancellationToken);
                if (rows.Count == 0)
                {
                    break;
                }

                after = rows[^1].Id;
                var plain = rows.Where(r => r.Values.Any(IsPlain)).ToList();
                if (plain.Count == 0)
                {
                    continue;
                }

                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                foreach (var (id, values) in plain)
                {
                    var changed = columns.Select((c, i) => (c.Column, c.Exact, Value: values[i])).Where(c => IsPlain(c.Value)).ToList();
                    var set = string.Join(", ", changed.Select((c, i) => $"{db.Quote(c.Column)} = {{{i}}}"));
                    var still = string.Join(" AND ", changed.Select((c, i) => $"{db.Quote(c.Column)} = {{{changed.Count + i}}}"));
                    var sql = "UPDATE " + db.Quote(table.Key.Table) + " SET " + set + " WHERE " + db.Quote(table.Key.Key) + " = {" + (2 * changed.Count) + "} AND " + still;
                    object[] parameters = [.. changed.Select(c => (object)(c.Exact ? protector.ProtectExact(c.Value!) : protector.ProtectRandom(c.Value!))), .. changed.Select(c => (object)c.Value!), id];
                    if (await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken) == 1)
                    {
                        sealedValues += changed.Count;
                    }
                }

                await transaction.CommitAsync(cancellationToken);
            }
        }

        if (state is null)
        {
            db.Set<ProtectionState>().Add(new ProtectionState { Id = 1, KeyId = protector.KeyId, Since = now });
            await db.SaveChangesAsync(cancellationToken);
        }

        return sealedValues;
    }

    /// <summary>A stored value still in plaintext (neither empty nor sealed).</summary>
    private static bool IsPlain(string? value) => value is { Length: > 0 } && !PersonalDataProtector.IsProtected(value);

    private static async Task<List<(long Id, string?[] Values)>> PageAsync(
        ZhujiDbContext db, string table, string key, IReadOnlyList<string> columns, long? after, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        await using DbCommand command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var top = db.Provider == DatabaseProvider.SqlServer ? $"TOP ({Page}) " : "";
        var limit = db.Provider == DatabaseProvider.SqlServer ? "" : $" LIMIT {Page}";
        var list = string.Join(", ", columns.Select(db.Quote));
        command.CommandText = $"SELECT {top}{db.Quote(key)}, {list} FROM {db.Quote(table)}" +
            (after is null ? "" : $" WHERE {db.Quote(key)} > {after.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}") + $" ORDER BY {db.Quote(key)}{limit}";
        var rows = new List<(long, string?[])>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new string?[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                values[i] = reader.IsDBNull(i + 1) ? null : reader.GetString(i + 1);
            }

            rows.Add((Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), values));
        }

        return rows;
    }
}
