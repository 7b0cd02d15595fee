using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Bench;

/// <summary>
/// <c>--micro</c>: what one claim costs the database, single-threaded on a loaded file: the hot path's read
/// and its write (gate, transaction, conditional update and insert), each timed alone.
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
        Console.WriteLine($"read  {read.Elapsed.TotalMicroseconds / n:F0} µs/claim");
    }
}
