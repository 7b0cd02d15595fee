using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// A bounded set of open SQLite connections, each with the grab path's read already prepared: preparing that
/// statement on every request cost as much as running it. Reads in WAL mode run side by side, each seeing
/// the last commit. At most <see cref="Size"/> at once; under a burst callers wait their turn (a read takes
/// tens of microseconds) rather than open and prepare hundreds of connections.
/// </summary>
public sealed class SqlitePreparedReads(string connectionString, string readSql) : IDisposable
{
    public const int Size = 16;

    private readonly ConcurrentBag<Lease> idle = [];
    private readonly SemaphoreSlim slots = new(Size, Size);

    public async ValueTask<Lease> RentAsync(CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        if (idle.TryTake(out var lease))
        {
            return lease;
        }

        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            var command = connection.CreateCommand();
            command.CommandText = readSql;
            command.Prepare();
            return new Lease(connection, command);
        }
        catch
        {
            connection.Dispose();
            slots.Release();
            throw;
        }
    }

    public void Return(Lease lease)
    {
        idle.Add(lease);
        slots.Release();
    }

    public void Dispose()
    {
        while (idle.TryTake(out var lease))
        {
            lease.Dispose();
        }

        slots.Dispose();
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
