using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// Copies the SQLite write-ahead log into the database file in the background (a PASSIVE checkpoint, which
/// waits for no writer), so that no request's commit pays for a checkpoint and its fsync. Connections run
/// with <c>wal_autocheckpoint=0</c> (see <see cref="SqlitePragmas"/>); this is the only checkpointer.
/// </summary>
internal sealed class SqliteCheckpointer(IServiceScopeFactory scopes, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? connectionString;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
            connectionString = db.Provider == DatabaseProvider.Sqlite ? db.Database.GetConnectionString() : null;
        }

        if (connectionString is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (SqliteException e)
            {
                logger.LogWarning(e, "SQLite checkpoint failed; retrying in {Interval}", Interval);
            }
        }
    }
}
