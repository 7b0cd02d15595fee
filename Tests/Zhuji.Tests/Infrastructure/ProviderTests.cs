using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Zhuji.Infrastructure.Data;
using Zhuji.Tests.Support;

namespace Zhuji.Tests.Infrastructure;

/// <summary>The pass runs on the database it says it runs on: PostgreSQL when <c>ZHUJI_TEST_POSTGRES</c> is set, else SQLite.</summary>
public class ProviderTests : ApiTest
{
    [Test]
    public async Task TheApiRunsOnTheProviderThePassAskedForMigratedToTheLatestMigration()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZhujiDbContext>();
        Assert.That(db.Provider, Is.EqualTo(ZhujiApiFactory.Postgres is null ? DatabaseProvider.Sqlite : DatabaseProvider.PostgreSql));
        Assert.That(await db.Database.GetPendingMigrationsAsync(), Is.Empty);
        Assert.That((await db.Database.GetAppliedMigrationsAsync()).Count(), Is.EqualTo(db.Database.GetMigrations().Count()));
        if (db.Provider == DatabaseProvider.PostgreSql)
        {
            var type = await db.Database.SqlQueryRaw<string>(
                "SELECT data_type AS \"Value\" FROM information_schema.columns WHERE table_name = 'Tasks' AND column_name = 'StartsAt'").SingleAsync();
            Assert.That(type, Is.EqualTo("timestamp with time zone"));
        }
    }
}
