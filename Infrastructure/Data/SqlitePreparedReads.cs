using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// Open SQLite connections, each with the grab path's read already prepared: preparing that statement on
/// every request cost as much as running it. Reads in WAL mode run side by side, each seeing the last
/// commit. A few connections are kept; extra ones made under a burst are closed when returned.
/// </summary>
public sealed class SqlitePreparedReads(string connectionString, string readSql) : IDisposable
{
    public const int Kept = 32;

    private readonly ConcurrentBag<Lease> idle = [];

    public Lease Rent()
    {
        if (idle.TryTake(out var lease))
        {
            return lease;
        }

        var connection = new SqliteConnection(connectionString);
        connection.Open();
        var command = connection.CreateCommand();
        command.CommandText = readSql;
        foreach (var name in new[] { "@user", "@task", "@shift", "@shiftKey", "@key" })
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        command.Prepare();
        return new Lease(connection, command);
    }

    public void Return(Lease lease)
    {
        if (idle.Count < Kept)
        {
            idle.Add(lease);
        }
        else
        {
            lease.Dispose();
        }
    }

    public void Dispose()
    {
        while (idle.TryTake(out var lease))
        {
            lease.Dispose();
        }
    }

    public sealed class Lease(SqliteConnection connection, SqliteCommand command) : IDisposable
    {
        public SqliteCommand Command { get; } = command;

        public void Dispose()
        {
            Command.Dispose();
            connection.Dispose();
        }
    }
}
