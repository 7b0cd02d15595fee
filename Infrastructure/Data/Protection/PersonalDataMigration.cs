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
/// every phone), then seals in place what was written in plaintext before this release (or by a bulk load), in batches,
/// each row only if it is still what was read (two instances starting together do not seal twice).
/// </summary>
public static class PersonalDataMigration
{
    private const int Batch = 2000;

    public static async Task<int> RunAsync(ZhujiDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var protector = db.Protector ?? throw new InvalidOperationException("The context has no data protection key.");
        var state = await db.Set<ProtectionState>().SingleOrDefaultAsync(s => s.Id == 1, cancellationToken);
        if (state is not null && state.KeyId != protector.KeyId)
        {
            throw new InvalidOperationException(
                $"{PersonalDataKey.SecretKey} is not the key this database's phones and addresses were encrypted with (key {state.KeyId} since {state.Since:yyyy-MM-dd}; configured {protector.KeyId}). Start with that key.");
        }

        var sealedRows = 0;
        foreach (var (table, column, key, exact) in ProtectedColumns.In(db.Model))
        {
            while (true)
            {
                var rows = await PlaintextAsync(db, table, column, key, cancellationToken);
                if (rows.Count == 0)
                {
                    break;
                }

                // Names from the model, values as parameters.
                var update = "UPDATE " + db.Quote(table) + " SET " + db.Quote(column) + " = {0} WHERE " + db.Quote(key) + " = {1} AND " + db.Quote(column) + " = {2}";
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                foreach (var (id, plain) in rows)
                {
                    var stored = exact ? protector.ProtectExact(plain) : protector.ProtectRandom(plain);
                    sealedRows += await db.Database.ExecuteSqlRawAsync(update, [stored, id, plain], cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }
        }

        if (state is null)
        {
            db.Set<ProtectionState>().Add(new ProtectionState { Id = 1, KeyId = protector.KeyId, Since = now });
            await db.SaveChangesAsync(cancellationToken);
        }

        return sealedRows;
    }

    private static async Task<List<(long Id, string Plain)>> PlaintextAsync(ZhujiDbContext db, string table, string column, string key, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        await using DbCommand command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var top = db.Provider == DatabaseProvider.SqlServer ? $"TOP ({Batch}) " : "";
        var limit = db.Provider == DatabaseProvider.SqlServer ? "" : $" LIMIT {Batch}";
        command.CommandText = $"SELECT {top}{db.Quote(key)}, {db.Quote(column)} FROM {db.Quote(table)} WHERE {db.Quote(column)} <> '' " +
            $"AND {db.Quote(column)} NOT LIKE '{PersonalDataProtector.ExactPrefix}%' AND {db.Quote(column)} NOT LIKE '{PersonalDataProtector.RandomPrefix}%'{limit}";
        var rows = new List<(long, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetString(1)));
        }

        return rows;
    }
}
