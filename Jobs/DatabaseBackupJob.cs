using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zhuji.Infrastructure;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Jobs;

/// <summary>
/// Every night 02:30 (Shanghai): an online backup of the embedded SQLite database into <c>Zhuji:Backup:Folder</c>,
/// keeping the last <c>Zhuji:Backup:Keep</c>. A server database (PostgreSQL, SQL Server) is backed up with its own
/// tools; the job then only says so.
/// </summary>
[AutomaticRetry(Attempts = 2)]
[DisableConcurrentExecution(timeoutInSeconds: 3600)]
public sealed class DatabaseBackupJob(
    ZhujiDbContext db, IOptions<BackupOptions> options, IConfiguration configuration, IHostEnvironment environment, TimeProvider clock, ILogger<DatabaseBackupJob> logger)
{
    public async Task<string?> RunAsync(CancellationToken cancellationToken)
    {
        if (db.Provider != DatabaseProvider.Sqlite)
        {
            logger.LogInformation("Backups of {Provider} are taken with its own tools (pg_dump / point-in-time recovery, SQL Server backups): see the README", db.Provider);
            return null;
        }

        var folder = options.Value.Folder ?? Path.Combine(InfrastructureServiceCollectionExtensions.DataFolder(configuration, environment), "backups");
        var file = await SqliteBackup.TakeAsync(db, folder, options.Value.Keep, clock.GetUtcNow().UtcDateTime, cancellationToken);
        logger.LogInformation("Backup taken: {File} ({Bytes:N0} bytes)", file, new FileInfo(file).Length);
        return file;
    }
}
