using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Tasks;

namespace Zhuji.Infrastructure.Data;

/// <summary>What one read tells the grab path: the caller's membership, the task (and shift), whether he holds a claim.</summary>
public sealed record GrabView(
    long MemberId,
    long CommunityId,
    long BlockId,
    long? MovingToCommunityId,
    long? MovingToBlockId,
    bool TaskExists,
    TaskTier Tier,
    long? ScopeId,
    VolunteerTaskStatus Status,
    DateTime TaskStartsAt,
    int TaskSlots,
    int TaskClaimed,
    bool HasShifts,
    string TaskTitle,
    ServiceCategory TaskCategory,
    long? ShiftTaskId,
    DateTime? ShiftStartsAt,
    int ShiftSlots,
    int ShiftClaimed,
    bool HoldsClaim,
    long? KeyedClaimId);

/// <summary>
/// The claim path's SQL, nothing tracked: a single read for every expected refusal (decided by
/// <c>ClaimRules.Decide</c>), a single write command (<see cref="WriteSql"/>) that takes the slot only if it is
/// free (the conditional update) and inserts the claim only if it did, and the same conditional update for a
/// help group's seats. SQLite and SQL Server differ only in how "did the update take?" is asked
/// (<c>changes()</c> / <c>@@ROWCOUNT</c>) and how the new id comes back. Running the single write is an
/// <see cref="IClaimSlotWriter"/>'s job.
/// </summary>
public sealed class GrabStatements(ZhujiDbContext db, SqlitePreparedReads? preparedReads = null)
{
    public const string Read = $"""
        SELECT m."Id", m."CommunityId", m."BlockId", r."CommunityId", r."BlockId",
               t."Id", t."Tier", t."ScopeId", t."Status", t."StartsAt", t."Slots", t."ClaimedCount", t."HasShifts", t."Title", t."Category",
               s."TaskId", s."StartsAt", s."Slots", s."ClaimedCount",
               CASE WHEN EXISTS (SELECT 1 FROM "Claims" AS c
                                 WHERE c."TaskId" = @task AND c."ShiftKey" = @shiftKey AND c."MemberId" = m."Id" AND c."Status" <> '{Cancelled}')
                    THEN 1 ELSE 0 END,
               (SELECT k."Id" FROM "Claims" AS k WHERE k."MemberId" = m."Id" AND k."IdempotencyKey" = @key)
        FROM "Members" AS m
        LEFT JOIN "Registrations" AS r ON r."Id" = m."RegistrationId" AND r."Status" = '{Pending}'
        LEFT JOIN "Tasks" AS t ON t."Id" = @task
        LEFT JOIN "TaskShifts" AS s ON s."Id" = @shift
        WHERE m."UserId" = @user
        """;

    private const string Published = nameof(VolunteerTaskStatus.Published);
    private const string Pending = nameof(Domain.Registrations.RegistrationStatus.Pending);
    private const string Claimed = nameof(ClaimStatus.Claimed);
    private const string Cancelled = nameof(ClaimStatus.Cancelled);

    // The slot SQL, the one place it is written: @count slots are taken only if all are free, the task is still
    // published and the task (or shift) has not started. A single grab takes one; a help group one per member.
    private const string TakeTaskSlots = $"""
        UPDATE "Tasks" SET "ClaimedCount" = "ClaimedCount" + @count
        WHERE "Id" = @task AND "Status" = '{Published}' AND "HasShifts" = 0 AND "StartsAt" > @now AND "ClaimedCount" + @count <= "Slots";
        """;

    private const string TakeShiftSlots = $"""
        UPDATE "TaskShifts" SET "ClaimedCount" = "ClaimedCount" + @count
        WHERE "Id" = @shift AND "TaskId" = @task AND "StartsAt" > @now AND "ClaimedCount" + @count <= "Slots"
          AND EXISTS (SELECT 1 FROM "Tasks" WHERE "Id" = @task AND "Status" = '{Published}');
        """;

    private const string CountShiftClaimsOnTask = """
        UPDATE "Tasks" SET "ClaimedCount" = "ClaimedCount" + @count WHERE "Id" = @task
        """;

    private const string ReleaseShiftSlot = """
        UPDATE "TaskShifts" SET "ClaimedCount" = "ClaimedCount" - 1 WHERE "Id" = @shift AND "ClaimedCount" > 0;
        """;

