using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Zhuji.Bench;

/// <summary>
/// The same measurements on PostgreSQL, in the same run: a throwaway server from Debian's package (an unprivileged
/// user, a temp folder, a Unix socket, as in scripts/test-postgres.sh), the API built in Release on it, the city and
/// its members made over HTTP, then the storm, claim throughput with one instance and with two on the same database,
/// and the feed at 100,000 tasks. Each figure beside the no-op baseline of the same instance. Skipped, saying why,
/// without the server binaries.
/// </summary>
internal static class PostgresBench
{
    /// <summary>More server settings for an experiment (ZHUJI_BENCH_PG_OPTIONS, e.g. "-c commit_delay=1000 -c commit_siblings=5").</summary>
    public static string ServerOptions => Environment.GetEnvironmentVariable("ZHUJI_BENCH_PG_OPTIONS") ?? "";

    /// <summary>More connection-string settings for an experiment (ZHUJI_BENCH_PG_CONNECTION, e.g. "Max Auto Prepare=0").</summary>
    public static string ConnectionOptions => Environment.GetEnvironmentVariable("ZHUJI_BENCH_PG_CONNECTION") ?? "";

    public static Task<List<string[]>?> RunAsync(string repository, string work, Sizes sizes) =>
        WithServerAsync(work, async server =>
        {
            var connection = await CreateDatabaseAsync(server, "zhuji_bench");
            // Two instances take each other's tokens and read each other's phones: one signing key and one data key (Development would make them per data folder).
            return await MeasureAsync(repository, work, sizes, connection, Settings(connection));
        });

