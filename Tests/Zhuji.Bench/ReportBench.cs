using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Zhuji.Domain.Compliance;
using Zhuji.Infrastructure.Compliance;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;
using Zhuji.Infrastructure.Reports;
using Zhuji.Jobs;

namespace Zhuji.Bench;

/// <summary>
/// Every unit's quarterly report (the schedule's run on 1 October), beside its floor on the same file: per unit the
/// same three raw reads (members with their registrations, the roster, flags grouped by member and month) and a raw
/// write of a blob the size of a report. Run at two sizes to show how it grows.
/// </summary>
internal static class ReportBench
{
    public sealed record Result(int Units, int PerUnit, double JobSeconds, double FloorSeconds, double CitySeconds, int Made, string SampleFile);

    public static async Task<Result> RunAsync(string work, int units, int perUnit)
    {
        const int year = 2025;
        var database = Path.Combine(work, $"reports-{units}.db");
        File.Delete(database);
        var options = new DbContextOptionsBuilder<SqliteZhujiDbContext>().UseSqlite($"Data Source={database}").Options;
        await using (var db = new SqliteZhujiDbContext(options))
        {
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        Console.WriteLine($"Loading {units:N0} units × {perUnit} people…");
        BulkLoad.ReportData(database, units, perUnit, communities: 40, year, new Random(17));

        var services = new ServiceCollection()
            .AddDbContext<ZhujiDbContext, SqliteZhujiDbContext>(o => o.UseSqlite($"Data Source={database}"))
            .AddSingleton<TimeProvider>(new FixedClock(new DateTimeOffset(year, 10, 1, 5, 0, 0, TimeSpan.FromHours(8))))
            .AddSingleton(Options.Create(new ComplianceOptions()))
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
            .AddSingleton<INotifier, NoNotifier>()
            .AddScoped<ReportMaker>()
            .AddScoped<WorkUnitReportJob>()
            .BuildServiceProvider();

        var period = ReportPeriod.Quarterly(year, 3);
        double job, city;
        int made;
        // Two rounds, the second timed: the first makes every report (and warms JIT and the page cache, as the
        // floor's first round does), the second remakes them, as a retry or an admin's "make it again" would.
        var rounds = new List<double>();
        made = 0;
        for (var round = 0; round < 2; round++)
        {
            await using var scope = services.CreateAsyncScope();
            var watch = Stopwatch.StartNew();
            made = await scope.ServiceProvider.GetRequiredService<WorkUnitReportJob>().MakeForEveryUnitAsync(period, CancellationToken.None);
            rounds.Add(watch.Elapsed.TotalSeconds);
        }

        job = rounds[^1];
        Console.WriteLine($"  first round {rounds[0]:F2} s, second {rounds[1]:F2} s");

        double floor;
        int blob;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
            blob = (int)await db.Reports.AverageAsync(r => r.Content.Length);
            var sample = await db.Reports.OrderBy(r => r.Id).Select(r => r.Content).FirstAsync();
            await File.WriteAllBytesAsync(Path.Combine(work, "sample-quarterly.xlsx"), sample);
        }

        floor = Math.Min(Floor(database, units, year, period.Bounds.End, blob), Floor(database, units, year, period.Bounds.End, blob));

        await using (var scope = services.CreateAsyncScope())
        {
            var watch = Stopwatch.StartNew();
            var report = await scope.ServiceProvider.GetRequiredService<ReportMaker>().CityAsync(period, CancellationToken.None);
            city = watch.Elapsed.TotalSeconds;
            await File.WriteAllBytesAsync(Path.Combine(work, "sample-city.xlsx"), report.Content);
        }

        return new Result(units, perUnit, job, floor, city, made, Path.Combine(work, "sample-quarterly.xlsx"));
    }

    /// <summary>The raw reads a unit's report needs and a raw write of its file, unit by unit, nothing else.</summary>
    private static double Floor(string database, int units, int year, DateTime asOf, int blobSize)
    {
        using var connection = BulkLoad.Open(database);
        var blob = new byte[blobSize];
        var watch = Stopwatch.StartNew();
        using var people = connection.CreateCommand();
        people.CommandText = """
            SELECT m."Id", m."Name", m."Phone", r."Status" FROM "Members" m JOIN "Registrations" r ON m."RegistrationId" = r."Id" WHERE m."WorkUnitId" = $unit
            """;
        var peopleUnit = people.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$unit", 0L));
        using var roster = connection.CreateCommand();
        roster.CommandText = """SELECT "Name", "Phone" FROM "RosterEntries" WHERE "WorkUnitId" = $unit""";
        var rosterUnit = roster.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$unit", 0L));
        using var flags = connection.CreateCommand();
        flags.CommandText = """
            SELECT f."MemberId", f."PeriodMonth", SUM(f."Flags") FROM "FlagEntries" f
            WHERE f."PeriodYear" = $year AND f."RecordedAt" < $asOf AND f."MemberId" IN (SELECT "Id" FROM "Members" WHERE "WorkUnitId" = $unit)
            GROUP BY f."MemberId", f."PeriodMonth"
            """;
        var flagsUnit = flags.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$unit", 0L));
        flags.Parameters.AddWithValue("$year", year);
        flags.Parameters.AddWithValue("$asOf", asOf);
        using var write = connection.CreateCommand();
        write.CommandText = """UPDATE "Reports" SET "Content" = $blob WHERE "Id" = $unit""";
        write.Parameters.AddWithValue("$blob", blob);
        var writeUnit = write.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$unit", 0L));
        for (var unit = 1; unit <= units; unit++)
        {
            (peopleUnit.Value, rosterUnit.Value, flagsUnit.Value, writeUnit.Value) = (unit, unit, unit, unit);
            Drain(people);
            Drain(roster);
            Drain(flags);
            write.ExecuteNonQuery();
        }

        return watch.Elapsed.TotalSeconds;
    }

    private static void Drain(Microsoft.Data.Sqlite.SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }
        }
    }

    private sealed class NoNotifier : INotifier
    {
        public void Notify(Notification notification)
        {
        }
    }
}
