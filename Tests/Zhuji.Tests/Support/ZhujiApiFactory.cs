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
/// With <c>ZHUJI_TEST_POSTGRES</c> set (a connection string to a PostgreSQL server, without a database), each
/// factory gets a new PostgreSQL database of its own instead, migrated by the PostgreSQL migrations and dropped
/// at the end; tests that are about SQLite itself are in the <see cref="SqliteOnlyAttribute"/> category.
/// </summary>
public sealed class ZhujiApiFactory : WebApplicationFactory<Program>
{
    public const string CityAdminOpenId = "test-city-admin";
    public const string SigningKey = "test-signing-key-0123456789-abcdefghijklmnopqrstuvwxyz";
    public const string DataProtectionKey = "dGVzdC1kYXRhLXByb3RlY3Rpb24ta2V5LTAxMjM0NTY3ODk=";

    private readonly Dictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? configureServices;
    private readonly string environment;
    private readonly bool ownsFolder;
    private readonly bool ownsDatabase;

    /// <summary>Folder → its PostgreSQL database, so that a second factory on the same folder is a second instance on the same database.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Shared = new();

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
        if (Postgres is not null && !ownsFolder && Shared.TryGetValue(Folder, out var shared))
        {
            // A second instance on the same database (as it would share the SQLite file in the same folder).
            PostgresDatabase = shared;
        }
        else if (Postgres is { } server)
        {
            PostgresDatabase = $"zhuji_test_{Guid.NewGuid():N}";
            ownsDatabase = true;
            Shared[Folder] = PostgresDatabase;
            using var admin = new Npgsql.NpgsqlConnection(server);
            admin.Open();
            using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{PostgresDatabase}\"";
            create.ExecuteNonQuery();
        }

        this.settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Zhuji"] = PostgresConnection ?? $"Data Source={DatabasePath}",
            ["Zhuji:Database:Provider"] = PostgresDatabase is null ? "Sqlite" : "PostgreSql",
            ["Zhuji:DataFolder"] = Folder,
            ["Zhuji:Auth:SigningKey"] = SigningKey,
            ["Zhuji:DataProtection:Key"] = DataProtectionKey,
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

    /// <summary>The PostgreSQL server the suite runs on (<c>ZHUJI_TEST_POSTGRES</c>), or null for SQLite.</summary>
    public static string? Postgres { get; } = Environment.GetEnvironmentVariable("ZHUJI_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    /// <summary>This factory's own database on <see cref="Postgres"/>.</summary>
    public string? PostgresDatabase { get; }

    /// <summary>The connection string to <see cref="PostgresDatabase"/>, or null for SQLite.</summary>
    public string? PostgresConnection => PostgresDatabase is { } database ? new Npgsql.NpgsqlConnectionStringBuilder(Postgres) { Database = database }.ToString() : null;

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
        if (disposing && ownsDatabase && PostgresDatabase is { } database)
        {
            Shared.TryRemove(Folder, out _);
            Npgsql.NpgsqlConnection.ClearAllPools();
            using var admin = new Npgsql.NpgsqlConnection(Postgres);
            admin.Open();
            using var drop = admin.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)";
            drop.ExecuteNonQuery();
        }

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