    /// <summary>The settings that put an API process on <paramref name="connection"/>.</summary>
    public static Dictionary<string, string> Settings(string connection) => new()
    {
        ["Zhuji__Database__Provider"] = "PostgreSql",
        ["ConnectionStrings__Zhuji"] = connection,
        ["Zhuji__Auth__SigningKey"] = "bench-signing-key-" + Guid.NewGuid().ToString("N"),
        // And one key for the phones and addresses: the database refuses an instance with another.
        ["Zhuji__DataProtection__Key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    };

    public static async Task<string> CreateDatabaseAsync(string server, string name)
    {
        await using (var admin = new NpgsqlConnection($"{server};Database=postgres"))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        return $"{server};Database={name};Maximum Pool Size=100;{ConnectionOptions}";
    }

    /// <summary>A throwaway server for <paramref name="body"/> (given the server's connection string without a database), stopped after it.</summary>
    public static async Task<List<string[]>?> WithServerAsync(string work, Func<string, Task<List<string[]>?>> body)
    {
        var bin = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Order().LastOrDefault() : null;
        if (bin is null)
        {
            Console.WriteLine("PostgreSQL: skipped (apt-get install postgresql for its server binaries)");
            return null;
        }

        var folder = Path.Combine(work, "pg");
        Directory.CreateDirectory(folder);
        var root = Environment.UserName == "root";
        string[] As(params string[] args) => root ? ["runuser", "-u", "postgres", "--", .. args] : args;
        if (root)
        {
            Run("chown", "postgres", folder);
        }

        Run(As(Path.Combine(bin, "initdb"), "-D", Path.Combine(folder, "data"), "-U", "zhuji", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"));
        Run(As(Path.Combine(bin, "pg_ctl"), "-D", Path.Combine(folder, "data"), "-l", Path.Combine(folder, "server.log"), "-w",
            "-o", $"-k {folder} -c listen_addresses='' -c max_connections=300 -c shared_buffers=256MB -c synchronous_commit=on {ServerOptions}", "start"));
        try
        {
            return await body($"Host={folder};Username=zhuji");
        }
        finally
        {
            Run(As(Path.Combine(bin, "pg_ctl"), "-D", Path.Combine(folder, "data"), "-m", "fast", "stop"));
        }
    }

    private static async Task<List<string[]>> MeasureAsync(string repository, string work, Sizes sizes, string connection, Dictionary<string, string> settings)
    {
        var rows = new List<string[]>();
        var built = Path.Combine(work, "api");
        await using var api = await ApiProcess.StartAsync(repository, Path.Combine(work, "pg-api-1"), claimBurstPerUser: 10, settings, built);
        var admin = Load.Client(api.BaseUrl, await Scenario.LoginAsync(api.BaseUrl, Scenario.CityAdmin), connections: 64);
        var city = await Scenario.CityAsync(admin);

        Console.WriteLine($"PostgreSQL: {sizes.Members:N0} members…");
        using var members = Load.Client(api.BaseUrl, connections: 64);
        var (tokens, _, registrations, approvals) = await Scenario.MembersAsync(api.BaseUrl, admin, members, city, sizes.Members);
        var burst = 2 * sizes.Members / (registrations.Wall + approvals.Wall).TotalSeconds;
        rows.Add(["PostgreSQL: registration burst", $"{sizes.Members:N0} registrations + approvals = **{burst:N0} ops/s** (p99 {registrations.Percentile(99):N0} / {approvals.Percentile(99):N0} ms)", "", "", "≥ 500/s", Scenario.Met(burst >= 500)]);

        var task = (await (await admin.PostAsJsonAsync("/api/v1/tasks", Scenario.TaskBody("City", null, slots: 10))).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var clients = Enumerable.Range(0, sizes.StormMembers).Select(i => Load.Client(api.BaseUrl, tokens[i])).ToList();
        await Task.WhenAll(clients.Select(c => c.GetAsync("/health/live")));
        var storm = await Scenario.StormAsync(clients, c => c.PostAsJsonAsync($"/api/v1/tasks/{task}/claims", new { }));
        var floorStorm = await Scenario.StormAsync(clients, c => c.GetAsync("/health/live"));
        var winners = storm.Statuses.GetValueOrDefault(HttpStatusCode.Created);
        var errors = storm.Statuses.Where(s => s.Key is not (HttpStatusCode.Created or HttpStatusCode.Conflict)).Sum(s => s.Value);
        rows.Add(["PostgreSQL: grab storm", $"{sizes.StormMembers:N0} at once: **{winners} winners**, {errors} errors; **{storm.Sample.Wall.TotalSeconds:F2} s**, p99 **{storm.Sample.Percentile(99):N0} ms**",
            $"no-op storm: {floorStorm.Sample.Wall.TotalSeconds:F2} s", $"{storm.Sample.Wall.TotalSeconds / floorStorm.Sample.Wall.TotalSeconds:F1}× time", "10 winners, 0 errors", Scenario.Met(winners == 10 && errors == 0)]);
        clients.ForEach(c => c.Dispose());

        // Claim throughput with one instance, then with two on the same database (the second started now).
        var firstTask = await ScalarAsync(connection, "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Tasks\"") + 1;
        const int throughputTasks = 211;
        for (var i = 0; i < throughputTasks; i++)
        {
            await admin.PostAsJsonAsync("/api/v1/tasks", Scenario.TaskBody("City", null, slots: 1000));
        }

        var rotation = sizes.Members - sizes.StormMembers;
        var pool = tokens.Skip(sizes.StormMembers).Take(rotation % throughputTasks == 0 ? rotation - 1 : rotation).ToArray();
        var offset = 0;
        async Task<(Sample Claims, double PerSecond, Sample Floor)> ThroughputAsync(IReadOnlyList<string> baseUrls)
        {
            var workers = Enumerable.Range(0, 64).Select(i => Load.Client(baseUrls[i % baseUrls.Count])).ToList();
            Task<HttpResponseMessage> Claim(int i)
            {
                var n = offset + i;
                var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tasks/{firstTask + n % throughputTasks}/claims") { Content = JsonContent.Create(new { }) };
                request.Headers.Authorization = new("Bearer", pool[n % pool.Length]);
                return workers[i % workers.Count].SendAsync(request);
            }

            await Load.ForAsync(TimeSpan.FromSeconds(2), 64, Claim);
            offset += 100_000;
            var (claims, statuses) = await Load.ForAsync(TimeSpan.FromSeconds(sizes.Seconds), 64, Claim);
            offset += 100_000;
            var (floor, _) = await Load.ForAsync(TimeSpan.FromSeconds(sizes.Seconds), 64, i => workers[i % workers.Count].GetAsync("/health/live"));
            workers.ForEach(w => w.Dispose());
            return (claims, statuses.GetValueOrDefault(HttpStatusCode.Created) / claims.Wall.TotalSeconds, floor);
        }

        Console.WriteLine("PostgreSQL: claim throughput, one instance…");
        var one = await ThroughputAsync([api.BaseUrl]);
        await using var second = await ApiProcess.StartAsync(repository, Path.Combine(work, "pg-api-2"), claimBurstPerUser: 10, settings, built);
        Console.WriteLine("PostgreSQL: claim throughput, two instances…");
        var two = await ThroughputAsync([api.BaseUrl, second.BaseUrl]);
        rows.Add(["PostgreSQL: claim throughput, one instance (64 connections)", $"**{one.PerSecond:N0} claims/s**, p99 **{one.Claims.Percentile(99):F1} ms**",
            $"no-op {one.Floor.PerSecond:N0} req/s", $"**{one.PerSecond / one.Floor.PerSecond:P1}**", "—", "—"]);
        rows.Add(["PostgreSQL: claim throughput, two instances on one database", $"**{two.PerSecond:N0} claims/s**, p99 **{two.Claims.Percentile(99):F1} ms**",
            $"one instance: {one.PerSecond:N0} claims/s", $"**{two.PerSecond / one.PerSecond:F2}×** one instance", "—", "—"]);

        // The feed at 100,000 tasks, half of them history, made in the database.
        Console.WriteLine($"PostgreSQL: feed at {sizes.FeedTasks:N0} tasks…");
        await ExecuteAsync(connection, $$"""
            INSERT INTO "Tasks" ("Tier", "ScopeId", "CommunityId", "Category", "Title", "Description", "Location", "StartsAt", "EndsAt", "Slots", "Flags",
                "KnowledgeType", "Skills", "AllowGroupClaims", "Status", "ClaimedCount", "HasShifts", "PublishedByUserId", "PublishedAt")
            SELECT CASE WHEN g % 10 = 0 THEN 'City' ELSE 'Community' END,
                   CASE WHEN g % 10 = 0 THEN NULL ELSE c."Id" END, CASE WHEN g % 10 = 0 THEN NULL ELSE c."Id" END,
                   'CommunityActivity', '志愿服务 ' || g, '', '社区',
                   now() + (CASE WHEN g % 2 = 0 THEN -1 ELSE 1 END) * (interval '1 day' + (g % 259200) * interval '1 minute'),
                   now() + (CASE WHEN g % 2 = 0 THEN -1 ELSE 1 END) * (interval '1 day' + (g % 259200) * interval '1 minute') + interval '3 hours',
                   20, 1, 'Basic', '{}', FALSE, CASE WHEN g % 2 = 0 THEN 'Closed' ELSE 'Published' END, 0, FALSE, {{city.AdminUserId}}, now()
            FROM generate_series(1, {{sizes.FeedTasks}}) AS g
            JOIN (SELECT "Id", row_number() OVER (ORDER BY "Id") - 1 AS n, count(*) OVER () AS total FROM "Communities") AS c ON c.n = g % c.total;
            ANALYZE "Tasks";
            """);
        var random = new Random(11);
        Task<HttpResponseMessage> Feed()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks?limit=20");
            request.Headers.Authorization = new("Bearer", tokens[random.Next(tokens.Length)]);
            return members.SendAsync(request);
        }

        await Load.ForAsync(TimeSpan.FromSeconds(2), 8, _ => Feed());
        var (feed, _) = await Load.ForAsync(TimeSpan.FromSeconds(sizes.Seconds), 8, _ => Feed());
        rows.Add(["PostgreSQL: feed GET /tasks (first page of 20)", $"p50 {feed.Percentile(50):F1} ms, **p95 {feed.Percentile(95):F1} ms** at {feed.PerSecond:N0} req/s (8 clients)",
            $"{await ScalarAsync(connection, "SELECT COUNT(*) FROM \"Tasks\""):N0} tasks (half history)", "", "p95 ≤ 20 ms", Scenario.Met(feed.Percentile(95) <= 20)]);
        return rows;
    }

    private static async Task<long> ScalarAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
    }

    private static void Run(params string[] args)
    {
        var start = new ProcessStartInfo(args[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException(args[0]);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', args)} failed: {process.StandardError.ReadToEnd()}");
        }
    }
}
