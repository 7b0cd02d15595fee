using System.ComponentModel;
namespace Zhuji.Infrastructure.Data;

/// <summary><c>Zhuji:Database</c>. The connection string is <c>ConnectionStrings:Zhuji</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Zhuji:Database";
    public const string ConnectionStringName = "Zhuji";

    /// <summary>The database: for SQLite a file (a path relative to the working folder), for a server its connection string. Required for a server.</summary>
    [DefaultValue("(a SQLite file zhuji.db in the data folder)")]
    public const string ConnectionStringKey = "ConnectionStrings:" + ConnectionStringName;

    /// <summary><c>Sqlite</c> (the embedded default), <c>PostgreSql</c> (14+, and KingbaseES / openGauss) or <c>SqlServer</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the service starts (on by default; turn off where a DBA applies the script).</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
