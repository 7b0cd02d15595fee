using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Points;
using Zhuji.Domain.Tasks;

namespace Zhuji.Infrastructure.Data;

/// <summary>The points ledger's set-based statements: the one-time backfill from the flags, and the yearly expiry.</summary>
public static class PointsLedger
{
    /// <summary>
    /// Points for every flag line that has none (the flags awarded before points existed): awards by today's policy,
    /// revocations taking back what their award earned. Idempotent (only lines without points; the one-to-one key);
    /// skipped at once when the newest flag line already has its points. Returns the lines written.
    /// </summary>
    public static async Task<int> BackfillAsync(ZhujiDbContext db, PointsPolicy policy, CancellationToken cancellationToken)
    {
        var newestFlag = await db.FlagEntries.MaxAsync(f => (long?)f.Id, cancellationToken);
        if (newestFlag is null || await db.PointsEntries.AnyAsync(p => p.FlagEntryId == newestFlag, cancellationToken))
        {
            return 0;
        }

        var rate = "CASE f.\"Category\" " + string.Concat(Enum.GetValues<ServiceCategory>().Select(c =>
            $"WHEN '{c}' THEN {policy.RateFor(c).ToString(CultureInfo.InvariantCulture)} ")) + $"ELSE {policy.PerFlag} END";
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        var awardsSql = $"""
            INSERT INTO "PointsEntries" ("MemberId", "Kind", "Points", "Year", "At", "Source", "FlagEntryId", "RedemptionId", "Rate")
            SELECT f."MemberId", '{PointsKind.Earned}', CAST(ROUND(f."Flags" * ({rate}), 0) AS INT), f."PeriodYear", f."RecordedAt",
                   CASE f."Source" WHEN '{FlagSource.Claim}' THEN '{PointsSource.Task}' ELSE '{PointsSource.Admin}' END, f."Id", NULL, {rate}
            FROM "FlagEntries" AS f
            WHERE f."Kind" = '{FlagEntryKind.Award}' AND NOT EXISTS (SELECT 1 FROM "PointsEntries" AS p WHERE p."FlagEntryId" = f."Id")
            """;
        var revocationsSql = $"""
            INSERT INTO "PointsEntries" ("MemberId", "Kind", "Points", "Year", "At", "Source", "FlagEntryId", "RedemptionId", "Rate")
            SELECT f."MemberId", '{PointsKind.Revoked}', -e."Points", f."PeriodYear", f."RecordedAt", e."Source", f."Id", NULL, e."Rate"
            FROM "FlagEntries" AS f
            JOIN "PointsEntries" AS e ON e."FlagEntryId" = f."RevokesEntryId" AND e."Kind" = '{PointsKind.Earned}'
            WHERE f."Kind" = '{FlagEntryKind.Revocation}' AND NOT EXISTS (SELECT 1 FROM "PointsEntries" AS p WHERE p."FlagEntryId" = f."Id")
            """;

        // Identifiers, enum names and the policy's numbers only: nothing from a request.
        var awards = await db.Database.ExecuteSqlRawAsync(awardsSql, cancellationToken);
        var revocations = await db.Database.ExecuteSqlRawAsync(revocationsSql, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return awards + revocations;
    }

    /// <summary>
    /// When <paramref name="endedYear"/> has ended: the points of the years up to the one before it that are still
    /// there (first in, first out; never more than the balance) expire, one line per member, dated the run. Idempotent:
    /// a member with an expiry line for that year is skipped, so a retried or repeated run writes nothing more.
    /// </summary>
    public static async Task<int> ExpireAsync(ZhujiDbContext db, int endedYear, DateTime now, CancellationToken cancellationToken)
    {
        var earnedUpTo = PointsExpiry.EarnedYearExpiringAt(endedYear);
        var inflows = string.Join(", ", PointsExpiry.Inflows.Select(k => $"'{k}'"));
        var outflows = $"'{PointsKind.Redeemed}', '{PointsKind.Refunded}', '{PointsKind.Expired}'";
        await using var transaction = await db.BeginWriteAsync(cancellationToken);
        // Every member with points takes his turn with his redemptions first (the lock MallWrites takes), so none
        // commits between the balances read below and the expiry lines: on a server database a redemption at 00:10
        // on New Year's Day waits for the expiry, or the expiry for it, and the balance never goes below zero.
        // (SQLite serialises writers anyway.) Once a year, one statement.
        await MemberLock.TakeAllWithPointsAsync(db, cancellationToken);
        var sql = $$"""
            INSERT INTO "PointsEntries" ("MemberId", "Kind", "Points", "Year", "At", "Source", "FlagEntryId", "RedemptionId", "Rate")
            SELECT t."MemberId", '{{PointsKind.Expired}}', -(CASE WHEN t."Balance" < t."Left" THEN t."Balance" ELSE t."Left" END), {0}, {1}, NULL, NULL, NULL, NULL
            FROM (SELECT p."MemberId",
                         SUM(p."Points") AS "Balance",
                         SUM(CASE WHEN p."Kind" IN ({{inflows}}) AND p."Year" <= {2} THEN p."Points" ELSE 0 END)
                           + SUM(CASE WHEN p."Kind" IN ({{outflows}}) THEN p."Points" ELSE 0 END) AS "Left"
                  FROM "PointsEntries" AS p
                  GROUP BY p."MemberId") AS t
            WHERE t."Balance" > 0 AND t."Left" > 0
              AND NOT EXISTS (SELECT 1 FROM "PointsEntries" AS x WHERE x."MemberId" = t."MemberId" AND x."Kind" = '{{PointsKind.Expired}}' AND x."Year" = {0})
            """;
        var expired = await db.Database.ExecuteSqlRawAsync(sql, [endedYear, now, earnedUpTo], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return expired;
    }

    /// <summary>What will expire when <paramref name="year"/> ends, for one member (the same rule as <see cref="ExpireAsync"/>).</summary>
    public static async Task<int> ExpiringAsync(ZhujiDbContext db, long memberId, int year, CancellationToken cancellationToken)
    {
        var earnedUpTo = PointsExpiry.EarnedYearExpiringAt(year);
        var inflows = PointsExpiry.Inflows;
        var totals = await db.PointsEntries.Where(p => p.MemberId == memberId)
            .GroupBy(p => 1)
            .Select(g => new
            {
                Balance = g.Sum(p => p.Points),
                Old = g.Sum(p => inflows.Contains(p.Kind) && p.Year <= earnedUpTo ? p.Points : 0),
                Out = g.Sum(p => p.Kind == PointsKind.Redeemed || p.Kind == PointsKind.Refunded || p.Kind == PointsKind.Expired ? p.Points : 0),
            }).SingleOrDefaultAsync(cancellationToken);
        return totals is null ? 0 : PointsExpiry.Expiring(totals.Old, -totals.Out, totals.Balance);
    }
}
