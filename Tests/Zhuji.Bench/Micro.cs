using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Bench;

/// <summary>
/// <c>--micro</c>: what one claim costs the database, single-threaded on a loaded file: the hot path's read
/// (prepared per call, and prepared once as the pool keeps it) and its write (conditional update and insert,
/// prepared, one transaction per claim and 64 claims per transaction as the group writer commits them).
/// </summary>
internal static class Micro
{
    public static async Task RunAsync(string work)
    {
        var database = Path.Combine(work, "micro.db");
        var options = new DbContextOptionsBuilder<SqliteZhujiDbContext>().UseSqlite($"Data Source={database}").Options;
        await using (var setup = new SqliteZhujiDbContext(options))
        {
            await setup.Database.MigrateAsync();
            await setup.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        BulkLoad.ComplianceData(database, members: 5_000, flags: 0, year: 2025, new Random(1));
        BulkLoad.Tasks(database, 101, [1], [(1, 1)], 1, slots: 1000, new Random(2), tier: "City");
        await using var db = new SqliteZhujiDbContext(new DbContextOptionsBuilder<SqliteZhujiDbContext>()
            .UseSqlite($"Data Source={database}")
            .AddInterceptors(new SqlitePragmas()).Options);
        var statements = new GrabStatements(db);
        var now = DateTime.UtcNow;
        const int n = 5_000;

        for (var i = 0; i < 200; i++)
        {
            await statements.ReadAsync(1 + i % 5000, 1 + i % 101, null, null, CancellationToken.None);
        }

        var read = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            await statements.ReadAsync(1 + i % 5000, 1 + i % 101, null, "k", CancellationToken.None);
        }

        read.Stop();
        Console.WriteLine($"read, prepared per call      {read.Elapsed.TotalMicroseconds / n:F0} µs/claim");

        using var pool = new SqlitePreparedReads($"Data Source={database}", GrabStatements.Read);
        var pooled = new GrabStatements(db, pool);
        var prepared = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            await pooled.ReadAsync(1 + i % 5000, 1 + i % 101, null, "k", CancellationToken.None);
        }

        prepared.Stop();
        Console.WriteLine($"read, prepared once (pool)   {prepared.Elapsed.TotalMicroseconds / n:F0} µs/claim");

        await using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();
        using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA synchronous = NORMAL;";
            pragmas.ExecuteNonQuery();
        }

        var member = 0;
        double WriteMicroseconds(int perTransaction)
        {
            var first = member;
            var watch = Stopwatch.StartNew();
            for (var done = 0; done < n; done += perTransaction)
            {
                using var transaction = connection.BeginTransaction();
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = GrabStatements.WriteSql(DatabaseProvider.Sqlite, shift: false);
                for (var i = 0; i < perTransaction; i++, member++)
                {
                    GrabStatements.Bind(command, 1 + member % 101, null, 1 + member % 5000, now, null);
                    command.ExecuteScalar();
                }

                transaction.Commit();
            }

            return watch.Elapsed.TotalMicroseconds / (member - first);
        }

        Console.WriteLine($"write, one claim per commit  {WriteMicroseconds(1):F0} µs/claim");
        Console.WriteLine($"write, 64 claims per commit  {WriteMicroseconds(64):F0} µs/claim");
    }
}
