using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Zhuji.Bench;

/// <summary>
/// The API as it runs on the embedded default (SQLite file, in-memory Hangfire, Fake WeChat), built in
/// Release and started as its own process on a loopback port; the bench drives it over real HTTP.
/// </summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process process;

    private ApiProcess(Process process, string baseUrl, string dataFolder)
    {
        this.process = process;
        BaseUrl = baseUrl;
        DataFolder = dataFolder;
    }

    public string BaseUrl { get; }

    /// <summary>The API's process id (for its memory, read from /proc).</summary>
    public int Pid => process.Id;

    public string DataFolder { get; }

    public string DatabasePath => Path.Combine(DataFolder, "zhuji.db");

    /// <param name="settings">more environment (another database); <paramref name="built"/>: the output of an earlier build to run again.</param>
    /// <summary>How long the process took from its start to its first healthy answer (its start-up work included).</summary>
    public TimeSpan StartedIn { get; private set; }

    public static async Task<ApiProcess> StartAsync(
        string repository, string work, int claimBurstPerUser, IReadOnlyDictionary<string, string>? settings = null, string? built = null, TimeSpan? startup = null)
    {
        var output = built ?? Path.Combine(work, "api");
        if (built is null)
        {
            Console.WriteLine("Building the API (Release)…");
            Run("dotnet", $"build \"{Path.Combine(repository, "Api", "Zhuji.Api.csproj")}\" -c Release -o \"{output}\" --nologo -v q", repository);
        }

        // The back office the build made beside the project (Release output does not carry it; publish would).
        var backOffice = Path.Combine(repository, "Api", "backoffice-dist");
        if (built is null && Directory.Exists(backOffice))
        {
            foreach (var file in Directory.EnumerateFiles(backOffice, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(output, "backoffice-dist", Path.GetRelativePath(backOffice, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target, overwrite: true);
            }
        }

        var port = FreePort();
        var data = Path.Combine(work, "data");
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(output, "Zhuji.Api.dll")}\" --urls http://127.0.0.1:{port}")
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Zhuji__DataFolder"] = data,
                ["Zhuji__SeedDemoData"] = "false",
                ["Zhuji__Bootstrap__CityAdminOpenIds__0"] = Scenario.CityAdmin,
                // All bench traffic comes from 127.0.0.1: the per-IP limits (sized for a carrier's NAT) are
                // raised so they do not cap the measurement; the per-user limits stay on (the quick run, with
                // fewer members each claiming more often, gets a bigger burst).
                ["Zhuji__RateLimits__LoginPerIpPerMinute"] = "100000000",
                ["Zhuji__RateLimits__ClaimsPerIpPerMinute"] = "100000000",
                ["Zhuji__RateLimits__ClaimBurstPerUser"] = claimBurstPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            },
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The API did not start.");
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"[api] {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var api = new ApiProcess(process, $"http://127.0.0.1:{port}", data);
        using var probe = new HttpClient();
        var limit = startup ?? TimeSpan.FromSeconds(60);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit && !process.HasExited)
        {
            try
            {
                if ((await probe.GetAsync($"{api.BaseUrl}/health")).StatusCode == HttpStatusCode.OK)
                {
                    api.StartedIn = watch.Elapsed;
                    return api;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"The API did not become healthy in {limit.TotalSeconds:F0} s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a tool to its end; throws when it fails.</summary>
    internal static void Run(string file, string arguments, string directory)
    {
        using var build = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = directory }) ?? throw new InvalidOperationException(file);
        build.WaitForExit();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({build.ExitCode}).");
        }
    }
}
