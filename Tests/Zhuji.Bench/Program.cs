using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Bench;

// Measured speed, each figure beside its baseline from the same run (the machines are noisy).
//   dotnet run -c Release --project Tests/Zhuji.Bench            full sizes (≈ 3 minutes on 2 cores)
//   dotnet run -c Release --project Tests/Zhuji.Bench -- --quick  small sizes, a smoke run
//   dotnet run -c Release --project Tests/Zhuji.Bench -- --micro  per-statement costs of the grab path
//   dotnet run -c Release --project Tests/Zhuji.Bench -- --annual  the annual check alone (100,000 members, 1,000,000 flags)
//   dotnet run -c Release --project Tests/Zhuji.Bench -- --reports the report generation alone
//   dotnet run -c Release --project Tests/Zhuji.Bench -- --postgres the PostgreSQL part alone (ZHUJI_BENCH_PG_OPTIONS for server settings)
//   dotnet run -c Release --project Tests/Zhuji.Bench -- --uploads  photo uploads under attack: memory and ordinary latency
//   dotnet run -c Release --project Tests/Zhuji.Bench -- --onsite   photo re-encoding and certificate PDFs alone
//   dotnet run -c Release --project Tests/Zhuji.Bench -- --province 1,000,000 members and 10,000,000 flags, SQLite then PostgreSQL (≈ 15 minutes)
if (args.Contains("--micro"))
{
    var scratch = Path.Combine(Path.GetTempPath(), "zhuji-bench", "micro-" + DateTime.UtcNow.ToString("HHmmss"));
    Directory.CreateDirectory(scratch);
    await Micro.RunAsync(scratch);
    return;
}

var quick = args.Contains("--quick");
var sizes = quick
    ? new Sizes(Members: 4_000, StormMembers: 300, FeedTasks: 10_000, ComplianceMembers: 10_000, ComplianceFlags: 100_000, Seconds: 4)
    : new Sizes(Members: 11_000, StormMembers: 1_000, FeedTasks: 100_000, ComplianceMembers: 100_000, ComplianceFlags: 1_000_000, Seconds: 10);

var repository = Scenario.RepositoryRoot();
var work = Path.Combine(Path.GetTempPath(), "zhuji-bench", DateTime.UtcNow.ToString("yyyyMMddHHmmss"));
Directory.CreateDirectory(work);
var rows = new List<string[]>();
Console.WriteLine($"Work folder: {work}");
if (args.Contains("--uploads"))
{
    rows.AddRange(await UploadStormBench.RunAsync(repository, work));
    Print();
    return;
}
if (args.Contains("--onsite"))
{
    rows.AddRange(OnSiteBench.Run(quick ? 5 : 15));
    Print();
    return;
}
if (args.Contains("--province"))
{
    // The province extrapolation alone: it loads its own databases (--quick: a tenth of it).
    var province = quick ? new Province(100_000, 1_000_000, 1_000, 300) : new Province(1_000_000, 10_000_000, 10_000, 3_000);
    var built = Path.Combine(work, "api");
    ApiProcess.Run("dotnet", $"build \"{Path.Combine(repository, "Api", "Zhuji.Api.csproj")}\" -c Release -o \"{built}\" --nologo -v q", repository);
    if (!args.Contains("--no-sqlite"))
    {
        var folder = Path.Combine(work, "province-sqlite");
        var file = Path.Combine(folder, "data", "zhuji.db");
        rows.AddRange(await ProvinceBench.RunAsync(repository, folder, built, province, sizes.Seconds, "SQLite", null,
            size => { ProvinceLoad.LoadSqlite(file, size); return Task.CompletedTask; },
            services => services.AddDbContext<Zhuji.Infrastructure.Data.ZhujiDbContext, Zhuji.Infrastructure.Data.SqliteZhujiDbContext>(o => o.UseSqlite($"Data Source={file}"))));
    }

    if (!args.Contains("--no-postgres"))
    {
        rows.AddRange(await PostgresBench.WithServerAsync(work, async server =>
        {
            var connection = await PostgresBench.CreateDatabaseAsync(server, "zhuji_province");
            return await ProvinceBench.RunAsync(repository, Path.Combine(work, "province-pg"), built, province, sizes.Seconds, "PostgreSQL", PostgresBench.Settings(connection),
                size => ProvinceLoad.LoadPostgresAsync(connection, size),
                services => services.AddDbContext<Zhuji.Infrastructure.Data.ZhujiDbContext, Zhuji.Infrastructure.Data.PostgreSqlZhujiDbContext>(o => o.UseNpgsql(connection)));
        }) ?? []);
    }

    Print();
    return;
}

