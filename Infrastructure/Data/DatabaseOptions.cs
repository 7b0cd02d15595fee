namespace Zhuji.Infrastructure.Data;

/// <summary><c>Zhuji:Database</c>. The connection string is <c>ConnectionStrings:Zhuji</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Zhuji:Database";
    public const string ConnectionStringName = "Zhuji";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the service starts (on by default; turn off where a DBA applies the script).</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
