using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Zhuji.Infrastructure.Data;

public enum SlotWriteOutcome
{
    /// <summary>The slot was free: the claim exists now.</summary>
    Inserted,

    /// <summary>The update took nothing: full, closed or started.</summary>
    NotTaken,

    /// <summary>The database refused a second active claim (or key) of the same member.</summary>
    Duplicate,
}

public readonly record struct SlotWrite(SlotWriteOutcome Outcome, long ClaimId = 0);

/// <summary>Takes a slot and inserts the claim, atomically, as the database guarantees it.</summary>
public interface IClaimSlotWriter
{
    Task<SlotWrite> TakeAndInsertAsync(long taskId, long? shiftId, long memberId, DateTime now, string? idempotencyKey, CancellationToken cancellationToken);
}

/// <summary>
/// One command in one short transaction per claim, on the request's own connection: right for SQL Server,
/// whose row locks let claims on different tasks commit side by side.
/// </summary>
internal sealed class DirectClaimSlotWriter(ZhujiDbContext db) : IClaimSlotWriter
{
    public async Task<SlotWrite> TakeAndInsertAsync(long taskId, long? shiftId, long memberId, DateTime now, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = GrabStatements.WriteSql(db.Provider, shiftId is not null);
            GrabStatements.Bind(command, taskId, shiftId, memberId, now, idempotencyKey);
            var id = await command.ExecuteScalarAsync(cancellationToken);
            if (id is null or DBNull)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new SlotWrite(SlotWriteOutcome.NotTaken);
            }

            await transaction.CommitAsync(cancellationToken);
            return new SlotWrite(SlotWriteOutcome.Inserted, Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (DbException e) when (UniqueViolation.Is(e))
        {
            return new SlotWrite(SlotWriteOutcome.Duplicate);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>
/// SQLite's group commit for claims. SQLite has one writer per file; when every request writes for itself,
/// the writer holding the lock is descheduled among dozens of others and everyone waits behind it. Here
/// claims are handed to one writer with its own connection and prepared statements, which commits whatever
/// queued while the previous batch committed: one transaction per batch, one savepoint per claim (a
/// member's duplicate rolls back his claim only). The answer goes back only after the commit.
/// </summary>
internal sealed class SqliteClaimWriter(string connectionString, ILogger<SqliteClaimWriter> logger) : IClaimSlotWriter, IHostedService
{
    public const int MaxBatch = 64;

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private Task? loop;

    public Task<SlotWrite> TakeAndInsertAsync(long taskId, long? shiftId, long memberId, DateTime now, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var pending = new Pending(taskId, shiftId, memberId, now, idempotencyKey);
        if (!queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The claim writer has stopped.");
        }

        return pending.Result.Task;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        loop = Task.Run(RunGuardedAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        if (loop is not null)
        {
            await loop.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Should the writer itself fail (the file cannot be opened, the disk is gone), no claim may wait forever:
    /// the queue is closed, and every claim in it and after it fails (500, logged) instead of hanging.
    /// </summary>
    private async Task RunGuardedAsync()
    {
        try
        {
            await RunAsync();
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "The SQLite claim writer stopped; claims fail until the service restarts");
            queue.Writer.TryComplete(e);
            while (queue.Reader.TryRead(out var stranded))
            {
                stranded.Result.TrySetException(e);
            }
        }
    }

    private async Task RunAsync()
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = SqlitePragmas.Sql;
            await pragmas.ExecuteNonQueryAsync();
        }

        await using var plain = Prepare(connection, shift: false);
        await using var shifted = Prepare(connection, shift: true);
        var gate = SqliteWriteGate.For(connection);
        var batch = new List<Pending>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            await gate.WaitAsync();
            var results = new SlotWrite[batch.Count];
            Exception? failure = null;
            try
            {
                using var transaction = connection.BeginTransaction();
                for (var i = 0; i < batch.Count; i++)
                {
                    results[i] = Write(transaction, batch[i].ShiftId is null ? plain : shifted, batch[i]);
                }

                transaction.Commit();
            }
            catch (Exception e)
            {
                failure = e;
                logger.LogError(e, "A batch of {Count} claims could not be committed", batch.Count);
            }
            finally
            {
                gate.Release();
            }

            for (var i = 0; i < batch.Count; i++)
            {
                if (failure is null)
                {
                    batch[i].Result.TrySetResult(results[i]);
                }
                else
                {
                    batch[i].Result.TrySetException(failure);
                }
            }
        }
    }

    private static SlotWrite Write(SqliteTransaction transaction, SqliteCommand command, Pending claim)
    {
        transaction.Save("claim");
        try
        {
            command.Transaction = transaction;
            GrabStatements.Bind(command, claim.TaskId, claim.ShiftId, claim.MemberId, claim.Now, claim.IdempotencyKey);
            var id = command.ExecuteScalar();
            transaction.Release("claim");
            return id is null or DBNull
                ? new SlotWrite(SlotWriteOutcome.NotTaken)
                : new SlotWrite(SlotWriteOutcome.Inserted, (long)id);
        }
        catch (SqliteException e) when (UniqueViolation.Is(e))
        {
            transaction.Rollback("claim");
            transaction.Release("claim");
            return new SlotWrite(SlotWriteOutcome.Duplicate);
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, bool shift)
    {
        var command = connection.CreateCommand();
        command.CommandText = GrabStatements.WriteSql(DatabaseProvider.Sqlite, shift);
        GrabStatements.Bind(command, 0, shift ? 0 : null, 0, DateTime.UnixEpoch, null);
        return command;
    }

    private sealed record Pending(long TaskId, long? ShiftId, long MemberId, DateTime Now, string? IdempotencyKey)
    {
        public TaskCompletionSource<SlotWrite> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