if (args.Contains("--postgres"))
{
    // The PostgreSQL part alone (an experiment with its settings); its own build of the API.
    ApiProcess.Run("dotnet", $"build \"{Path.Combine(repository, "Api", "Zhuji.Api.csproj")}\" -c Release -o \"{Path.Combine(work, "api")}\" --nologo -v q", repository);
    rows.AddRange(await PostgresBench.RunAsync(repository, work, sizes) ?? []);
    Console.WriteLine($"PostgreSQL server options: {PostgresBench.ServerOptions}; connection options: {PostgresBench.ConnectionOptions}");
    Print();
    return;
}
if (args.Contains("--annual"))
{
    await AnnualAsync();
    Print();
    return;
}

if (args.Contains("--reports"))
{
    await ReportsAsync();
    Print();
    return;
}

await using (var api = await ApiProcess.StartAsync(repository, work, claimBurstPerUser: quick ? 100 : 10))
{
    var admin = Load.Client(api.BaseUrl, await Scenario.LoginAsync(api.BaseUrl, Scenario.CityAdmin), connections: 64);
    var city = await Scenario.CityAsync(admin);

    // Registration burst: logins, then registrations, then approvals, over HTTP with 64 in flight.
    Console.WriteLine($"Registration burst: {sizes.Members:N0} members…");
    using var members = Load.Client(api.BaseUrl, connections: 64);
    var (tokens, logins, registrations, approvals) = await Scenario.MembersAsync(api.BaseUrl, admin, members, city, sizes.Members);
    var burst = 2 * sizes.Members / (registrations.Wall + approvals.Wall).TotalSeconds;
    rows.Add(["Registration burst", $"{sizes.Members:N0} registrations {registrations.PerSecond:N0}/s + approvals {approvals.PerSecond:N0}/s = **{burst:N0} ops/s** (p99 {registrations.Percentile(99):N0} / {approvals.Percentile(99):N0} ms)",
        $"WeChat logins {logins.PerSecond:N0}/s", "", "≥ 500/s", Scenario.Met(burst >= 500)]);

    // Grab storm: every member on his own warm connection, one 10-slot task, all at once; then the same storm to a no-op.
    Console.WriteLine($"Grab storm: {sizes.StormMembers:N0} members, 10 slots…");
    var task = (await (await admin.PostAsJsonAsync("/api/v1/tasks", Scenario.TaskBody("City", null, slots: 10))).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    var clients = Enumerable.Range(0, sizes.StormMembers).Select(i => Load.Client(api.BaseUrl, tokens[i])).ToList();
    await Task.WhenAll(clients.Select(c => c.GetAsync("/health/live")));
    var storm = await Scenario.StormAsync(clients, c => c.PostAsJsonAsync($"/api/v1/tasks/{task}/claims", new { }));
    var floorStorm = await Scenario.StormAsync(clients, c => c.GetAsync("/health/live"));
    var winners = storm.Statuses.GetValueOrDefault(HttpStatusCode.Created);
    var full = storm.Codes.GetValueOrDefault("task_full");
    var errors = storm.Statuses.Where(s => s.Key is not (HttpStatusCode.Created or HttpStatusCode.Conflict)).Sum(s => s.Value) + storm.Codes.Where(c => c.Key != "task_full").Sum(c => c.Value);
    rows.Add(["Grab storm", $"{sizes.StormMembers:N0} at once: **{winners} winners**, {full} task_full, {errors} errors; all answered in **{storm.Sample.Wall.TotalSeconds:F2} s**, p99 **{storm.Sample.Percentile(99):N0} ms**",
        $"no-op storm: {floorStorm.Sample.Wall.TotalSeconds:F2} s, p99 {floorStorm.Sample.Percentile(99):N0} ms",
        $"{storm.Sample.Wall.TotalSeconds / floorStorm.Sample.Wall.TotalSeconds:F1}× time", "10 winners, 0 errors, ≤ 0.5 s, p99 ≤ 300 ms",
        Scenario.Met(winners == 10 && errors == 0 && storm.Sample.Wall.TotalSeconds <= 0.5 && storm.Sample.Percentile(99) <= 300)]);

    // Waitlist storm: 1,000 others join a full task's line; then its 10 holders let go while the rest of the storm's
    // members grab it, all at once. Each freed place must go to the first in line, in order, and no grab pass the line.
    Console.WriteLine($"Waitlist storm: {sizes.StormMembers:N0} in line, 10 let go while {sizes.StormMembers - 10:N0} grab…");
    var lined = (await (await admin.PostAsJsonAsync("/api/v1/tasks", Scenario.TaskBody("City", null, slots: 10))).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    var held = new Dictionary<HttpClient, string>();
    foreach (var holder in clients.Take(10))
    {
        held[holder] = (await (await holder.PostAsJsonAsync($"/api/v1/tasks/{lined}/claims", new { })).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    var waiting = tokens.Skip(sizes.StormMembers).Take(sizes.StormMembers).Select(t => Load.Client(api.BaseUrl, t)).ToList();
    await Task.WhenAll(waiting.Select(c => c.GetAsync("/health/live")));
    var joined = await Scenario.StormAsync(waiting, c => c.PostAsJsonAsync($"/api/v1/tasks/{lined}/waitlist", new { }));
    var letGo = await Scenario.StormAsync(clients, c => held.TryGetValue(c, out var claim) ? c.DeleteAsync($"/api/v1/claims/{claim}") : c.PostAsJsonAsync($"/api/v1/tasks/{lined}/claims", new { }));
    var inLine = joined.Statuses.GetValueOrDefault(HttpStatusCode.Created);
    var passed = letGo.Statuses.GetValueOrDefault(HttpStatusCode.Created);
    var letGoErrors = letGo.Statuses.Where(s => s.Key is not (HttpStatusCode.NoContent or HttpStatusCode.Conflict)).Sum(s => s.Value) + letGo.Codes.Where(c => c.Key != "task_full").Sum(c => c.Value);
    var holding = Scenario.Scalar(api.DatabasePath, $"SELECT COUNT(*) FROM \"Claims\" WHERE \"TaskId\" = {lined} AND \"Status\" <> 'Cancelled'");
    var firstInLine = Scenario.Scalar(api.DatabasePath,
        $"SELECT COUNT(*) FROM (SELECT \"Status\" FROM \"WaitlistEntries\" WHERE \"TaskId\" = {lined} ORDER BY \"Id\" LIMIT 10) WHERE \"Status\" = 'Promoted'");
    var promotedAll = Scenario.Scalar(api.DatabasePath, $"SELECT COUNT(*) FROM \"WaitlistEntries\" WHERE \"TaskId\" = {lined} AND \"Status\" = 'Promoted'");
    rows.Add(["Waitlist storm", $"{inLine:N0} joined the line in {joined.Sample.Wall.TotalSeconds:F2} s (p99 {joined.Sample.Percentile(99):N0} ms); 10 let go while {clients.Count - 10:N0} grab at once: " +
        $"**{firstInLine} of the first 10 in line promoted** ({promotedAll} in all), **{passed} grabs passed the line**, {holding} claims for 10 places, {letGoErrors} errors; all answered in **{letGo.Sample.Wall.TotalSeconds:F2} s**, p99 **{letGo.Sample.Percentile(99):N0} ms**",
        $"grab storm (same members, same run): {storm.Sample.Wall.TotalSeconds:F2} s, p99 {storm.Sample.Percentile(99):N0} ms", $"{letGo.Sample.Wall.TotalSeconds / storm.Sample.Wall.TotalSeconds:F1}× the grab storm",
        "the first 10 in line promoted, none passed, 10 claims, 0 errors", Scenario.Met(firstInLine == 10 && promotedAll == 10 && passed == 0 && holding == 10 && letGoErrors == 0)]);
    waiting.ForEach(c => c.Dispose());

    // Redemption storm: the same members, each with points, all at once on a city-wide item with 10 in stock.
    Console.WriteLine($"Redemption storm: {sizes.StormMembers:N0} members, 10 in stock…");
    BulkLoad.PointsForEveryone(api.DatabasePath, 100);
    var merchant = (await (await admin.PostAsJsonAsync("/api/v1/merchants", new { name = "压测商家", kind = "Shop", communityIds = new[] { city.Communities[0].ToString() } }))
        .Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    var item = (await (await admin.PostAsJsonAsync("/api/v1/mall/items", new { merchantId = merchant, title = "压测商品", points = 10, stock = 10, perMemberLimit = 1, kind = "Goods" }))
        .Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    var redeem = await Scenario.StormAsync(clients, c => c.PostAsJsonAsync($"/api/v1/mall/items/{item}/redemptions", new { quantity = 1 }));
    var redeemed = redeem.Statuses.GetValueOrDefault(HttpStatusCode.Created);
    var soldOut = redeem.Codes.GetValueOrDefault("out_of_stock");
    var redeemErrors = redeem.Statuses.Where(s => s.Key is not (HttpStatusCode.Created or HttpStatusCode.Conflict)).Sum(s => s.Value) + redeem.Codes.Where(c => c.Key != "out_of_stock").Sum(c => c.Value);
    var stockLeft = Scenario.Scalar(api.DatabasePath, $"SELECT \"Stock\" - \"Redeemed\" FROM \"MallItems\" WHERE \"Id\" = {item}");
    rows.Add(["Redemption storm", $"{sizes.StormMembers:N0} at once on 10 in stock: **{redeemed} redeemed**, {soldOut} out_of_stock, {redeemErrors} errors, {stockLeft} left; all answered in **{redeem.Sample.Wall.TotalSeconds:F2} s**, p99 **{redeem.Sample.Percentile(99):N0} ms**",
        $"grab storm (same members, same run): {storm.Sample.Wall.TotalSeconds:F2} s, p99 {storm.Sample.Percentile(99):N0} ms", $"{redeem.Sample.Wall.TotalSeconds / storm.Sample.Wall.TotalSeconds:F1}× the grab storm",
        "10 redeemed, 0 errors, stock never below 0", Scenario.Met(redeemed == 10 && redeemErrors == 0 && stockLeft == 0)]);
    clients.ForEach(c => c.Dispose());

    // Claim throughput, uncontended: 64 connections; member i % M claims task i % T (M and the prime T coprime), so
    // no pair repeats, no task fills within the run, and each member claims less than once a second (under the
    // per-user limit, which stays on).
    Console.WriteLine("Claim throughput…");
    var firstTask = Scenario.MaxTaskId(api.DatabasePath) + 1;
    const int throughputTasks = 211;
    BulkLoad.Tasks(api.DatabasePath, throughputTasks, city.Communities, city.Blocks, city.AdminUserId, slots: 1000, new Random(3), tier: "City");
    var rotation = sizes.Members - sizes.StormMembers;
    var throughputTokens = tokens.Skip(sizes.StormMembers).Take(rotation % throughputTasks == 0 ? rotation - 1 : rotation).ToArray();
    var workers = Enumerable.Range(0, 64).Select(_ => Load.Client(api.BaseUrl)).ToList();
    Task<HttpResponseMessage> Claim(int i)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tasks/{firstTask + i % throughputTasks}/claims") { Content = JsonContent.Create(new { }) };
        request.Headers.Authorization = new("Bearer", throughputTokens[i % throughputTokens.Length]);
        return workers[i % workers.Count].SendAsync(request);
    }

    var offset = 0;
    await Load.ForAsync(TimeSpan.FromSeconds(2), 64, i => Claim(offset + i));
    offset = 100_000;
    var (claims, claimStatuses) = await Load.ForAsync(TimeSpan.FromSeconds(sizes.Seconds), 64, i => Claim(offset + i));
    var (trivial, _) = await Load.ForAsync(TimeSpan.FromSeconds(sizes.Seconds), 64, i => workers[i % workers.Count].GetAsync("/health/live"));
    var claimsPerSecond = claimStatuses.GetValueOrDefault(HttpStatusCode.Created) / claims.Wall.TotalSeconds;
    var claimRatio = claimsPerSecond / trivial.PerSecond;
    rows.Add(["Claim throughput (uncontended, 64 connections)",
        $"**{claimsPerSecond:N0} claims/s**, p99 **{claims.Percentile(99):F1} ms** ({string.Join(", ", claimStatuses.Select(s => $"{(int)s.Key}×{s.Value}"))})",
        $"no-op {trivial.PerSecond:N0} req/s, p99 {trivial.Percentile(99):F1} ms", $"**{claimRatio:P1}**", "≥ 10 %, p99 ≤ 25 ms",
        Scenario.Met(claimRatio >= 0.10 && claims.Percentile(99) <= 25 && claimStatuses.Keys.All(k => k == HttpStatusCode.Created))]);

    // The feed, with 100,000 tasks over the three tiers (half of them history) and every member registered.
    Console.WriteLine($"Feed: loading {sizes.FeedTasks:N0} tasks…");
    BulkLoad.Tasks(api.DatabasePath, sizes.FeedTasks, city.Communities, city.Blocks, city.AdminUserId, slots: 20, new Random(5), pastShare: 0.5);
    var random = new Random(11);
    await Load.ForAsync(TimeSpan.FromSeconds(2), 8, i => Feed("/api/v1/tasks?limit=20"));
    var (feed, _) = await Load.ForAsync(TimeSpan.FromSeconds(sizes.Seconds), 8, i => Feed("/api/v1/tasks?limit=20"));
    rows.Add(["Feed GET /tasks (first page of 20)", $"p50 {feed.Percentile(50):F1} ms, **p95 {feed.Percentile(95):F1} ms**, p99 {feed.Percentile(99):F1} ms at {feed.PerSecond:N0} req/s (8 clients)",
        $"{Scenario.TaskCount(api.DatabasePath):N0} tasks (half history), {sizes.Members:N0} members", "", "p95 ≤ 20 ms", Scenario.Met(feed.Percentile(95) <= 20)]);
    var (past, _) = await Load.ForAsync(TimeSpan.FromSeconds(sizes.Seconds), 8, i => Feed("/api/v1/tasks?when=past&limit=20"));
    rows.Add(["Feed GET /tasks?when=past (first page of 20)", $"p50 {past.Percentile(50):F1} ms, **p95 {past.Percentile(95):F1} ms**, p99 {past.Percentile(99):F1} ms at {past.PerSecond:N0} req/s (8 clients)",
        "the same tasks", $"{past.Percentile(95) / feed.Percentile(95):F2}× the default feed", "— (history tab; nine index seeks in one statement)", "—"]);
    workers.ForEach(w => w.Dispose());

    // The back office on this city: every list page of a city and a community account, first rows in a browser.
    Console.WriteLine("Back office lists…");
    if (await BackOfficeBench.RunAsync(repository, work, api.BaseUrl, admin, city.Blocks[0], pendingRegistrations: 300) is { } pages)
    {
        var smallest = pages.Where(p => p.Page == "账号与角色").Min(p => p.Ms);
        foreach (var group in pages.GroupBy(p => p.Username))
        {
            var slowest = group.MaxBy(p => p.Ms)!;
            rows.Add([$"Back office, every list page of {(group.Key == "benchcity" ? "the city" : "a community (300 waiting registrations)")} ({group.Count()} pages, first rows in chromium)",
                string.Join(", ", group.Select(p => $"{p.Page} {p.Ms} ms")), $"账号与角色 (a handful of rows): {smallest} ms",
                $"slowest **{slowest.Page} {slowest.Ms} ms = {(double)slowest.Ms / smallest:F1}×**", "every page ≤ 1 s", Scenario.Met(group.All(p => p.Ms <= 1000))]);
        }
    }

    Task<HttpResponseMessage> Feed(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new("Bearer", tokens[random.Next(tokens.Length)]);
        return members.SendAsync(request);
    }
}

await AnnualAsync();

await ReportsAsync();
Console.WriteLine("Photos and certificates…");
rows.AddRange(OnSiteBench.Run(quick ? 5 : 15));

// The same city on PostgreSQL, in the same run (skipped without its server binaries, or with --no-postgres).
if (!args.Contains("--no-postgres") && await PostgresBench.RunAsync(repository, work, sizes) is { } postgres)
{
    rows.AddRange(postgres);
}

Print();

// The annual check, on its own SQLite file, beside the raw floor on the same file.
async Task AnnualAsync()
{
    Console.WriteLine("Annual check…");
    var (job, floor, evaluated) = await ComplianceBench.RunAsync(work, sizes.ComplianceMembers, sizes.ComplianceFlags, rounds: 3);
    rows.Add(["Annual five-flag check", $"{sizes.ComplianceMembers:N0} members, {sizes.ComplianceFlags:N0} flags, {evaluated:N0} results: **{job:F2} s**",
        $"raw GROUP BY + raw write: {floor:F2} s", $"**{job / floor:F2}×** the floor", "≤ 2 s and ≤ 3× the floor", Scenario.Met(job <= 2 && job / floor <= 3)]);
}

// Every unit's quarterly report at the city's size and at four times it, beside the raw floor on the same file.
async Task ReportsAsync()
{
    Console.WriteLine("Reports…");
    var perUnit = 110;
    var small = await ReportBench.RunAsync(work, quick ? 26 : 102, perUnit);
    var large = await ReportBench.RunAsync(work, quick ? 104 : 408, perUnit);
    foreach (var r in new[] { small, large })
    {
        rows.Add([$"Quarterly reports, every unit ({r.Units:N0} units × {r.PerUnit} people)", $"{r.Made:N0} workbooks in **{r.JobSeconds:F2} s** ({1000 * r.JobSeconds / r.Units:F1} ms a unit); city workbook {r.CitySeconds:F2} s",
            $"raw reads + raw write per unit: {r.FloorSeconds:F2} s", $"**{r.JobSeconds / r.FloorSeconds:F1}×** the floor", r.Units <= 102 ? "≤ 10 s for 102 units" : "linear in units",
            r.Units <= 102 ? Scenario.Met(r.JobSeconds <= 10) : Scenario.Met(r.JobSeconds / large.Units <= 1.5 * small.JobSeconds / small.Units)]);
    }

    Console.WriteLine($"Sample workbooks: {small.SampleFile} and sample-city.xlsx beside it");
}

void Print()
{
    Console.WriteLine();
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Scenario.CpuModel()}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; {(quick ? "QUICK sizes" : "full sizes")}");
    Console.WriteLine();
    Console.WriteLine("| Measurement | Result | Baseline (same run) | Ratio | Target | Met |");
    Console.WriteLine("|---|---|---|---|---|---|");
    foreach (var row in rows)
    {
        Console.WriteLine($"| {string.Join(" | ", row)} |");
    }
}

internal sealed record Sizes(int Members, int StormMembers, int FeedTasks, int ComplianceMembers, int ComplianceFlags, int Seconds);

internal sealed record City(List<long> Communities, List<(long Id, long Community)> Blocks, List<string> Units, long AdminUserId);

internal static class Scenario
{
    public const string CityAdmin = "bench-city-admin";

    public static string Met(bool met) => met ? "yes" : "**no**";

    public static async Task<string> LoginAsync(string baseUrl, string openId)
    {
        using var client = Load.Client(baseUrl);
        var response = await client.PostAsJsonAsync("/api/v1/auth/wechat-login", new { code = $"fake:{openId}" });
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    /// <summary>
    /// <paramref name="count"/> members: WeChat logins, then registrations across the city's blocks and units, then the
    /// city's approvals, over HTTP with 64 in flight. Their tokens, and the three samples.
    /// </summary>
    public static async Task<(string[] Tokens, Sample Logins, Sample Registrations, Sample Approvals)> MembersAsync(
        string baseUrl, HttpClient admin, HttpClient members, City city, int count)
    {
        var tokens = new string[count];
        using var anonymous = Load.Client(baseUrl, connections: 64);
        var logins = await Load.ManyAsync(count, 64, async i =>
        {
            var response = await anonymous.PostAsJsonAsync("/api/v1/auth/wechat-login", new { code = $"fake:bench-m-{i}" });
            if (response.IsSuccessStatusCode)
            {
                tokens[i] = (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
            }

            return response;
        });
        var registrationIds = new string[count];
        var registrations = await Load.ManyAsync(count, 64, async i =>
        {
            var block = city.Blocks[i % city.Blocks.Count];
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/registrations")
            {
                Content = JsonContent.Create(new
                {
                    name = $"党员{i}",
                    phone = $"13{i:D9}",
                    memberType = "InService",
                    workUnitId = city.Units[i % city.Units.Count],
                    communityId = block.Community.ToString(),
                    blockId = block.Id.ToString(),
                    building = "3幢",
                    unit = "2单元",
                    room = "301",
                    skills = Array.Empty<string>(),
                }),
            };
            request.Headers.Authorization = new("Bearer", tokens[i]);
            var response = await members.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                registrationIds[i] = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            }

            return response;
        });
        var approvals = await Load.ManyAsync(count, 64, i => admin.PostAsync($"/api/v1/registrations/{registrationIds[i]}/approve", null));
        return (tokens, logins, registrations, approvals);
    }

    /// <summary>Zhuji's shape: 5 streets, 32 communities with 3 blocks each, 102 work units.</summary>
    public static async Task<City> CityAsync(HttpClient admin)
    {
        async Task<string> Create(string url, object body)
        {
            var response = await admin.PostAsJsonAsync(url, body);
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        }

        var streets = new List<string>();
        foreach (var name in new[] { "暨阳街道", "浣东街道", "陶朱街道", "暨南街道", "大唐街道" })
        {
            streets.Add(await Create("/api/v1/streets", new { name }));
        }

        var communities = new List<long>();
        var blocks = new List<(long, long)>();
        for (var c = 0; c < 32; c++)
        {
            var community = await Create("/api/v1/communities", new { name = $"社区{c + 1}", streetId = streets[c % streets.Count] });
            communities.Add(long.Parse(community));
            for (var b = 0; b < 3; b++)
            {
                blocks.Add((long.Parse(await Create($"/api/v1/communities/{community}/blocks", new { name = $"小区{b + 1}" })), long.Parse(community)));
            }
        }

        var units = new List<string>();
        for (var u = 0; u < 102; u++)
        {
            units.Add(await Create("/api/v1/work-units", new { name = $"单位{u + 1}", kind = u < 73 ? "CityOrgan" : u < 96 ? "TownshipOrgan" : "StateOwnedEnterprise" }));
        }

        var me = await admin.GetFromJsonAsync<JsonObject>("/api/v1/me");
        return new City(communities, blocks, units, long.Parse(me!["id"]!.GetValue<string>()));
    }

    public static object TaskBody(string tier, string? scopeId, int slots) => new
    {
        tier,
        scopeId,
        category = "CommunityActivity",
        title = "反诈宣传",
        description = "",
        location = "小区南门",
        startsAt = DateTimeOffset.UtcNow.AddDays(1),
        endsAt = DateTimeOffset.UtcNow.AddDays(1).AddHours(3),
        slots,
        flags = 1,
        knowledgeType = "Basic",
        skills = Array.Empty<string>(),
        allowGroupClaims = false,
    };

    /// <summary>Everyone released at once; wall time from the release to the last answer.</summary>
    public static async Task<(Sample Sample, Dictionary<HttpStatusCode, int> Statuses, Dictionary<string, int> Codes)> StormAsync(
        List<HttpClient> clients, Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        var sample = new Sample();
        var statuses = new Dictionary<HttpStatusCode, int>();
        var codes = new Dictionary<string, int>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var wall = new Stopwatch();
        var calls = clients.Select(async client =>
        {
            await gate.Task;
            var started = Stopwatch.GetTimestamp();
            using var response = await send(client);
            sample.Add(Stopwatch.GetElapsedTime(started));
            var body = await response.Content.ReadAsStringAsync();
            lock (statuses)
            {
                statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
                if (response.StatusCode == HttpStatusCode.Conflict && JsonNode.Parse(body)?["code"]?.GetValue<string>() is { } code)
                {
                    codes[code] = codes.GetValueOrDefault(code) + 1;
                }
            }
        }).ToList();
        wall.Start();
        gate.SetResult();
        await Task.WhenAll(calls);
        sample.Wall = wall.Elapsed;
        return (sample, statuses, codes);
    }

    public static long MaxTaskId(string database) => Scalar(database, "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Tasks\"");

    public static long TaskCount(string database) => Scalar(database, "SELECT COUNT(*) FROM \"Tasks\"");

    public static long Scalar(string database, string sql)
    {
        using var connection = BulkLoad.Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Zhuji.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Zhuji.sln not found above the bench.");
    }
}
