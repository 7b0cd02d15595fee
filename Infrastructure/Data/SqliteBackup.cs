using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Zhuji.Infrastructure.Data;

/// <summary><c>Zhuji:Backup</c>: where the embedded default's nightly backups go and how many are kept.</summary>
public sealed class BackupOptions
{
    public const string Section = "Zhuji:Backup";

    /// <summary>The folder (another disk in production); default <c>&lt;DataFolder&gt;/backups</c>.</summary>
    public string? Folder { get; set; }

    /// <summary>How many backups to keep (the oldest go first).</summary>
    public int Keep { get; set; } = 14;
}

/// <summary>
/// An online backup of the SQLite file: <c>VACUUM INTO</c> writes a consistent copy of the database as of one read
/// transaction, the write-ahead log included, while requests go on writing (a copy of <c>zhuji.db</c> alone would
/// miss what is still in <c>zhuji.db-wal</c>). The copy is checked (<c>PRAGMA integrity_check</c>) before it counts.
/// </summary>
public static class SqliteBackup
{
    public const string Prefix = "zhuji-";

    public static async Task<string> TakeAsync(ZhujiDbContext db, string folder, int keep, DateTime now, CancellationToken cancellationToken)
    {
        if (db.Provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException("Online backups here are for the SQLite default; back up a server database with its own tools (README).");
        }

        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, $"{Prefix}{now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.db");
        var partial = target + ".partial";
        File.Delete(partial);
        await using (var connection = new SqliteConnection(db.Database.GetConnectionString()))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "VACUUM INTO $target";
            command.Parameters.AddWithValue("$target", partial);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var check = await IntegrityAsync(partial, cancellationToken);
        if (check != "ok")
        {
            File.Delete(partial);
            throw new InvalidOperationException($"The backup failed its integrity check: {check}");
        }

        File.Move(partial, target, overwrite: true);
        foreach (var old in Directory.GetFiles(folder, $"{Prefix}*.db").OrderDescending().Skip(Math.Max(1, keep)))
        {
            File.Delete(old);
        }

        return target;
    }

    /// <summary><c>PRAGMA integrity_check</c> of a database file: "ok" when it is whole.</summary>
    public static async Task<string> IntegrityAsync(string file, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
