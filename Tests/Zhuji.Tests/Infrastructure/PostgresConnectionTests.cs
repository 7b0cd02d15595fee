using Npgsql;
using Zhuji.Infrastructure;

namespace Zhuji.Tests.Infrastructure;

/// <summary>PostgreSQL connections prepare the statements a request repeats, unless the connection string says otherwise.</summary>
public class PostgresConnectionTests
{
    [Test]
    public void AutoPrepareIsOnByDefault()
    {
        var settings = new NpgsqlConnectionStringBuilder(InfrastructureServiceCollectionExtensions.WithAutoPrepare("Host=db;Database=zhuji;Username=zhuji"));
        Assert.That((settings.MaxAutoPrepare, settings.AutoPrepareMinUsages, settings.Host, settings.Database), Is.EqualTo((64, 2, "db", "zhuji")));
    }

    [TestCase("Host=db;Database=zhuji;Max Auto Prepare=0")]
    [TestCase("Host=db;Database=zhuji;MaxAutoPrepare=0")]
    public void AConnectionStringThatSetsItKeepsIt(string given) =>
        Assert.That(new NpgsqlConnectionStringBuilder(InfrastructureServiceCollectionExtensions.WithAutoPrepare(given)).MaxAutoPrepare, Is.Zero);
}
