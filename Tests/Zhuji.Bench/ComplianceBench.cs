using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Zhuji.Infrastructure.Compliance;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Data.Tallies;
using Zhuji.Jobs;

namespace Zhuji.Bench;

/// <summary>
/// The annual five-flag check over 100,000 members and 1,000,000 flags, beside its physical floor on the
/// same database file: one raw <c>GROUP BY</c> read back, then a raw write of every result (a prepared
/// insert per member) in one transaction. Alternated, the median of each is reported.
/// </summary>
internal static class ComplianceBench
{
    public static async Task<(double JobSeconds, double FloorSeconds, int Evaluated)> RunAsync(string work, int members, int flags, int rounds)
    {
        const int year = 2025;
        var database = Path.Combine(work, "compliance.db");
        File.Delete(database);
        var options = new DbContextOptionsBuilder<SqliteZhujiDbContext>().UseSqlite($"Data Source={database}").Options;
        await using (var db = new SqliteZhujiDbContext(options))
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        Console.WriteLine($"Loading {members:N0} members and {flags:N0} flags…");
        var load = Stopwatch.StartNew();
        BulkLoad.ComplianceData(database, members, flags, year, new Random(7));
        Console.WriteLine($"  loaded in {load.Elapsed.TotalSeconds:F1} s");
        await using (var db = new SqliteZhujiDbContext(options))
        {
            // The load went around the saves that keep the tallies the check reads: built from the ledger, as a start-up does.
            var rebuild = Stopwatch.StartNew();
            await TallyMaintenance.EnsureBuiltAsync(db, new TallyCatalog(new ComplianceOptions().Policy), TimeProvider.System, CancellationToken.None);
            Console.WriteLine($"  tallies built from the ledger in {rebuild.Elapsed.TotalSeconds:F1} s");
        }

        var services = new ServiceCollection()
            .AddDbContext<ZhujiDbContext, SqliteZhujiDbContext>(o => o.UseSqlite($"Data Source={database}"))
            .AddSingleton<TimeProvider>(new FixedClock(new DateTimeOffset(year + 1, 1, 15, 2, 0, 0, TimeSpan.FromHours(8))))
            .AddSingleton(Options.Create(new ComplianceOptions()))
            .AddSingleton(new TallyCatalog(new ComplianceOptions().Policy))
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
            .AddScoped<AnnualComplianceJob>()
            .BuildServiceProvider();

        var job = new List<double>();
        var floor = new List<double>();
        var evaluated = 0;
        for (var round = 0; round < rounds; round++)
        {
            await using (var scope = services.CreateAsyncScope())
            {
                var watch = Stopwatch.StartNew();
                var result = await scope.ServiceProvider.GetRequiredService<AnnualComplianceJob>().RunAsync(year, CancellationToken.None);
                job.Add(watch.Elapsed.TotalSeconds);
                evaluated = result.Evaluated;
            }

            floor.Add(Floor(database, year));
        }

        return (Median(job), Median(floor), evaluated);
    }

    /// <summary>The floor: the raw grouped read and the raw write of one row per member, in one transaction.</summary>
    private static double Floor(string database, int year)
    {
        using var connection = BulkLoad.Open(database);
        var watch = Stopwatch.StartNew();
        using var transaction = connection.BeginTransaction();
        var totals = new List<(long Member, long Flags)>(128 * 1024);
        using (var read = connection.CreateCommand())
        {
            read.CommandText = """SELECT "MemberId", SUM("Flags") FROM "FlagEntries" WHERE "PeriodYear" = $year GROUP BY "MemberId" """;
            read.Parameters.AddWithValue("$year", year);
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                totals.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }
        }

        using (var clear = connection.CreateCommand())
        {
            clear.CommandText = """DELETE FROM "ComplianceResults" WHERE "Year" = $year""";
            clear.Parameters.AddWithValue("$year", year);
            clear.ExecuteNonQuery();
        }

        using (var write = connection.CreateCommand())
        {
            write.CommandText = """
                INSERT INTO "ComplianceResults" ("Year", "MemberId", "Name", "WorkUnitId", "CommunityId", "Flags", "Threshold", "Status", "Provisional", "ComputedAt")
                VALUES ($year, $member, '', NULL, 0, $flags, 5, $status, 0, $now)
                """;
            var y = write.Parameters.AddWithValue("$year", year);
            var member = write.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$member", 0L));
            var flags = write.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$flags", 0L));
            var status = write.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$status", ""));
            write.Parameters.AddWithValue("$now", DateTime.UtcNow);
            write.Prepare();
            foreach (var (m, f) in totals)
            {
                member.Value = m;
                flags.Value = f;
                status.Value = f >= 5 ? "Compliant" : "NonCompliant";
                write.ExecuteNonQuery();
            }

            _ = y;
        }

        transaction.Commit();
        return watch.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
