using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// SQLite has one writer per file. Left to itself, a second writer gets SQLITE_BUSY and Microsoft.Data.Sqlite
/// retries it by sleeping a pool thread, which under a grab storm makes multi-second tails. So writes to a
/// SQLite file are serialized inside the process with an async gate (FIFO, no thread blocked, no busy
/// retries); reads never wait (WAL). On SQL Server there is no gate.
/// </summary>
public static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>Set while this async flow holds a gate (inside SaveChanges): its own statements must not wait for it again.</summary>
    internal static readonly AsyncLocal<bool> HeldByThisFlow = new();

    public static SemaphoreSlim For(SqliteConnection connection) =>
        Gates.GetOrAdd(Path.GetFullPath(new SqliteConnectionStringBuilder(connection.ConnectionString).DataSource), _ => new SemaphoreSlim(1, 1));

    internal static SemaphoreSlim? For(DbContext context) =>
        context.Database.GetDbConnection() is SqliteConnection sqlite ? For(sqlite) : null;
}

/// <summary>
/// An explicit write transaction that holds the file's write gate (SQLite) until it is disposed. Inside a
/// <see cref="RequestUnit"/> it is the unit's: committing is the unit's job, when the request's answer is
/// stored with it.
/// </summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction? transaction;
    private readonly RequestUnit? unit;
    private SemaphoreSlim? held;

    internal WriteTransaction(IDbContextTransaction transaction, SemaphoreSlim? gate) => (this.transaction, held) = (transaction, gate);

    internal WriteTransaction(RequestUnit unit) => this.unit = unit;

    /// <summary>Joins a transaction already open on the context: committing and disposing are the outer one's.</summary>
    internal WriteTransaction(IDbContextTransaction outer) => joined = outer;

    private readonly IDbContextTransaction? joined;

    public Task CommitAsync(CancellationToken cancellationToken = default) =>
        transaction?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    public Task RollbackAsync(CancellationToken cancellationToken = default) =>
        transaction?.RollbackAsync(cancellationToken) ?? joined?.RollbackAsync(cancellationToken) ?? unit!.RollbackAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }

        Interlocked.Exchange(ref held, null)?.Release();
    }
}

public static class WriteTransactionExtensions
{
    /// <summary>
    /// Begins a transaction that will write: waits its turn for the SQLite file first. Inside a request unit,
    /// joins the unit's transaction (starting it on the first write).
    /// </summary>
    public static async Task<WriteTransaction> BeginWriteAsync(this DbContext db, CancellationToken cancellationToken)
    {
        if (db is ZhujiDbContext { Unit: { } unit })
        {
            await unit.EnsureStartedAsync(cancellationToken);
            return new WriteTransaction(unit);
        }

        // Already writing (a job called from inside a request's transaction): join it; the outer one commits.
        return db.Database.CurrentTransaction is { } outer
            ? new WriteTransaction(outer)
            : await BeginOwnWriteAsync(db, cancellationToken);
    }

    internal static async Task<WriteTransaction> BeginOwnWriteAsync(DbContext db, CancellationToken cancellationToken)
    {
        // Inside a save that already holds the gate (the tallies' transaction begun as the save starts): not again.
        var gate = SqliteWriteGate.HeldByThisFlow.Value ? null : SqliteWriteGate.For(db);
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
        }

        try
        {
            return new WriteTransaction(await db.Database.BeginTransactionAsync(cancellationToken), gate);
        }
        catch
        {
            gate?.Release();
            throw;
        }
    }
}

/// <summary>
/// All the writes of one request, and the answer stored for its Idempotency-Key, in one transaction: either
/// both are committed or neither, so a retry finds the first answer or finds nothing done. The transaction
/// (and on SQLite the write gate) is taken at the request's first write, not before, so reads and calls to
/// WeChat before it do not hold the gate.
/// </summary>
public sealed class RequestUnit : IAsyncDisposable
{
    private readonly ZhujiDbContext db;
    private WriteTransaction? transaction;

    internal RequestUnit(ZhujiDbContext db) => this.db = db;

    public bool Started => transaction is not null;

    public async Task EnsureStartedAsync(CancellationToken cancellationToken) =>
        transaction ??= await WriteTransactionExtensions.BeginOwnWriteAsync(db, cancellationToken);

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>A write inside the unit was undone: the unit's transaction ends, and a later write starts another.</summary>
    internal async Task RollbackAsync(CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await transaction.RollbackAsync(cancellationToken);
            await transaction.DisposeAsync();
            transaction = null;
        }
    }

    /// <summary>Without a commit, everything is rolled back.</summary>
    public async ValueTask DisposeAsync()
    {
        db.Unit = null;
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
            transaction = null;
        }
    }
}

/// <summary>
/// A statement that writes outside any transaction (<c>ExecuteUpdate</c>, <c>ExecuteDelete</c>, raw SQL) takes
/// the gate for itself; inside a transaction the transaction already holds it.
/// </summary>
internal sealed class SqliteCommandGate : DbCommandInterceptor
{
    private readonly ConditionalWeakTable<DbCommand, SemaphoreSlim> held = new();

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (GateFor(command) is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
            held.AddOrUpdate(command, gate);
        }

        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (GateFor(command) is { } gate)
        {
            gate.Wait();
            held.AddOrUpdate(command, gate);
        }

        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Exit(command);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Exit(command);
        return result;
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(command);
        return Task.CompletedTask;
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Exit(command);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Exit(command);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Exit(command);

    /// <summary>
    /// The gate a command must take: a SQLite statement that writes, outside a transaction, unless this flow
    /// already holds it. A lone read (the health check's <c>SELECT 1</c>) never queues behind a grab storm.
    /// </summary>
    private static SemaphoreSlim? GateFor(DbCommand command) =>
        command.Transaction is null && !SqliteWriteGate.HeldByThisFlow.Value && command.Connection is SqliteConnection sqlite && Writes(command.CommandText)
            ? SqliteWriteGate.For(sqlite)
            : null;

    /// <summary>
    /// Only non-queries come here (readers never take the gate); of those, a plain <c>SELECT</c> reads and
    /// everything else (DML, <c>WITH … INSERT</c>, pragmas) is treated as a write.
    /// </summary>
    internal static bool Writes(string sql) => !sql.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);

    private void Exit(DbCommand command)
    {
        if (held.TryGetValue(command, out var gate))
        {
            held.Remove(command);
            gate.Release();
        }
    }
}

/// <summary>
/// Per physical connection, once: <c>synchronous=NORMAL</c>. In WAL mode a commit then waits for no fsync
/// (the WAL is synced at checkpoints): the file never corrupts, a power cut may lose the last commits. The
/// embedded default is for development, demos and tests; deployments run on SQL Server. And
/// <c>wal_autocheckpoint=0</c>: checkpoints are the background <see cref="SqliteCheckpointer"/>'s job, not a commit's.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    /// <summary>The pragmas every writing connection runs once (EF's, and the claim writer's own).</summary>
    public const string Sql = "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;";

    private readonly ConditionalWeakTable<object, object> configured = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Configure(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Configure(connection);
        return Task.CompletedTask;
    }

    private void Configure(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } sqlite || configured.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = sqlite.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
        configured.AddOrUpdate(handle, handle);
    }
}
