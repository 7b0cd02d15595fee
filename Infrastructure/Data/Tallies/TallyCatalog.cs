using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Common;
using Zhuji.Domain.Compliance;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Members;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Stewardships;
using Zhuji.Domain.Tasks;
using Zhuji.Domain.Wishes;

namespace Zhuji.Infrastructure.Data.Tallies;

/// <summary>
/// Every counted thing the statistics read instead of counting their tables (ADR 0016), declared here and nowhere else:
/// its name, its table, the cell a row counts in and by how much, and how to count it from scratch. The same
/// declaration is used by the capture of every save (<see cref="TallyInterceptor"/>), by the rebuild at start-up and the
/// drift check (<see cref="TallyMaintenance"/>), and by the writes the change tracker does not see
/// (<see cref="Counted{T}.MoveAsync"/>, <see cref="Counted{T}.RecountAsync"/>).
/// </summary>
/// <remarks>
/// To add a counted thing, or change what one counts: declare it below, bump <see cref="Version"/> and record the new
/// <see cref="Signature"/> where the tests keep them (<c>TallyCatalogTests</c>). Every existing database then rebuilds its
/// tallies at its next start; without the bump it would keep counting from rows built by the old definitions.
/// </remarks>
public sealed class TallyCatalog
{
    /// <summary>
    /// The definitions' version, stored with the policy (<see cref="Fingerprint"/>); 1 was the unversioned first set,
    /// 3 stopped counting members' own reports (自主申报) as tasks.
    /// </summary>
    public const int Version = 3;

    public TallyCatalog(CompliancePolicy policy)
        : this(policy, Version, [])
    {
    }

    private readonly IReadOnlyList<TallyDefinition> extensions;

    private TallyCatalog(CompliancePolicy policy, int version, IReadOnlyList<TallyDefinition> extra)
    {
        extensions = extra;
        Policy = policy;
        DefinitionsVersion = version;

        // The flag ledger: a member's year, a community's month, the city's month (the amounts are the lines' flags).
        MemberYears = new Counted<FlagEntry>("memberYears", TallyTable.MemberYears, f => new Cell(f.PeriodYear, f.MemberId, ""), f => f.Flags,
            grouped: q => q.GroupBy(f => new { f.PeriodYear, f.MemberId }).Select(g => new Counting(new Cell(g.Key.PeriodYear, g.Key.MemberId, ""), g.Sum(f => (long)f.Flags))),
            rebuildSql: """
                INSERT INTO "MemberFlagYears" ("MemberId", "Year", "Flags")
                SELECT "MemberId", "PeriodYear", SUM("Flags") FROM "FlagEntries" GROUP BY "MemberId", "PeriodYear"
                """);
        CommunityMonths = new Counted<FlagEntry>("communityMonths", TallyTable.CommunityMonths, f => new Cell(f.PeriodYear, f.CommunityId, TallyStore.Dim(f.PeriodMonth)), f => f.Flags,
            grouped: q => q.GroupBy(f => new { f.PeriodYear, f.CommunityId, f.PeriodMonth })
                .Select(g => new Counting(new Cell(g.Key.PeriodYear, g.Key.CommunityId, TallyStore.Dim(g.Key.PeriodMonth)), g.Sum(f => (long)f.Flags))),
            rebuildSql: """
                INSERT INTO "CommunityFlagMonths" ("CommunityId", "Year", "Month", "Flags")
                SELECT "CommunityId", "PeriodYear", "PeriodMonth", SUM("Flags") FROM "FlagEntries" GROUP BY "CommunityId", "PeriodYear", "PeriodMonth"
                """);
        CityMonths = new Counted<FlagEntry>("flags", TallyTable.Counts, f => new Cell(f.PeriodYear, 0, TallyStore.Dim(f.PeriodMonth)), f => f.Flags,
            grouped: q => q.GroupBy(f => new { f.PeriodYear, f.PeriodMonth })
                .Select(g => new Counting(new Cell(g.Key.PeriodYear, 0, TallyStore.Dim(g.Key.PeriodMonth)), g.Sum(f => (long)f.Flags))));

        // The evaluated members: in-service members by their first evaluated year, and by their year's flags.
        Cohorts = new Counted<Member>("cohort", TallyTable.Cohorts,
            m => m.MemberType == MemberType.InService ? new Cell(policy.FirstEvaluatedYear(m.FirstApprovedAt), 0, "") : null);
        Standing = new StandingDefinition(policy, MemberYears);

        // The registry behind /stats/city.
        Members = new Counted<Member>("members", TallyTable.Counts, m => new Cell(0, 0, ""),
            grouped: q => q.GroupBy(m => m.MemberType).Select(g => new Counting(new Cell(0, 0, ""), g.LongCount())));
        Registrations = new Counted<Registration>("registrations", TallyTable.Counts, r => new Cell(0, 0, r.Status.ToString()),
            grouped: q => q.GroupBy(r => r.Status).Select(g => new Counting(new Cell(0, 0, g.Key.ToString()), g.LongCount())));
        Roster = new Counted<RosterEntry>("roster", TallyTable.Counts, e => new Cell(0, 0, ""),
            grouped: q => q.GroupBy(e => e.WorkUnitId).Select(g => new Counting(new Cell(0, 0, ""), g.LongCount())));
        RosterRegistered = new RosterRegisteredDefinition();
        // Published tasks not cancelled; a member's own report (自主申报, v3) is not a task anyone published.
        Tasks = new Counted<VolunteerTask>("tasks", TallyTable.Counts,
            t => t.Status == VolunteerTaskStatus.Cancelled || t.Reported ? null : new Cell(ShanghaiTime.YearOf(t.StartsAt), t.CommunityId ?? 0, t.Category.ToString()));
        Wishes = new Counted<Wish>("wishes", TallyTable.Counts, w => new Cell(ShanghaiTime.YearOf(w.SubmittedAt), 0, w.Status.ToString()));
        Stewards = new Counted<Stewardship>("stewards", TallyTable.Counts, s => new Cell(s.Year, 0, s.Status.ToString()),
            grouped: q => q.GroupBy(s => new { s.Year, s.Status }).Select(g => new Counting(new Cell(g.Key.Year, 0, g.Key.Status.ToString()), g.LongCount())));
        Compliance = new Counted<ComplianceResult>("compliance", TallyTable.Counts, r => new Cell(r.Year, 0, r.Status.ToString()),
            grouped: q => q.GroupBy(r => new { r.Year, r.Status }).Select(g => new Counting(new Cell(g.Key.Year, 0, g.Key.Status.ToString()), g.LongCount())));

        // In this order: the standing reads the members' years this save wrote.
        Definitions = [MemberYears, CommunityMonths, CityMonths, Cohorts, Standing, Members, Registrations, Roster, RosterRegistered, Tasks, Wishes, Stewards, Compliance, .. extra];
        if (Definitions.Select(d => d.Name).Distinct(StringComparer.Ordinal).Count() != Definitions.Count)
        {
            throw new InvalidOperationException("Two counted things share a name.");
        }
    }

