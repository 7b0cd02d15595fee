using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Members;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Compliance;

namespace Zhuji.Infrastructure.Data;

/// <summary>A member's net flags of a year: the sum of his ledger lines for it.</summary>
public sealed class MemberFlagYear
{
    public long MemberId { get; set; }
    public int Year { get; set; }
    public int Flags { get; set; }
}

/// <summary>A community's net flags of a month (the member's community when each line was written).</summary>
public sealed class CommunityFlagMonth
{
    public long CommunityId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public int Flags { get; set; }
}

/// <summary>
/// How many members evaluated for <see cref="Year"/> have <see cref="Bucket"/> flags in it (1 to the threshold,
/// see <see cref="CompliancePolicy.Bucket"/>), over <see cref="LedgerTallies.Stripes"/> rows so that awards running
/// in parallel on a server database seldom wait for the same row.
/// </summary>
public sealed class StandingTally
{
    public int Year { get; set; }
    public int Bucket { get; set; }
    public int Stripe { get; set; }
    public long Count { get; set; }
}

/// <summary>In-service members by the first year they are evaluated for (<see cref="CompliancePolicy.FirstEvaluatedYear"/>).</summary>
public sealed class CohortTally
{
    public int FirstYear { get; set; }
    public int Stripe { get; set; }
    public long Count { get; set; }
}

/// <summary>The policy the tallies were built under (one row); another policy at start-up rebuilds them.</summary>
public sealed class TallyState
{
    public int Id { get; set; }
    public string Policy { get; set; } = "";
    public DateTime BuiltAt { get; set; }
}

/// <summary>
/// Summary tables of the flag ledger, kept in the same transaction as the ledger lines and member changes they
/// follow, so that a unit's or the city's figures read a few rows instead of the whole ledger and still equal
/// its sums: each save that adds flag lines adds their amounts to the member's year and the community's month, and
/// moves the member between standing buckets; a member approved, or changing between in-service and resident,
/// moves between cohorts and takes his years' buckets along. The amounts are added by the database
/// (an upsert), never read and written back, so parallel saves cannot lose one; on a server database the member's
/// row is locked first, which orders an award against a change of the same member. Rebuilt from the ledger at
/// start-up when missing or built under another policy (<see cref="EnsureBuiltAsync"/>). ADR 0016.
/// </summary>
public static class LedgerTallies
{
    public const int Stripes = 8;

    /// <summary>What a save will change, taken before it (a member's values before the change are gone after).</summary>
    internal sealed record Pending(List<FlagEntry> Flags, List<(Member Member, Shape? Before)> Members);

    /// <summary>What of a member the standings depend on.</summary>
    internal readonly record struct Shape(bool InService, DateTime FirstApprovedAt);

