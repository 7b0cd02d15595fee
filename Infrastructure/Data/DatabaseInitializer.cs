using System.ComponentModel;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Points;
using Zhuji.Infrastructure.Data.Tallies;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// Runs once at start-up: applies migrations, makes the bootstrap city admins, and seeds the demo city
/// into an empty database when <c>Zhuji:SeedDemoData</c> is on, and builds the summary tables (tallies) when they are missing.
/// </summary>
public sealed class DatabaseInitializer(
    ZhujiDbContext db,
    IOptions<DatabaseOptions> databaseOptions,
    IOptions<BootstrapOptions> bootstrapOptions,
    IConfiguration configuration,
    DemoCitySeeder demoCity,
    PointsPolicy pointsPolicy,
    TallyCatalog tallies,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger)
{
    /// <summary>Seed a demo city (streets, communities, units, members, tasks, a mall, one back-office account per role) into an empty database.</summary>
    [DefaultValue("(true in Development)")]
    public const string SeedDemoDataKey = "Zhuji:SeedDemoData";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (databaseOptions.Value.MigrateOnStartup)
        {
            await MigrateAsync(cancellationToken);
        }

        // Phones and addresses written before encryption (or by a bulk load) sealed in place; another key refused.
        await OnceAcrossInstancesAsync(async () =>
        {
            var sealing = System.Diagnostics.Stopwatch.StartNew();
            if (await Protection.PersonalDataMigration.RunAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken) is > 0 and var sealedValues)
            {
                logger.LogInformation("Personal data: {Values} phones and addresses encrypted in place in {Seconds:F1} s", sealedValues, sealing.Elapsed.TotalSeconds);
            }
        });

        await OnceAcrossInstancesAsync(() => EnsureCityAdminsAsync(bootstrapOptions.Value.CityAdminOpenIds, cancellationToken));

        if (configuration.GetValue<bool>(SeedDemoDataKey) && !await db.Streets.AnyAsync(cancellationToken))
        {
            await demoCity.SeedAsync(cancellationToken);
        }

        // Points for the flags awarded before points existed: once (nothing to do when the newest flag has its points).
        await OnceAcrossInstancesAsync(async () =>
        {
            if (await PointsLedger.BackfillAsync(db, pointsPolicy, cancellationToken) is > 0 and var backfilled)
            {
                logger.LogInformation("Points: {Lines} lines written for the flags awarded before points existed", backfilled);
            }
        });

        // The summary tables (ADR 0016): built when missing, or built by other definitions or under another threshold or cutoff; then kept by every save.
        await OnceAcrossInstancesAsync(async () =>
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            if (await TallyMaintenance.EnsureBuiltAsync(db, tallies, clock, cancellationToken))
            {
                logger.LogInformation("Tallies built from the tables in {Seconds:F1} s", watch.Elapsed.TotalSeconds);
            }
        });
    }

    /// <summary>
    /// Several instances started together (a rolling deploy, three processes behind a load balancer) run the same
    /// start-up writes at the same moment: the one that loses a unique index to another has nothing left to do, so
    /// it looks again instead of failing to start.
    /// </summary>
    /// <remarks>
    /// A step may lose more than once (the city admin's user to one instance, then his role to another): it looks again
    /// up to <see cref="StartUpAttempts"/> times.
    /// </remarks>
    private async Task OnceAcrossInstancesAsync(Func<Task> step)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await step();
                return;
            }
            catch (Exception e) when (attempt < StartUpAttempts && (UniqueViolation.Is(e) || TransientFault.Is(e)))
            {
                logger.LogInformation("Start-up: another instance wrote the same rows at the same moment; looking again");
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt));
            }
        }
    }

    private const int StartUpAttempts = 5;

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            var folder = Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(connection.ConnectionString).DataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        await db.Database.MigrateAsync(cancellationToken);

        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // Write-ahead logging: readers never wait for the writer. Kept in the file once set.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    private async Task EnsureCityAdminsAsync(IEnumerable<string> openIds, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var openId in openIds.Where(o => !string.IsNullOrWhiteSpace(o)).Distinct())
        {
            var user = await db.Users.SingleOrDefaultAsync(u => u.OpenId == openId, cancellationToken);
            if (user is null)
            {
                user = User.FromWeChat(openId, null, now);
                user.Rename("市委组织部管理员");
                db.Users.Add(user);
                await db.SaveChangesAsync(cancellationToken);
            }

            var isCityAdmin = await db.RoleAssignments.AnyAsync(r => r.UserId == user.Id && r.Role == Role.CityAdmin, cancellationToken);
            if (!isCityAdmin)
            {
                db.RoleAssignments.Add(new RoleAssignment(user.Id, Grant.City, grantedByUserId: null, now));
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Bootstrap: user {UserId} is CityAdmin", user.Id);
            }
        }
    }
}

/// <summary>
/// Runs <see cref="DatabaseInitializer"/> when the host starts: after options are validated (so a refused
/// configuration never touches the database) and before the server takes requests.
/// </summary>
internal sealed class DatabaseInitializerHostedService(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
