using System.Data.Common;
using Microsoft.Extensions.Options;
using Zhuji.Infrastructure;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Uploads;
using Zhuji.Infrastructure.WeChat;

namespace Zhuji.Api.Hosting;

/// <summary>
/// The first lines of the log say where this instance keeps its things and how it talks to WeChat: the database (never
/// its password), the data and uploads folders, whether the back office is built, WeChat's mode. An operator reading
/// <c>journalctl</c> after a start knows at once whether it is the instance he meant.
/// </summary>
internal sealed class StartupSummary(
    IConfiguration configuration,
    IWebHostEnvironment environment,
    IOptions<DatabaseOptions> database,
    IOptions<WeChatOptions> weChat,
    ILogger<StartupSummary> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var provider = database.Value.Provider;
        var connection = InfrastructureServiceCollectionExtensions.ConnectionStringFor(provider, configuration, environment);
        logger.LogInformation("先锋微家 starting ({Environment}): database {Provider} at {Where}", environment.EnvironmentName, provider, Where(provider, connection));
        logger.LogInformation("Data folder {Data}; uploads in {Uploads}", InfrastructureServiceCollectionExtensions.DataFolder(configuration, environment),
            FolderUploadStore.FolderOf(configuration, environment));
        logger.LogInformation(BackOffice.IsBuilt(environment) ? "Back office at {Path}" : "Back office not built ({Path} says so): install Node.js 20.19+ and build again",
            BackOffice.Path);
        logger.LogInformation("WeChat in {Mode} mode{Detail}", weChat.Value.Mode,
            weChat.Value.Mode == WeChatMode.Fake ? " (no network: a code fake:<openid> logs in as that openid)" : $" at {weChat.Value.BaseUrl}");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A SQLite file's path, or a server's host and database; never a password.</summary>
    private static string Where(DatabaseProvider provider, string connection)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connection };
        string Part(params string[] names) => names.Select(n => parts.TryGetValue(n, out var v) ? v?.ToString() : null).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? "?";
        return provider == DatabaseProvider.Sqlite
            ? Path.GetFullPath(Part("Data Source", "DataSource", "Filename"))
            : $"{Part("Host", "Server", "Data Source")}/{Part("Database", "Initial Catalog")}";
    }
}

internal static class StartupSummaryExtensions
{
    /// <summary>Registered first, so its lines come before the migrations' and the seeding's.</summary>
    public static IServiceCollection AddStartupSummary(this IServiceCollection services) => services.AddHostedService<StartupSummary>();
}