    internal static Pending? Capture(ZhujiDbContext db)
    {
        // Read what the change tracker knows without a change scan: flag lines are only ever added, and a member's
        // type and first approval are compared with their original values directly.
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var flags = db.ChangeTracker.Entries<FlagEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            var members = new List<(Member, Shape?)>();
            foreach (var entry in db.ChangeTracker.Entries<Member>())
            {
                if (entry.State == EntityState.Added)
                {
                    members.Add((entry.Entity, null));
                }
                else if (entry.State is EntityState.Modified or EntityState.Unchanged)
                {
                    var before = new Shape(entry.OriginalValues.GetValue<MemberType>(nameof(Member.MemberType)) == MemberType.InService,
                        entry.OriginalValues.GetValue<DateTime>(nameof(Member.FirstApprovedAt)));
                    if (before != ShapeOf(entry.Entity))
                    {
                        members.Add((entry.Entity, before));
                    }
                }
            }

            return flags.Count == 0 && members.Count == 0 ? null : new Pending(flags, members);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>After the save, inside its transaction: the tallies follow what it wrote.</summary>
    internal static async Task ApplyAsync(ZhujiDbContext db, Pending pending, CancellationToken cancellationToken)
    {
        var policy = PolicyOf(db);
        var standings = new Dictionary<(int Year, int Bucket, int Stripe), long>();
        var cohorts = new Dictionary<(int FirstYear, int Stripe), long>();
        void Standing(int year, int bucket, long member, long delta)
        {
            if (bucket > 0)
            {
                var key = (year, bucket, Stripe(member));
                standings[key] = standings.GetValueOrDefault(key) + delta;
            }
        }

        foreach (var (member, before) in pending.Members)
        {
            var after = ShapeOf(member);
            var stripe = Stripe(member.Id);
            if (before is { InService: true } old)
            {
                var key = (policy.FirstEvaluatedYear(old.FirstApprovedAt), stripe);
                cohorts[key] = cohorts.GetValueOrDefault(key) - 1;
            }

            if (after.InService)
            {
                var key = (policy.FirstEvaluatedYear(after.FirstApprovedAt), stripe);
                cohorts[key] = cohorts.GetValueOrDefault(key) + 1;
            }

            if (before is { } shape)
            {
                var years = await db.MemberFlagYears.AsNoTracking().Where(y => y.MemberId == member.Id && y.Flags > 0)
                    .Select(y => new { y.Year, y.Flags }).ToListAsync(cancellationToken);
                foreach (var year in years)
                {
                    Standing(year.Year, Evaluated(shape, year.Year, policy) ? policy.Bucket(year.Flags) : 0, member.Id, -1);
                    Standing(year.Year, Evaluated(after, year.Year, policy) ? policy.Bucket(year.Flags) : 0, member.Id, +1);
                }
            }
        }

        if (pending.Flags.Count > 0)
        {
            var byMemberYear = pending.Flags.GroupBy(f => (f.MemberId, f.PeriodYear)).Select(g => (g.Key.MemberId, Year: g.Key.PeriodYear, Flags: g.Sum(f => f.Flags)))
                .Where(d => d.Flags != 0).OrderBy(d => d.MemberId).ThenBy(d => d.Year).ToList();
            var memberIds = byMemberYear.Select(d => d.MemberId).Distinct().ToList();
            if (db.Provider != DatabaseProvider.Sqlite)
            {
                // Ascending, one at a time: two saves locking the same members take them in the same order.
                foreach (var id in memberIds)
                {
                    await MemberLock.TakeAsync(db, id, cancellationToken);
                }
            }

            var shapes = memberIds.Count == 0 ? [] : await db.Members.AsNoTracking().Where(m => memberIds.Contains(m.Id))
                .Select(m => new { m.Id, m.MemberType, m.FirstApprovedAt })
                .ToDictionaryAsync(m => m.Id, m => new Shape(m.MemberType == MemberType.InService, m.FirstApprovedAt), cancellationToken);
            foreach (var (memberId, year, flags) in byMemberYear)
            {
                var now = await AddAsync(db, "MemberFlagYears", ["MemberId", "Year"], [memberId, year], "Flags", flags, cancellationToken);
                if (shapes.TryGetValue(memberId, out var shape) && Evaluated(shape, year, policy) && policy.Bucket(now - flags) != policy.Bucket(now))
                {
                    Standing(year, policy.Bucket(now - flags), memberId, -1);
                    Standing(year, policy.Bucket(now), memberId, +1);
                }
            }

            foreach (var month in pending.Flags.GroupBy(f => (f.CommunityId, f.PeriodYear, f.PeriodMonth)).OrderBy(g => g.Key))
            {
                if (month.Sum(f => f.Flags) is not 0 and var sum)
                {
                    await AddAsync(db, "CommunityFlagMonths", ["CommunityId", "Year", "Month"], [month.Key.CommunityId, month.Key.PeriodYear, month.Key.PeriodMonth], "Flags", sum, cancellationToken);
                }
            }

            // The city's month as well: twelve (striped) rows a year to read instead of every community's.
            foreach (var month in pending.Flags.GroupBy(f => (f.PeriodYear, f.PeriodMonth)).OrderBy(g => g.Key))
            {
                if (month.Sum(f => f.Flags) is not 0 and var sum)
                {
                    await RegistryTallies.AddAsync(db, RegistryTallies.FlagsOfMonth(month.Key.PeriodYear, month.Key.PeriodMonth), sum, cancellationToken);
                }
            }
        }

        foreach (var ((firstYear, stripe), delta) in cohorts.Where(c => c.Value != 0).OrderBy(c => c.Key))
        {
            await AddAsync(db, "CohortTallies", ["FirstYear", "Stripe"], [firstYear, stripe], "Count", delta, cancellationToken);
        }

        foreach (var ((year, bucket, stripe), delta) in standings.Where(s => s.Value != 0).OrderBy(s => s.Key))
        {
            await AddAsync(db, "StandingTallies", ["Year", "Bucket", "Stripe"], [year, bucket, stripe], "Count", delta, cancellationToken);
        }
    }

    /// <summary>
    /// At start-up: when the tallies are missing (a new table, a database from before them, a bulk load) or were built
    /// under another threshold or cutoff, they are built again from the ledger and the members, in one transaction.
    /// True when it built them.
    /// </summary>
    public static async Task<bool> EnsureBuiltAsync(ZhujiDbContext db, CompliancePolicy policy, TimeProvider clock, CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint(policy);
        if (await db.TallyStates.AsNoTracking().AnyAsync(s => s.Id == 1 && s.Policy == fingerprint, cancellationToken))
        {
            return false;
        }

        await using var write = await db.BeginWriteAsync(cancellationToken);
        await db.TallyStates.ExecuteDeleteAsync(cancellationToken);
        await db.MemberFlagYears.ExecuteDeleteAsync(cancellationToken);
        await db.CommunityFlagMonths.ExecuteDeleteAsync(cancellationToken);
        await db.StandingTallies.ExecuteDeleteAsync(cancellationToken);
        await db.CohortTallies.ExecuteDeleteAsync(cancellationToken);
        await db.Tallies.ExecuteDeleteAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "MemberFlagYears" ("MemberId", "Year", "Flags")
            SELECT "MemberId", "PeriodYear", SUM("Flags") FROM "FlagEntries" GROUP BY "MemberId", "PeriodYear"
            """, cancellationToken);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "CommunityFlagMonths" ("CommunityId", "Year", "Month", "Flags")
            SELECT "CommunityId", "PeriodYear", "PeriodMonth", SUM("Flags") FROM "FlagEntries" GROUP BY "CommunityId", "PeriodYear", "PeriodMonth"
            """, cancellationToken);

        var expected = await ExpectedAsync(db, policy, yearsFromLedger: false, cancellationToken);
        db.CohortTallies.AddRange(expected.Cohorts.Select(c => new CohortTally { FirstYear = c.Key, Count = c.Value }));
        db.StandingTallies.AddRange(expected.Standings.Select(s => new StandingTally { Year = s.Key.Year, Bucket = s.Key.Bucket, Count = s.Value }));
        db.Tallies.AddRange(expected.Counts.Select(c => new Tally { Name = c.Key.Name, Year = c.Key.Year, Scope = c.Key.Scope, Dim = c.Key.Dim, Count = c.Value }));
        db.TallyStates.Add(new TallyState { Id = 1, Policy = fingerprint, BuiltAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        await write.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return true;
    }

    /// <summary>The standing, cohort and registry counts as the tables give them now (non-zero ones; stripes summed).</summary>
    public sealed record Expected(Dictionary<int, long> Cohorts, Dictionary<(int Year, int Bucket), long> Standings, Dictionary<TallyKey, long> Counts);

    /// <summary>
    /// Counts everything the standing, cohort and registry tallies hold, from the members, the ledger's years and the
    /// registry, without writing: what a rebuild writes, and what a test holds the kept tallies to.
    /// </summary>
    /// <param name="yearsFromLedger">
    /// The members' years summed from the ledger itself (to check the member-year tally), or read from that tally
    /// (a rebuild, which has just written it from the ledger in the same transaction).
    /// </param>
    public static async Task<Expected> ExpectedAsync(ZhujiDbContext db, CompliancePolicy policy, bool yearsFromLedger, CancellationToken cancellationToken)
    {
        var cohorts = new Dictionary<int, long>();
        await foreach (var m in db.Members.AsNoTracking().Where(m => m.MemberType == MemberType.InService).Select(m => new { m.Id, m.FirstApprovedAt })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var key = policy.FirstEvaluatedYear(m.FirstApprovedAt);
            cohorts[key] = cohorts.GetValueOrDefault(key) + 1;
        }

        var standings = new Dictionary<(int, int), long>();
        var years = yearsFromLedger
            ? from f in db.FlagEntries.AsNoTracking()
              join m in db.Members on f.MemberId equals m.Id
              where m.MemberType == MemberType.InService
              group f by new { f.MemberId, f.PeriodYear, m.FirstApprovedAt } into g
              select new { Year = g.Key.PeriodYear, g.Key.FirstApprovedAt, Flags = g.Sum(f => f.Flags) }
            : from y in db.MemberFlagYears.AsNoTracking()
              join m in db.Members on y.MemberId equals m.Id
              where m.MemberType == MemberType.InService
              select new { y.Year, m.FirstApprovedAt, y.Flags };
        await foreach (var y in years.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (y.Flags > 0 && Evaluated(new Shape(true, y.FirstApprovedAt), y.Year, policy))
            {
                var key = (y.Year, policy.Bucket(y.Flags));
                standings[key] = standings.GetValueOrDefault(key) + 1;
            }
        }

        return new Expected(cohorts, standings, await RegistryTallies.ExpectedAsync(db, yearsFromLedger, cancellationToken));
    }

    /// <summary>The city's standing for a year from the tallies (<see cref="Domain.Compliance.Standings"/>).</summary>
    public static async Task<Domain.Compliance.StandingCounts> StandingAsync(ZhujiDbContext db, int year, DateTime now, CompliancePolicy policy, CancellationToken cancellationToken)
    {
        var cohorts = await db.CohortTallies.AsNoTracking().Where(c => c.FirstYear <= year).GroupBy(c => c.FirstYear)
            .Select(g => new { g.Key, Count = g.Sum(c => c.Count) }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var buckets = await db.StandingTallies.AsNoTracking().Where(s => s.Year == year).GroupBy(s => s.Bucket)
            .Select(g => new { g.Key, Count = g.Sum(s => s.Count) }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return Domain.Compliance.Standings.Of(cohorts, buckets, year, now, policy);
    }

    public static string Fingerprint(CompliancePolicy policy) => $"{policy.AnnualThreshold}:{policy.CutoffMonth:D2}-{policy.CutoffDay:D2}";

    private static int Stripe(long memberId) => (int)(memberId % Stripes);

    private static Shape ShapeOf(Member member) => new(member.MemberType == MemberType.InService, member.FirstApprovedAt);

    private static bool Evaluated(Shape shape, int year, CompliancePolicy policy) =>
        policy.IsEvaluated(shape.InService ? MemberType.InService : MemberType.Resident, shape.FirstApprovedAt, year);

    private static CompliancePolicy PolicyOf(ZhujiDbContext db)
    {
        try
        {
            return db.GetService<IOptions<ComplianceOptions>>().Value.Policy;
        }
        catch (InvalidOperationException)
        {
            return CompliancePolicy.Default;
        }
    }

    /// <summary>
    /// Adds <paramref name="delta"/> to a tally row, creating it at that amount when it is not there, inside the save's
    /// transaction, and gives the row's new value: one statement, so the database does the adding.
    /// </summary>
    internal static async Task<int> AddAsync(ZhujiDbContext db, string table, string[] keys, object[] values, string column, long delta, CancellationToken cancellationToken)
    {
        var keyList = string.Join(", ", keys.Select(k => $"\"{k}\""));
        var parameters = string.Join(", ", keys.Select((_, i) => $"@k{i}"));
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Tallies are written inside the save's transaction.");
        command.CommandText = db.Provider == DatabaseProvider.SqlServer
            ? $"""
                MERGE "{table}" WITH (HOLDLOCK) AS t USING (VALUES ({parameters})) AS s ({keyList})
                ON {string.Join(" AND ", keys.Select(k => $"t.\"{k}\" = s.\"{k}\""))}
                WHEN MATCHED THEN UPDATE SET "{column}" = t."{column}" + @d
                WHEN NOT MATCHED THEN INSERT ({keyList}, "{column}") VALUES ({parameters}, @d)
                OUTPUT inserted."{column}";
                """
            : $"""
                INSERT INTO "{table}" ({keyList}, "{column}") VALUES ({parameters}, @d)
                ON CONFLICT ({keyList}) DO UPDATE SET "{column}" = "{table}"."{column}" + excluded."{column}"
                RETURNING "{column}"
                """;
        for (var i = 0; i < keys.Length; i++)
        {
            GrabStatements.Set(command, $"@k{i}", values[i]);
        }

        GrabStatements.Set(command, "@d", column == "Count" ? delta : (int)delta);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
