using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.BackOffice;

/// <summary>
/// The back office as its users drive it: the real API on Kestrel with the demo city (jobs running, so reports get
/// made), and the Playwright suite in <c>backoffice/e2e</c> walking each role's day in Debian's chromium. Also the
/// back office's unit tests (Vitest). Needs Node.js (the API build installs the back office's packages) and
/// chromium: without it the browser test is skipped locally and fails in CI (<c>ZHUJI_REQUIRE_BROWSER=1</c>).
/// Screenshots go to a temporary folder, or to <c>docs/screenshots</c> with <c>ZHUJI_E2E_UPDATE_SHOTS=1</c>.
/// </summary>
[NonParallelizable]
[SqliteOnly]
public class BrowserTests
{
    private static readonly string Repository = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../.."));
    private static readonly string BackOffice = Path.Combine(Repository, "backoffice");

    [Test]
    public async Task TheBackOfficesUnitTestsPass()
    {
        var (exit, output) = await RunAsync("npm", "test", new Dictionary<string, string>(), TimeSpan.FromMinutes(3));
        TestContext.Out.WriteLine(output);
        Assert.That(exit, Is.Zero, output);
    }

    [Test]
    public async Task EveryRolesDayWalksThroughInABrowser()
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            if (Environment.GetEnvironmentVariable("ZHUJI_REQUIRE_BROWSER") == "1")
            {
                Assert.Fail($"chromium not found at {chromium}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH");
            }

            Assert.Ignore($"chromium not found at {chromium}: the browser walk-through needs Debian's chromium (apt-get install chromium)");
        }

        await using var factory = new ZhujiApiFactory(new Dictionary<string, string?>
        {
            ["Zhuji:SeedDemoData"] = "true",
            ["Zhuji:Jobs:RunServer"] = "true",
            // The walk checks out right after checking in (a real clock); the ten minutes are tested over HTTP.
            ["Zhuji:CheckIn:MinimumMinutes"] = "0",
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var work = Path.Combine(factory.Folder, "e2e");
        Directory.CreateDirectory(work);
        var shots = Environment.GetEnvironmentVariable("ZHUJI_E2E_UPDATE_SHOTS") == "1" ? Path.Combine(Repository, "docs", "screenshots") : Path.Combine(work, "shots");
        Directory.CreateDirectory(shots);

        var (exit, output) = await RunAsync("npx", "playwright test", new Dictionary<string, string>
        {
            ["ZHUJI_E2E_URL"] = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal),
            ["ZHUJI_E2E_ACCOUNTS"] = Path.Combine(factory.Folder, DemoCitySeeder.AccountsFile),
            ["ZHUJI_E2E_SHOTS"] = shots,
            ["ZHUJI_E2E_REPORT"] = Path.Combine(work, "report.json"),
            ["CHROMIUM_PATH"] = chromium,
        }, TimeSpan.FromMinutes(10));
        TestContext.Out.WriteLine(output);
        Assert.That(exit, Is.Zero, "the Playwright suite failed:\n" + output);
        Assert.That(output, Does.Contain("passed").And.Not.Contain(" failed"));
    }

    private static async Task<(int Exit, string Output)> RunAsync(string command, string arguments, Dictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = BackOffice,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var reading = Task.WhenAll(
            Task.Run(async () => output.Append(await process.StandardOutput.ReadToEndAsync())),
            Task.Run(async () => output.Append(await process.StandardError.ReadToEndAsync())));
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}\n{output}");
        }

        await reading;
        return (process.ExitCode, output.ToString());
    }
}
