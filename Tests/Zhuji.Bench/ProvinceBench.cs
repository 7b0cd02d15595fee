using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Zhuji.Infrastructure.Compliance;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Data.Tallies;
using Zhuji.Jobs;

namespace Zhuji.Bench;

/// <summary>How big the province is.</summary>
internal sealed record Province(int Members, int Flags, int Units, int Communities);

/// <summary>
/// The province extrapolation: 1,000,000 members (with their registrations and their units' rosters) and
/// 10,000,000 flag lines loaded straight into the database, the ledger's tallies rebuilt from them as a start-up
/// would, then over HTTP, one request at a time (latency, not throughput): a unit's summary and member view and the city's statistics, each beside
/// <c>GET /me</c> (a trivial authenticated GET) measured in the same run; and the annual check over all of it.
/// The same on SQLite and on PostgreSQL.
/// </summary>
internal static class ProvinceBench
{
    public const int Year = 2026;

    public static async Task<List<string[]>> RunAsync(string repository, string work, string built, Province size, int seconds, string label,
        Dictionary<string, string>? settings, Func<Province, Task> load, Func<IServiceCollection, IServiceCollection> database)
    {
        var rows = new List<string[]>();
        await using (var first = await ApiProcess.StartAsync(repository, work, claimBurstPerUser: 10, settings, built))
        {
            await Scenario.LoginAsync(first.BaseUrl, Scenario.CityAdmin); // the city admin's user, then the schema is there
        }

        Console.WriteLine($"{label}: loading {size.Members:N0} members, their registrations and rosters, {size.Flags:N0} flags…");
        var watch = Stopwatch.StartNew();
        await load(size);
        var loaded = watch.Elapsed;
        Console.WriteLine($"  loaded in {loaded.TotalSeconds:F0} s");

        var services = database(new ServiceCollection())
            .AddSingleton(TimeProvider.System)
            .AddSingleton(Options.Create(new ComplianceOptions()))
            .AddSingleton(new TallyCatalog(new ComplianceOptions().Policy))
            .AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>))
            .AddScoped<AnnualComplianceJob>()
            .BuildServiceProvider();
        double rebuild;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(20));
            watch.Restart();
            await TallyMaintenance.EnsureBuiltAsync(db, new TallyCatalog(new ComplianceOptions().Policy), TimeProvider.System, CancellationToken.None);
            rebuild = watch.Elapsed.TotalSeconds;
        }

        Console.WriteLine($"  tallies rebuilt from the ledger in {rebuild:F1} s");

        // The annual check first: its monthly provisional run leaves the year's results, which the city's figures count.
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(20));
            watch.Restart();
            var result = await scope.ServiceProvider.GetRequiredService<AnnualComplianceJob>().RunAsync(Year, CancellationToken.None);
            rows.Add([$"{label}: annual check", $"{result.Evaluated:N0} evaluated in **{watch.Elapsed.TotalSeconds:F1} s**", "", "", "—", "—"]);
        }

        // The bulk load wrote phones and addresses in plaintext, as a database from before their encryption holds them:
        // the first start seals them in place (ADR 0019), and its time is what an upgrade of a province costs once.
        await using (var api = await ApiProcess.StartAsync(repository, work, claimBurstPerUser: 10, settings, built, startup: TimeSpan.FromMinutes(60)))
        {
            rows.Add([$"{label}: first start after the upgrade (phones and addresses of {size.Members:N0} members, their registrations and rosters sealed in place)",
                $"healthy after **{api.StartedIn.TotalSeconds:F0} s**", "", "", "—", "—"]);
            var token = await Scenario.LoginAsync(api.BaseUrl, Scenario.CityAdmin);
            using var client = Load.Client(api.BaseUrl, token);
            var random = new Random(13);
            async Task<Sample> Measure(Func<string> path)
            {
                await Load.ForAsync(TimeSpan.FromSeconds(2), 1, _ => client.GetAsync(path()));
                var (sample, statuses) = await Load.ForAsync(TimeSpan.FromSeconds(seconds), 1, _ => client.GetAsync(path()));
                if (statuses.Keys.Any(k => k != System.Net.HttpStatusCode.OK))
                {
                    throw new InvalidOperationException($"{path()}: {string.Join(", ", statuses.Select(s => $"{(int)s.Key}×{s.Value}"))}");
                }

                return sample;
            }

            string Unit() => $"{1 + random.Next(size.Units)}";
            Console.WriteLine($"{label}: measuring…");
            var me = await Measure(() => "/api/v1/me");
            var summary = await Measure(() => $"/api/v1/work-units/{Unit()}/summary?year={Year}");
            var members = await Measure(() => $"/api/v1/work-units/{Unit()}/members?year={Year}&limit=20");
            var cityStats = await Measure(() => $"/api/v1/stats/city?year={Year}");
            var stats = await (await client.GetAsync($"/api/v1/stats/city?year={Year}")).Content.ReadFromJsonAsync<JsonObject>();
            var baseline = me.Percentile(95);
            string Row(Sample s) => $"p50 {s.Percentile(50):F1} ms, **p95 {s.Percentile(95):F1} ms** ({s.PerSecond:N0} req/s)";
            var perUnit = size.Members / size.Units;
            rows.Insert(0, [$"{label}: province loaded", $"{size.Members:N0} members, {size.Flags:N0} flag lines, {size.Units:N0} units (≈ {perUnit} people each), {size.Communities:N0} communities: load {loaded.TotalSeconds:F0} s; tallies rebuilt from the ledger (start-up) **{rebuild:F1} s**",
                "", "", "—", "—"]);
            rows.Add([$"{label}: GET /work-units/{{id}}/summary", Row(summary), $"GET /me p95 {baseline:F1} ms", $"**{summary.Percentile(95) / baseline:F1}×**", "≤ 5×", Scenario.Met(summary.Percentile(95) <= 5 * baseline)]);
            rows.Add([$"{label}: GET /work-units/{{id}}/members (first 20)", Row(members), $"GET /me p95 {baseline:F1} ms", $"**{members.Percentile(95) / baseline:F1}×**", "≤ 5×", Scenario.Met(members.Percentile(95) <= 5 * baseline)]);
            rows.Add([$"{label}: GET /stats/city", $"{Row(cityStats)}; members {stats!["members"]}, flags {stats["flagsAwarded"]}, evaluated {stats["evaluated"]}", $"GET /me p95 {baseline:F1} ms",
                $"**{cityStats.Percentile(95) / baseline:F1}×**", "≤ 10×", Scenario.Met(cityStats.Percentile(95) <= 10 * baseline)]);
        }

        return rows;
    }

    /// <summary>The province in a SQLite file, set-based (recursive CTEs), foreign keys off for the load only.</summary>
    public static void LoadSqlite(string database, Province size)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, DefaultTimeout = 3600 }.ToString());
        connection.Open();
        void Execute(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandTimeout = 3600;
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        Execute("PRAGMA foreign_keys = OFF; PRAGMA cache_size = -1000000;");
        using var transaction = connection.BeginTransaction();
        Execute(Sql(size, sqlite: true));
        transaction.Commit();
        Execute("ANALYZE;");
    }

    /// <summary>The province in PostgreSQL, set-based (generate_series), triggers (foreign keys) off for the load only.</summary>
    public static async Task LoadPostgresAsync(string connectionString, Province size)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SET session_replication_role = replica; {Sql(size, sqlite: false)}; SET session_replication_role = DEFAULT; ANALYZE;", connection) { CommandTimeout = 3600 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Streets, communities, units; member i is in service (every 20th a resident), in unit 1 + i % units and community
    /// 1 + i % communities, approved the year before, with his approved registration and his unit's roster line; flag
    /// line j belongs to member 1 + (j − 1) / (flags / members), one in ten of the year before, 1 to 3 flags; fifty
    /// community tasks a community over the year.
    /// </summary>
    private static string Sql(Province size, bool sqlite)
    {
        string Series(int n) => sqlite ? $"(WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {n}) SELECT g FROM s) AS s" : $"generate_series(1, {n}) AS g";
        string Phone(string g) => sqlite ? $"'13' || printf('%09d', {g})" : $"'13' || lpad({g}::text, 9, '0')";
        var approved = sqlite ? $"'{Year - 1}-05-01 00:00:00'" : $"TIMESTAMPTZ '{Year - 1}-05-01 00:00:00+00'";
        var skills = sqlite ? "'[]'" : "'{}'";
        var perMember = size.Flags / size.Members;
        var no = sqlite ? "0" : "FALSE";
        var category = "CASE g % 5 WHEN 0 THEN 'CommunityActivity' WHEN 1 THEN 'MicroWish' WHEN 2 THEN 'RedSteward' WHEN 3 THEN 'HelpGroup' ELSE 'Suggestion' END";
        // Fifty tasks a community over the year (every 7.3 days), at 09:00 Shanghai.
        var starts = sqlite
            ? $"strftime('%Y-%m-%d %H:%M:%S', '{Year}-01-01 01:00:00', '+' || ((g / {size.Communities}) * 7) || ' days')"
            : $"TIMESTAMPTZ '{Year}-01-01 01:00:00+00' + (g / {size.Communities}) * 7 * interval '1 day'";
        var served = sqlite
            ? $"printf('%04d-%02d-10 01:00:00', CASE WHEN g % 10 = 0 THEN {Year - 1} ELSE {Year} END, 1 + (g * 7) % 12)"
            : $"make_timestamptz(CASE WHEN g % 10 = 0 THEN {Year - 1} ELSE {Year} END, 1 + (g * 7) % 12, 10, 1, 0, 0, 'UTC')";
        return $"""
            INSERT INTO "Streets" ("Name") VALUES ('省级街道');
            INSERT INTO "Communities" ("Name", "StreetId", "SceneCode", "StewardsPerTarget") SELECT '社区' || g, (SELECT MIN("Id") FROM "Streets"), 'p' || g, 3 FROM {Series(size.Communities)};
            INSERT INTO "WorkUnits" ("Name", "Kind") SELECT '单位' || g, 'CityOrgan' FROM {Series(size.Units)};
            INSERT INTO "Registrations" ("Id", "UserId", "Name", "Phone", "MemberType", "WorkUnitId", "CommunityId", "BlockId", "Building", "Room", "RosterMatch", "Status", "SubmittedAt", "DecidedAt", "MemberId", "Version", "Skills")
            SELECT g, 1000000 + g, '党员' || g, {Phone("g")}, CASE WHEN g % 20 = 0 THEN 'Resident' ELSE 'InService' END, CASE WHEN g % 20 = 0 THEN NULL ELSE 1 + g % {size.Units} END,
                1 + g % {size.Communities}, 1 + g % {size.Communities}, '1幢', '101', CASE WHEN g % 20 = 0 THEN 'NotInRoster' ELSE 'Matched' END, 'Approved', {approved}, {approved}, g, 1, {skills}
            FROM {Series(size.Members)};
            INSERT INTO "Members" ("Id", "UserId", "RegistrationId", "Name", "Phone", "MemberType", "WorkUnitId", "CommunityId", "BlockId", "Skills", "FirstApprovedAt", "ApprovedAt")
            SELECT g, 1000000 + g, g, '党员' || g, {Phone("g")}, CASE WHEN g % 20 = 0 THEN 'Resident' ELSE 'InService' END, CASE WHEN g % 20 = 0 THEN NULL ELSE 1 + g % {size.Units} END,
                1 + g % {size.Communities}, 1 + g % {size.Communities}, {skills}, {approved}, {approved}
            FROM {Series(size.Members)};
            INSERT INTO "RosterEntries" ("WorkUnitId", "Name", "Phone", "ImportedAt", "UpdatedAt")
            SELECT 1 + g % {size.Units}, '党员' || g, {Phone("g")}, {approved}, {approved} FROM {Series(size.Members)} WHERE g % 20 <> 0;
            INSERT INTO "FlagEntries" ("MemberId", "Kind", "Flags", "Source", "ClaimId", "Title", "Category", "ServedAt", "PeriodYear", "PeriodMonth", "CommunityId", "RecordedAt", "ActorUserId")
            SELECT 1 + (g - 1) / {perMember}, 'Award', 1 + g % 3, 'Claim', g, '志愿服务', 'CommunityActivity', {served},
                CASE WHEN g % 10 = 0 THEN {Year - 1} ELSE {Year} END, 1 + (g * 7) % 12, 1 + (1 + (g - 1) / {perMember}) % {size.Communities}, {served}, 1
            FROM {Series(size.Flags)};
            INSERT INTO "Tasks" ("Tier", "ScopeId", "CommunityId", "Category", "Title", "Description", "Location", "StartsAt", "EndsAt",
                "Slots", "Flags", "KnowledgeType", "Skills", "AllowGroupClaims", "Status", "ClaimedCount", "HasShifts", "PublishedByUserId", "PublishedAt")
            SELECT 'Community', 1 + g % {size.Communities}, 1 + g % {size.Communities}, {category}, '志愿服务 ' || g, '', '社区', {starts}, {starts}, 20, 1, 'Basic', {skills}, {no}, 'Closed', 0, {no}, 1, {starts}
            FROM {Series(size.Communities * 50)};
            -- A bulk load bypasses the saves that keep the tallies: the next start rebuilds them.
            DELETE FROM "TallyStates";
            -- Points only for the newest line: the start-up's one-time points backfill then has nothing to do (the bench reads no points).
            INSERT INTO "PointsEntries" ("MemberId", "Kind", "Points", "Year", "At", "Source", "FlagEntryId", "RedemptionId", "Rate")
            SELECT "MemberId", 'Earned', "Flags" * 10, "PeriodYear", "RecordedAt", 'Task', "Id", NULL, 10 FROM "FlagEntries" WHERE "Id" = (SELECT MAX("Id") FROM "FlagEntries")
            """;
    }
}
