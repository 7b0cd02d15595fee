using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Zhuji.Tests.Support;

/// <summary>
/// The real API over real HTTP (in-process test server) on a real SQLite file of its own, migrated by the
/// real migrations at start-up, with WeChat in Fake mode unless a test points it at <see cref="FakeWeChatServer"/>.
/// </summary>
public sealed class ZhujiApiFactory : WebApplicationFactory<Program>
{
    public const string CityAdminOpenId = "test-city-admin";
    public const string SigningKey = "test-signing-key-0123456789-abcdefghijklmnopqrstuvwxyz";

    private readonly Dictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? configureServices;
    private readonly string environment;
    private readonly bool ownsFolder;

    public ZhujiApiFactory(
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        string environment = "Testing",
        string? folder = null,
        TimeProvider? clock = null)
    {
        Clock = clock;
        ownsFolder = folder is null;
        Folder = folder ?? Path.Combine(Path.GetTempPath(), "zhuji-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        this.environment = environment;
        configureServices = services;
        this.settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Zhuji"] = $"Data Source={DatabasePath}",
            ["Zhuji:DataFolder"] = Folder,
            ["Zhuji:Auth:SigningKey"] = SigningKey,
            ["Zhuji:Bootstrap:CityAdminOpenIds:0"] = CityAdminOpenId,
            ["Zhuji:SeedDemoData"] = "false",
            ["Zhuji:Jobs:RunServer"] = "false",
            ["Zhuji:WeChat:Mode"] = "Fake",
            ["Zhuji:RateLimits:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }
    }

    public string Folder { get; }

    /// <summary>The business clock, when the test moves time; otherwise the system clock.</summary>
    public TimeProvider? Clock { get; }

    public string DatabasePath => Path.Combine(Folder, "zhuji.db");

    public CapturedLogs Logs { get; } = new();

    /// <summary>A fresh login code for the openid: <c>fake:</c> in Fake mode, a single-use fake-server code in Live mode.</summary>
    public string LoginCode(string openId) =>
        settings.GetValueOrDefault("Zhuji:WeChat:Mode") == "Live" ? $"ok:{openId}#{Guid.NewGuid():N}" : $"fake:{openId}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureServices(services =>
        {
            if (Clock is not null)
            {
                services.AddSingleton(Clock);
            }

            services.AddTransient<IStartupFilter, TestClientAddress>();
            configureServices?.Invoke(services);
        });
    }

    /// <summary>
    /// The in-process server has no client address; a test names one with <c>X-Test-Client</c> (an office NAT, an
    /// attacker's machine), as Kestrel would see it.
    /// </summary>
    public const string ClientHeader = "X-Test-Client";

    private sealed class TestClientAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(ClientHeader, out var address) && System.Net.IPAddress.TryParse(address, out var ip))
                {
                    context.Connection.RemoteIpAddress = ip;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsFolder)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a closing connection; the temp folder is cleaned by the OS.
            }
        }
    }
}