    private const string ReleaseTaskSlot = """
        UPDATE "Tasks" SET "ClaimedCount" = "ClaimedCount" - 1 WHERE "Id" = @task AND "ClaimedCount" > 0;
        """;

    // The raw twin of Claim.Grab (Domain/Tasks/Claim.cs): the same new claim, written in the statement that
    // took its slot. A column added to Claim that has no default must be added here too.
    private const string InsertColumns = """
        INSERT INTO "Claims" ("TaskId", "ShiftId", "ShiftKey", "MemberId", "Status", "ClaimedAt", "IdempotencyKey", "PhotoUrls", "Version")
        """;

    private const string InsertValues = $"@task, @shift, @shiftKey, @member, '{Claimed}', @now, @key, '[]', 0";

    /// <summary>Null when the user is not an approved member.</summary>
    public async Task<GrabView?> ReadAsync(long userId, long taskId, long? shiftId, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (preparedReads is not null)
        {
            var lease = await preparedReads.RentAsync(cancellationToken);
            try
            {
                var command = lease.Command;
                BindRead(command, userId, taskId, shiftId, idempotencyKey);
                await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
                return await ViewAsync(reader, cancellationToken);
            }
            finally
            {
                preparedReads.Return(lease);
            }
        }

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Read;
            BindRead(command, userId, taskId, shiftId, idempotencyKey);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
            return await ViewAsync(reader, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<GrabView?> ViewAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var taskExists = !reader.IsDBNull(5);
        return new GrabView(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2),
            reader.IsDBNull(3) ? null : reader.GetInt64(3),
            reader.IsDBNull(4) ? null : reader.GetInt64(4),
            taskExists,
            taskExists ? Enum.Parse<TaskTier>(reader.GetString(6)) : default,
            reader.IsDBNull(7) ? null : reader.GetInt64(7),
            taskExists ? Enum.Parse<VolunteerTaskStatus>(reader.GetString(8)) : default,
            taskExists ? Utc(reader.GetDateTime(9)) : default,
            taskExists ? reader.GetInt32(10) : 0,
            taskExists ? reader.GetInt32(11) : 0,
            taskExists && reader.GetBoolean(12),
            taskExists ? reader.GetString(13) : "",
            taskExists ? Enum.Parse<ServiceCategory>(reader.GetString(14)) : default,
            reader.IsDBNull(15) ? null : reader.GetInt64(15),
            reader.IsDBNull(16) ? null : Utc(reader.GetDateTime(16)),
            reader.IsDBNull(17) ? 0 : reader.GetInt32(17),
            reader.IsDBNull(18) ? 0 : reader.GetInt32(18),
            reader.GetInt32(19) == 1,
            reader.IsDBNull(20) ? null : reader.GetInt64(20));
    }

    /// <summary>
    /// The write command for a provider: takes the slot (task or shift) only if it is free, the task still
    /// published and not started, and inserts the claim only if it did, returning its id (no row otherwise).
    /// Parameters: @task, @shift, @shiftKey, @member, @now, @key, @count (1).
    /// </summary>
    public static string WriteSql(DatabaseProvider provider, bool shift) => (shift, provider) switch
    {
        (false, DatabaseProvider.SqlServer) =>
            $"{TakeTaskSlots}\nIF @@ROWCOUNT = 1 {InsertColumns} OUTPUT INSERTED.\"Id\" VALUES ({InsertValues});",
        (true, DatabaseProvider.SqlServer) =>
            $"{TakeShiftSlots}\nIF @@ROWCOUNT = 1 BEGIN {CountShiftClaimsOnTask}; {InsertColumns} OUTPUT INSERTED.\"Id\" VALUES ({InsertValues}); END",
        // PostgreSQL: one statement, a data-modifying CTE: the conditional update, the insert only from its row.
        (false, DatabaseProvider.PostgreSql) =>
            $"WITH took AS ({PostgreSql(TakeTaskSlots)} RETURNING 1)\n{InsertColumns} SELECT {PostgreSql(InsertValues)} FROM took RETURNING \"Id\";",
        (true, DatabaseProvider.PostgreSql) =>
            $"WITH took AS ({PostgreSql(TakeShiftSlots)} RETURNING 1), counted AS ({CountShiftClaimsOnTask} AND EXISTS (SELECT 1 FROM took) RETURNING 1)\n" +
            $"{InsertColumns} SELECT {PostgreSql(InsertValues)} FROM took RETURNING \"Id\";",
        (false, _) => $"{TakeTaskSlots}\n{InsertColumns} SELECT {InsertValues} WHERE changes() = 1 RETURNING \"Id\";",
        (true, _) => $"{TakeShiftSlots}\n{CountShiftClaimsOnTask} AND changes() = 1;\n{InsertColumns} SELECT {InsertValues} WHERE changes() = 1 RETURNING \"Id\";",
    };

