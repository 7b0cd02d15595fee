using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Zhuji.Domain.Registrations;

namespace Zhuji.Infrastructure.Data.Tallies;

/// <summary>
/// <c>rosterRegistered</c>: per work unit, the roster lines whose person has registered naming the unit and was not
/// refused. A join, not a function of one row: a save that touches what it depends on (a registration's unit, phone
/// or status; a roster line's unit or phone) counts the unit again, under a lock of the unit's row taken first, so
/// it sees every save of the unit committed before it.
/// </summary>
public sealed class RosterRegisteredDefinition() : TallyDefinition("rosterRegistered", TallyTable.Counts)
{
    public override string Shape => "roster lines matched by unit and phone to a registration not rejected, per unit (r1)";

    /// <summary>The roster lines whose person has registered naming the unit, and was not refused.</summary>
    public static IQueryable<RosterEntry> Matched(ZhujiDbContext db) =>
        db.RosterEntries.Where(e => db.Registrations.Any(r => r.WorkUnitId == e.WorkUnitId && r.Phone == e.Phone && r.Status != RegistrationStatus.Rejected));

    internal override void Capture(ChangeTracker tracker, TallyMoves moves)
    {
        var units = new SortedSet<long>();
        Touched(tracker.Entries<Registration>(), units, e => e.WorkUnitId, nameof(Registration.WorkUnitId), nameof(Registration.Phone), nameof(Registration.Status));
        Touched(tracker.Entries<RosterEntry>(), units, e => e.WorkUnitId, nameof(RosterEntry.WorkUnitId), nameof(RosterEntry.Phone));
        if (units.Count > 0)
        {
            moves.Keep(this, units);
        }
    }

    internal override async Task ApplyAsync(TallyWriter writer, TallyMoves moves, CancellationToken cancellationToken)
    {
        foreach (var unit in moves.StateOf<SortedSet<long>>(this) ?? [])
        {
            var key = Key(unit);
            await TallyStore.AddAsync(writer.Db, Table, key, 0, cancellationToken, stripe: 0);
            await TallyStore.SetAsync(writer.Db, key, await Matched(writer.Db).CountAsync(e => e.WorkUnitId == unit, cancellationToken), cancellationToken);
        }
    }

    public override async Task<Dictionary<TallyKey, long>> CountAsync(ZhujiDbContext db, TallySource source, CancellationToken cancellationToken) =>
        (await Matched(db).GroupBy(e => e.WorkUnitId).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken))
            .ToDictionary(u => Key(u.Key), u => u.Count);

    private TallyKey Key(long unit) => new(Name, 0, unit, "");

    private static void Touched<T>(IEnumerable<EntityEntry<T>> entries, SortedSet<long> units, Func<T, long?> unitOf, params string[] dependsOn)
        where T : class
    {
        foreach (var entry in entries)
        {
            var changed = entry.State is EntityState.Added or EntityState.Deleted
                || dependsOn.Any(p => !Equals(entry.Property(p).OriginalValue, entry.Property(p).CurrentValue));
            if (!changed)
            {
                continue;
            }

            if (entry.State != EntityState.Added && entry.OriginalValues[dependsOn[0]] is long was)
            {
                units.Add(was);
            }

            if (entry.State != EntityState.Deleted && unitOf(entry.Entity) is { } @is)
            {
                units.Add(@is);
            }
        }
    }
}
