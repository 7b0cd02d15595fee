using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Zhuji.Api.Features.Tasks;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Trust;

/// <summary>
/// Three API processes — separate operating-system processes, as behind a load balancer — on one PostgreSQL database,
/// two of them running Hangfire servers: a storm spread across the three takes exactly the slots, and a recurring job
/// both servers know (the monthly provisional check, made to fire every minute here) is enqueued and run once per
/// occurrence. PostgreSQL pass only.
/// </summary>
public class MultiProcessTests : ApiTest
{
    private readonly List<Process> processes = [];
    private readonly List<string> urls = [];
    private TestCity city = null!;

    protected override Task<ZhujiApiFactory> CreateFactoryAsync() => Task.FromResult(new ZhujiApiFactory(new Dictionary<string, string?>
    {
        ["Zhuji:Jobs:Schedule:compliance-provisional"] = "* * * * *",
    }));

    [OneTimeSetUp]
    public async Task ThreeProcessesOnTheSameDatabaseAsync()
    {
        if (ZhujiApiFactory.Postgres is null)
        {
            Assert.Ignore("Several processes share a server database: this runs in the PostgreSQL pass (scripts/test-postgres.sh).");
        }

        city = await TestCity.CreateAsync(Factory);
        var api = ApiAssembly();
        for (var i = 0; i < 3; i++)
        {
            var port = FreePort();
            var data = Path.Combine(Factory.Folder, $"process-{i}");
            Directory.CreateDirectory(data);
            var start = new ProcessStartInfo("dotnet", $"\"{api}\" --urls http://127.0.0.1:{port}")
            {
                WorkingDirectory = Path.GetDirectoryName(api)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment =
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Development",
                    ["ConnectionStrings__Zhuji"] = Factory.PostgresConnection,
                    ["Zhuji__Database__Provider"] = "PostgreSql",
                    ["Zhuji__Jobs__Storage"] = "PostgreSql",
                    ["Zhuji__Jobs__RunServer"] = i < 2 ? "true" : "false",
                    ["Zhuji__Jobs__Schedule__compliance-provisional"] = "* * * * *",
                    ["Zhuji__Auth__SigningKey"] = ZhujiApiFactory.SigningKey,
                    ["Zhuji__DataProtection__Key"] = ZhujiApiFactory.DataProtectionKey,
                    ["Zhuji__DataFolder"] = data,
                    ["Zhuji__SeedDemoData"] = "false",
                    ["Zhuji__RateLimits__Enabled"] = "false",
                    ["Logging__LogLevel__Default"] = "Warning",
                },
            };
            var process = Process.Start(start)!;
            var log = new StreamWriter(Path.Combine(data, "api.log")) { AutoFlush = true };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            processes.Add(process);
            urls.Add($"http://127.0.0.1:{port}");
        }

        using var probe = new HttpClient();
        foreach (var url in urls)
        {
            var healthy = false;
            for (var i = 0; i < 120 && !healthy; i++)
            {
                try
                {
                    healthy = (await probe.GetAsync($"{url}/health")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                }

                if (!healthy)
                {
                    await Task.Delay(500);
                }
            }

            Assert.That(healthy, Is.True, $"{url} did not become healthy in 60 s: {Tail(urls.IndexOf(url))}");
        }
    }

    [OneTimeTearDown]
    public async Task StopThemAsync()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    [Test]
    public async Task AStormOf400OverThreeProcessesTakesExactlyTheTwentySlots()
    {
        var admin = await TestCity.AdminAsync(Factory, Unique("mp-admin-"), "CommunityAdmin", city.CommunityA);
        var task = (await admin.PublishAsync(TaskHelpers.Body("Community", city.CommunityA, DateTimeOffset.UtcNow.AddDays(2), slots: 20))).Id;
        var members = await Factory.ApprovedMembersAsync(400, Unique("mp-storm-"), city.CommunityA, city.BlockA1, city.WorkUnit);
        var clients = members.Select((m, i) =>
        {
            var client = new HttpClient { BaseAddress = new Uri(urls[i % 3]) };
            client.DefaultRequestHeaders.Authorization = m.Client.DefaultRequestHeaders.Authorization;
            return client;
        }).ToList();

        var answers = await TaskHelpers.GrabAtOnceAsync(clients, task);

        Assert.That(answers.Count(a => a.StatusCode == HttpStatusCode.Created), Is.EqualTo(20));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await refused.ReadProblemAsync(HttpStatusCode.Conflict, "task_full");
        }

        using var third = new HttpClient { BaseAddress = new Uri(urls[2]) };
        third.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
        var shown = await third.GetAsync($"/api/v1/tasks/{task}").ReadAsync<TaskDto>(HttpStatusCode.OK);
        Assert.That(shown.ClaimedCount, Is.EqualTo(20), "the count every process reads");
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Test]
    public async Task TwoJobServersRunEachOccurrenceOfASharedRecurringJobOnce()
    {
        // Every minute both servers' schedulers look at the same recurring job; Hangfire's distributed lock must let
        // exactly one of them enqueue each occurrence, and one worker run it.
        await using var connection = new NpgsqlConnection(Factory.PostgresConnection);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(80);
        List<(DateTime Minute, long Jobs, long Succeeded)> occurrences = [];
        while (DateTime.UtcNow < deadline)
        {
            await using var query = new NpgsqlCommand("""
                SELECT date_trunc('minute', createdat) AS minute, count(*), count(*) FILTER (WHERE statename = 'Succeeded')
                FROM hangfire.job WHERE invocationdata::text LIKE '%RunCurrentYearAsync%' GROUP BY 1 ORDER BY 1
                """, connection);
            occurrences = [];
            await using (var reader = await query.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    occurrences.Add((reader.GetDateTime(0), reader.GetInt64(1), reader.GetInt64(2)));
                }
            }

            if (occurrences.Count > 0 && occurrences[0].Succeeded == 1 && DateTime.UtcNow > occurrences[0].Minute.AddSeconds(75))
            {
                break;
            }

            await Task.Delay(2000);
        }

        Assert.That(occurrences, Is.Not.Empty, "the every-minute schedule fired within 80 s");
        Assert.Multiple(() =>
        {
            foreach (var (minute, jobs, succeeded) in occurrences)
            {
                Assert.That(jobs, Is.EqualTo(1), $"the occurrence of {minute:HH:mm} was enqueued once");
                Assert.That(succeeded, Is.LessThanOrEqualTo(1), $"the occurrence of {minute:HH:mm} ran once");
            }
        });
        Assert.That(occurrences[0].Succeeded, Is.EqualTo(1), "the first occurrence ran to its end");
    }

    /// <summary>The API's own build beside this test's (same configuration): <c>Api/bin/{Debug|Release}/net10.0/Zhuji.Api.dll</c>.</summary>
    private static string ApiAssembly()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration, root) = (here.Name, here.Parent!.Name, here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName);
        var api = Path.Combine(root, "Api", "bin", configuration, framework, "Zhuji.Api.dll");
        Assert.That(File.Exists(api), Is.True, $"{api} is built with the solution");
        return api;
    }

    /// <summary>The end of a process's log, for a failure's message.</summary>
    private string Tail(int process)
    {
        var file = Path.Combine(Factory.Folder, $"process-{process}", "api.log");
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n');
            return string.Join('\n', lines.TakeLast(15));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