    /// <summary>PostgreSQL's words where the others differ: a boolean is FALSE, an empty text[] is '{}', and no trailing semicolon inside a CTE.</summary>
    private static string PostgreSql(string sql) =>
        sql.Replace("\"HasShifts\" = 0", "\"HasShifts\" = FALSE", StringComparison.Ordinal).Replace("'[]'", "'{}'", StringComparison.Ordinal).TrimEnd().TrimEnd(';');

    private string Dialect(string sql) => db.Provider == DatabaseProvider.PostgreSql ? PostgreSql(sql) : sql;

    /// <summary>
    /// Takes <paramref name="count"/> slots at once (a help group's claim) inside the caller's write transaction:
    /// all of them or none. Returns false when they were not all free, or the window closed.
    /// </summary>
    public async Task<bool> TakeSlotsAsync(long taskId, long? shiftId, int count, DateTime now, CancellationToken cancellationToken)
    {
        if (shiftId is null)
        {
            return await ExecuteAsync(Dialect(TakeTaskSlots), taskId, null, count, now, cancellationToken) == 1;
        }

        return await ExecuteAsync(TakeShiftSlots, taskId, shiftId, count, now, cancellationToken) == 1 &&
               await ExecuteAsync(CountShiftClaimsOnTask, taskId, shiftId, count, now, cancellationToken) == 1;
    }

    /// <summary>Gives a slot back (a claim let go before the start), inside the caller's write transaction.</summary>
    public async Task ReleaseSlotAsync(long taskId, long? shiftId, CancellationToken cancellationToken)
    {
        if (shiftId is not null)
        {
            await ExecuteAsync(ReleaseShiftSlot, taskId, shiftId, 1, DateTime.UnixEpoch, cancellationToken);
        }

        await ExecuteAsync(ReleaseTaskSlot, taskId, shiftId, 1, DateTime.UnixEpoch, cancellationToken);
    }

    private Task<int> ExecuteAsync(string sql, long taskId, long? shiftId, int count, DateTime now, CancellationToken cancellationToken)
    {
        using var command = db.Database.GetDbConnection().CreateCommand();
        Bind(command, taskId, shiftId, 0, now, null, count);
        var parameters = command.Parameters.Cast<DbParameter>().ToArray();
        command.Parameters.Clear();
        return db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
    }

    /// <summary>Binds the values of <see cref="Read"/> (a fresh command, or a pooled prepared one).</summary>
    private static void BindRead(DbCommand command, long userId, long taskId, long? shiftId, string? idempotencyKey)
    {
        DbParameters.Set(command, "@user", userId);
        DbParameters.Set(command, "@task", taskId);
        DbParameters.Set(command, "@shift", (object?)shiftId ?? DBNull.Value);
        DbParameters.Set(command, "@shiftKey", shiftId ?? 0);
        DbParameters.Set(command, "@key", (object?)idempotencyKey ?? DBNull.Value);
    }

    /// <summary>Binds one claim's values to a write command made from <see cref="WriteSql"/>.</summary>
    public static void Bind(DbCommand command, long taskId, long? shiftId, long memberId, DateTime now, string? idempotencyKey, int count = 1)
    {
        DbParameters.Set(command, "@task", taskId);
        DbParameters.Set(command, "@shift", (object?)shiftId ?? DBNull.Value);
        DbParameters.Set(command, "@shiftKey", shiftId ?? 0);
        DbParameters.Set(command, "@member", memberId);
        DbParameters.Set(command, "@now", now);
        DbParameters.Set(command, "@key", (object?)idempotencyKey ?? DBNull.Value);
        DbParameters.Set(command, "@count", count);
    }

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