    public CompliancePolicy Policy { get; }

    /// <summary><see cref="Version"/>, or a later one for a catalog with more definitions (<see cref="With"/>).</summary>
    public int DefinitionsVersion { get; }

    public IReadOnlyList<TallyDefinition> Definitions { get; }

    public Counted<FlagEntry> MemberYears { get; }
    public Counted<FlagEntry> CommunityMonths { get; }
    public Counted<FlagEntry> CityMonths { get; }
    public Counted<Member> Cohorts { get; }
    public StandingDefinition Standing { get; }
    public Counted<Member> Members { get; }
    public Counted<Registration> Registrations { get; }
    public Counted<RosterEntry> Roster { get; }
    public RosterRegisteredDefinition RosterRegistered { get; }
    public Counted<VolunteerTask> Tasks { get; }
    public Counted<Wish> Wishes { get; }
    public Counted<Stewardship> Stewards { get; }
    public Counted<ComplianceResult> Compliance { get; }

    /// <summary>What the tallies of a database were built under: the definitions' version, the threshold and the cutoff.</summary>
    public string Fingerprint => $"v{DefinitionsVersion};{Policy.AnnualThreshold}:{Policy.CutoffMonth:D2}-{Policy.CutoffDay:D2}";

    /// <summary>A hash of every definition's name, table and shape: it changes whenever what is counted changes.</summary>
    public string Signature => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join("\n", Definitions.Select(d => $"{d.Name}|{d.Table}|{d.Shape}")))))[..16].ToLowerInvariant();

    /// <summary>This catalog with one more definition, under <paramref name="version"/> (an extension adding a counted thing).</summary>
    public TallyCatalog With(TallyDefinition extra, int version) => new(Policy, version, [.. extensions, extra]);

    /// <summary>Before a save: what its tracked changes move (null when nothing counted changes).</summary>
    public TallyMoves? Capture(ZhujiDbContext db)
    {
        // Read what the change tracker holds without a change scan: each definition compares original and current values itself.
        var tracker = db.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            var moves = new TallyMoves();
            foreach (var definition in Definitions)
            {
                definition.Capture(tracker, moves);
            }

            return moves.IsEmpty ? null : moves;
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }

    /// <summary>The city's standing for a year from the tallies (<see cref="Domain.Compliance.Standings"/>).</summary>
    public async Task<StandingCounts> StandingAsync(ZhujiDbContext db, int year, DateTime now, CancellationToken cancellationToken)
    {
        var cohorts = await db.CohortTallies.AsNoTracking().Where(c => c.FirstYear <= year).GroupBy(c => c.FirstYear)
            .Select(g => new { g.Key, Count = g.Sum(c => c.Count) }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var buckets = await db.StandingTallies.AsNoTracking().Where(s => s.Year == year).GroupBy(s => s.Bucket)
            .Select(g => new { g.Key, Count = g.Sum(s => s.Count) }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return Domain.Compliance.Standings.Of(cohorts, buckets, year, now, Policy);
    }
}
