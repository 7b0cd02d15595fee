using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Zhuji.Infrastructure.Data;

/// <summary>Used by <c>dotnet ef</c> only; no database is opened to add a migration or write a script.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteZhujiDbContext>
{
    public SqliteZhujiDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteZhujiDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlZhujiDbContext>
{
    public PostgreSqlZhujiDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlZhujiDbContext>().UseNpgsql("Host=localhost;Database=zhuji").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerZhujiDbContext>
{
    public SqlServerZhujiDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerZhujiDbContext>()
            .UseSqlServer("Server=localhost;Database=Zhuji;Trusted_Connection=True;TrustServerCertificate=True")
            .Options);
}
