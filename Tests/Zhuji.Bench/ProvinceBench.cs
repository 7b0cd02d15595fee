using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
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
/// The province extrapolation: 1,000,000 members (with their registrations and their units' rosters) and
/// 10,000,000 flag lines loaded straight into the database, the ledger's tallies rebuilt from them as a start-up
/// would, then over HTTP, one request at a time (latency, not throughput): a unit's summary and member view and the city's statistics, each beside
/// <c>GET /me</c> (a trivial authenticated GET) measured in the same run; and the annual check over all of it.
/// The same on SQLite and on PostgreSQL.
/// </summary>
internal static class ProvinceBench
{
    public const int Year = ProvinceLoad.Year;

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
}
