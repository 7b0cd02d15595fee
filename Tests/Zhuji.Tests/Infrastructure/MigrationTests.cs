using AutoMapper;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Infrastructure;

/// <summary>
/// SQL Server cannot run here: its model must build, its migrations must be current, and its idempotent
/// script must generate and create every table. SQLite's migrations are applied for real by every API test.
/// </summary>
public class MigrationTests
{
    private static SqlServerZhujiDbContext SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerZhujiDbContext>()
            .UseSqlServer("Server=127.0.0.1;Database=Zhuji;User Id=sa;Password=not-used;TrustServerCertificate=True")
            .Options);

    private static SqliteZhujiDbContext Sqlite(string path = ":memory:") =>
        new(new DbContextOptionsBuilder<SqliteZhujiDbContext>().UseSqlite($"Data Source={path}").Options);

    [Test]
    public void TheGrabStatementsSendTimesToSqlServerAsDatetime2()
    {
        // A bare DateTime parameter goes to SQL Server as datetime (1/300 s): "StartsAt > @now" would compare wrongly.
        using var command = new Microsoft.Data.SqlClient.SqlCommand(GrabStatements.WriteSql(DatabaseProvider.SqlServer, shift: false));
        GrabStatements.Bind(command, 1, null, 2, new DateTime(2026, 5, 10, 1, 2, 3, 456, DateTimeKind.Utc).AddTicks(7), "k");
        var now = command.Parameters["@now"];
        Assert.Multiple(() =>
        {
            Assert.That(now.SqlDbType, Is.EqualTo(System.Data.SqlDbType.DateTime2));
            Assert.That(((DateTime)now.Value).Ticks % TimeSpan.TicksPerMillisecond, Is.EqualTo(7), "no rounding on the way");
            Assert.That(command.CommandText, Does.Contain("@@ROWCOUNT").And.Contain("OUTPUT INSERTED"));
        });
    }

    [Test]
    public void TheSqlServerScriptGeneratesAndCreatesEveryTableOfTheModel()
    {
        using var db = SqlServer();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().ToList();

        Assert.That(tables, Has.Count.GreaterThanOrEqualTo(10));
        Assert.Multiple(() =>
        {
            foreach (var table in tables)
            {
                Assert.That(script, Does.Contain($"CREATE TABLE [{table}]"), table);
            }

            foreach (var migration in db.Database.GetMigrations())
            {
                Assert.That(script, Does.Contain($"WHERE [MigrationId] = N'{migration}'"), "each migration is guarded: the script is idempotent");
            }
        });
    }

    [Test]
    public void TheSqlServerScriptCarriesTheExactlyOnceGuarantees()
    {
        using var db = SqlServer();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        Assert.Multiple(() =>
        {
            Assert.That(script, Does.Contain("CREATE UNIQUE INDEX [UX_Claims_ActivePerMember] ON [Claims] ([TaskId], [ShiftKey], [MemberId]) WHERE [Status] <> ''Cancelled''"));
            Assert.That(script, Does.Contain("CREATE UNIQUE INDEX [IX_FlagEntries_ClaimId] ON [FlagEntries] ([ClaimId]) WHERE [ClaimId] IS NOT NULL"));
            Assert.That(script, Does.Contain("CREATE UNIQUE INDEX [IX_FlagEntries_RevokesEntryId] ON [FlagEntries] ([RevokesEntryId]) WHERE [RevokesEntryId] IS NOT NULL"));
        });
    }

    [Test]
    public void NoProviderHasModelChangesWithoutAMigration()
    {
        using var sqlServer = SqlServer();
        using var sqlite = Sqlite();
        using var postgres = new PostgreSqlZhujiDbContext(new DbContextOptionsBuilder<PostgreSqlZhujiDbContext>().UseNpgsql("Host=127.0.0.1;Database=zhuji").Options);
        Assert.Multiple(() =>
        {
            Assert.That(sqlServer.Database.HasPendingModelChanges(), Is.False, "run scripts/add-migration.sh");
            Assert.That(sqlite.Database.HasPendingModelChanges(), Is.False, "run scripts/add-migration.sh");
            Assert.That(postgres.Database.HasPendingModelChanges(), Is.False, "run scripts/add-migration.sh");
        });
    }

    [Test]
    public void ThePostgreSqlGrabIsOneStatementThatInsertsOnlyWhenItTookTheSlot()
    {
        using var command = new Npgsql.NpgsqlCommand(GrabStatements.WriteSql(DatabaseProvider.PostgreSql, shift: false));
        GrabStatements.Bind(command, 1, null, 2, new DateTime(2026, 5, 10, 1, 2, 3, DateTimeKind.Utc), "k");
        Assert.Multiple(() =>
        {
            Assert.That(command.CommandText, Does.StartWith("WITH took AS (UPDATE \"Tasks\"").And.Contain("FROM took RETURNING \"Id\"").And.Contain("\"HasShifts\" = FALSE"));
            Assert.That(command.CommandText, Does.Not.Contain("changes()").And.Not.Contain("@@ROWCOUNT"));
            Assert.That(((DateTime)command.Parameters["@now"].Value!).Kind, Is.EqualTo(DateTimeKind.Utc), "timestamptz takes UTC");
        });
    }

    [Test]
    [SqliteOnly]
    public async Task TheApiMigratesItsOwnSqliteFileToTheLatestMigration()
    {
        await using var factory = new ZhujiApiFactory();
        _ = factory.Server;
        await using var db = Sqlite(factory.DatabasePath);
        var applied = await db.Database.GetAppliedMigrationsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(factory.DatabasePath), Is.True);
            Assert.That(applied, Is.EqualTo(db.Database.GetMigrations()));
        });
        var journal = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();
        Assert.That(journal.Single(), Is.EqualTo("wal"));
    }

    [Test]
    public async Task TheMappingConfigurationIsValid()
    {
        await using var factory = new ZhujiApiFactory();
        var mapper = factory.Services.GetRequiredService<IMapper>();
        Assert.DoesNotThrow(() => mapper.ConfigurationProvider.AssertConfigurationIsValid());
    }
}
