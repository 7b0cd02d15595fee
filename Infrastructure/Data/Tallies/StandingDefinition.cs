using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Members;
using Zhuji.Domain.Registrations;

namespace Zhuji.Infrastructure.Data.Tallies;

/// <summary>
/// <c>standing</c>: how many in-service members evaluated for a year have how many flags in it (a bucket from 1 to the
/// threshold, <see cref="CompliancePolicy.Bucket"/>), from which <see cref="Domain.Compliance.Standings"/> gives the
/// city's reached / on track / behind. A save moves a member between buckets when it adds ledger lines for him (his
/// year's total as <paramref name="memberYears"/> wrote it, less what the save added, against that total), or when his
/// type or first approval changes (each of his years, under the old shape and the new). Applied after
/// <paramref name="memberYears"/>; on a server database the member's row is locked before either, which orders an
/// award against a change of the same member.
/// </summary>
public sealed class StandingDefinition(CompliancePolicy policy, TallyDefinition memberYears) : TallyDefinition("standing", TallyTable.Standings)
{
    /// <summary>What of a member the standing depends on.</summary>
    private readonly record struct MemberShape(bool InService, DateTime FirstApprovedAt);

    private sealed record Pending(Dictionary<(long Member, int Year), long> Flags, List<(Member Member, MemberShape? Before)> Members);

    public override string Shape => "in-service members evaluated for the year, by their year's flags capped at the threshold (r1)";

    internal override void Capture(ChangeTracker tracker, TallyMoves moves)
    {
        var pending = new Pending([], []);
        foreach (var line in tracker.Entries<FlagEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity))
        {
            pending.Flags[(line.MemberId, line.PeriodYear)] = pending.Flags.GetValueOrDefault((line.MemberId, line.PeriodYear)) + line.Flags;
            moves.MembersToLock.Add(line.MemberId);
        }

        foreach (var entry in tracker.Entries<Member>())
        {
            if (entry.State == EntityState.Added)
            {
                pending.Members.Add((entry.Entity, null));
            }
            else if (entry.State is EntityState.Modified or EntityState.Unchanged)
            {
                var before = new MemberShape(entry.OriginalValues.GetValue<MemberType>(nameof(Member.MemberType)) == MemberType.InService,
                    entry.OriginalValues.GetValue<DateTime>(nameof(Member.FirstApprovedAt)));
                if (before != ShapeOf(entry.Entity))
                {
                    pending.Members.Add((entry.Entity, before));
                }
            }
        }

        if (pending.Flags.Count > 0 || pending.Members.Count > 0)
        {
            moves.Keep(this, pending);
        }
    }

    internal override async Task ApplyAsync(TallyWriter writer, TallyMoves moves, CancellationToken cancellationToken)
    {
        if (moves.StateOf<Pending>(this) is not { } pending)
        {
            return;
        }

        var db = writer.Db;
        var buckets = new TallyMoves();
        void Move(long memberId, int year, long total, long added, MemberShape? before, MemberShape after)
        {
            var was = before is { } old && Evaluated(old, year) ? policy.Bucket(ToInt(total - added)) : 0;
            var @is = Evaluated(after, year) ? policy.Bucket(ToInt(total)) : 0;
            if (was != @is)
            {
                // Bucket 0 (no flags, or not evaluated) is not kept.
                buckets.Add(this, Key(year, was), was > 0 ? -1 : 0);
                buckets.Add(this, Key(year, @is), @is > 0 ? +1 : 0);
            }
        }

        var reshaped = pending.Members.ToDictionary(m => m.Member.Id);
        foreach (var (member, before) in reshaped.Values)
        {
            // Every year he has flags in (this save's lines included): the old shape's bucket for the total before them, the new shape's for the total after.
            var years = await db.MemberFlagYears.AsNoTracking().Where(y => y.MemberId == member.Id && y.Flags != 0)
                .Select(y => new { y.Year, y.Flags }).ToListAsync(cancellationToken);
            foreach (var year in years)
            {
                Move(member.Id, year.Year, year.Flags, pending.Flags.GetValueOrDefault((member.Id, year.Year)), before, ShapeOf(member));
            }
        }

        var flagged = pending.Flags.Keys.Select(k => k.Member).Where(id => !reshaped.ContainsKey(id)).Distinct().ToList();
        var shapes = flagged.Count == 0 ? [] : await db.Members.AsNoTracking().Where(m => flagged.Contains(m.Id))
            .Select(m => new { m.Id, m.MemberType, m.FirstApprovedAt })
            .ToDictionaryAsync(m => m.Id, m => new MemberShape(m.MemberType == MemberType.InService, m.FirstApprovedAt), cancellationToken);
        foreach (var ((memberId, year), added) in pending.Flags.Where(f => shapes.ContainsKey(f.Key.Member)))
        {
            if (writer.After(memberYears, new TallyKey(memberYears.Name, year, memberId, "")) is { } total)
            {
                Move(memberId, year, total, added, shapes[memberId], shapes[memberId]);
            }
        }

        await writer.AddAsync(this, buckets.Of(this), cancellationToken);
    }

    public override async Task<Dictionary<TallyKey, long>> CountAsync(ZhujiDbContext db, TallySource source, CancellationToken cancellationToken)
    {
        // From the ledger itself, or (a rebuild) from the members' years just rebuilt from it.
        var years = source == TallySource.Tables
            ? from f in db.FlagEntries.AsNoTracking()
              join m in db.Members on f.MemberId equals m.Id
              where m.MemberType == MemberType.InService
              group f by new { f.MemberId, f.PeriodYear, m.FirstApprovedAt } into g
              select new { Year = g.Key.PeriodYear, g.Key.FirstApprovedAt, Flags = g.Sum(f => f.Flags) }
            : from y in db.MemberFlagYears.AsNoTracking()
              join m in db.Members on y.MemberId equals m.Id
              where m.MemberType == MemberType.InService
              select new { y.Year, m.FirstApprovedAt, y.Flags };
        var counts = new Dictionary<TallyKey, long>();
        await foreach (var y in years.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (policy.Bucket(y.Flags) is > 0 and var bucket && Evaluated(new MemberShape(true, y.FirstApprovedAt), y.Year))
            {
                var key = Key(y.Year, bucket);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts;
    }

    private TallyKey Key(int year, int bucket) => new(Name, year, 0, TallyStore.Dim(bucket));

    private bool Evaluated(MemberShape shape, int year) =>
        policy.IsEvaluated(shape.InService ? MemberType.InService : MemberType.Resident, shape.FirstApprovedAt, year);

    private static MemberShape ShapeOf(Member member) => new(member.MemberType == MemberType.InService, member.FirstApprovedAt);

    private static int ToInt(long flags) => (int)Math.Clamp(flags, int.MinValue, int.MaxValue);
}
