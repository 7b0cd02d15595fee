using System.Data;
using System.Data.Common;

namespace Zhuji.Infrastructure.Data;

/// <summary>Parameters of the hand-written statements (the grab, the tallies' upserts), bound the same way on every provider.</summary>
public static class DbParameters
{
    /// <summary>
    /// Sets a parameter, adding it on first use; times are stored as the UTC wall time they carry, typed
    /// <c>datetime2</c> (a bare DateTime goes to SQL Server as <c>datetime</c>, rounded to 1/300 s, and would
    /// compare wrongly with the <c>datetime2</c> columns).
    /// </summary>
    public static void Set(DbCommand command, string name, object value)
    {
        // PostgreSQL keeps instants as timestamptz: a UTC DateTime, typed by Npgsql itself.
        var postgres = command is Npgsql.NpgsqlCommand;
        var stored = value is DateTime time ? DateTime.SpecifyKind(time, postgres ? DateTimeKind.Utc : DateTimeKind.Unspecified) : value;
        if (command.Parameters.Contains(name))
        {
            command.Parameters[name].Value = stored;
            return;
        }

        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        if (value is DateTime && !postgres)
        {
            parameter.DbType = DbType.DateTime2;
        }

        parameter.Value = stored;
        command.Parameters.Add(parameter);
    }
}
