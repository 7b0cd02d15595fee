using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Common;
using Zhuji.Domain.Members;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Stewardships;
using Zhuji.Domain.Tasks;
using Zhuji.Domain.Wishes;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// One count the city's statistics read instead of counting a table: <see cref="Name"/> (what is counted), for a
/// <see cref="Year"/> (0: now), a <see cref="Scope"/> (a community or work unit; 0: the city) and a <see cref="Dim"/>
/// (a status or category; "" for none). A city-wide count is spread over <see cref="LedgerTallies.Stripes"/> rows (a
/// random one per change) so that parallel saves on a server database seldom wait for one row; the count is their sum.
/// </summary>
public sealed class Tally
{
    public string Name { get; set; } = "";
    public int Year { get; set; }
    public long Scope { get; set; }
    public string Dim { get; set; } = "";
    public int Stripe { get; set; }
    public long Count { get; set; }
}

/// <summary>A tally's key (all but the stripe).</summary>
public readonly record struct TallyKey(string Name, int Year, long Scope, string Dim);

/// <summary>
/// The counts behind <c>/stats/city</c>, kept in the save that changes what they count, like the ledger's tallies:
/// every tracked member, registration, roster line, task, wish and stewardship counts −1 under the keys of its
/// values before the save and +1 under those after it. A unit's roster lines that have registered are counted
/// again for the unit, under a lock of its row, whenever its roster or its registrations change. The two writes
/// that bypass the change tracker keep them themselves: a wish fulfilled by a confirmation (<see cref="WishWrites"/>)
/// and the annual check's results (<see cref="SetAsync"/>). Rebuilt with the ledger's tallies. ADR 0016.
/// </summary>
public static class RegistryTallies
{
    public const string Members = "members";
    public const string Registrations = "registrations";
    public const string Roster = "roster";
    public const string RosterRegistered = "rosterRegistered";
    public const string Tasks = "tasks";
    public const string Wishes = "wishes";
    public const string Stewards = "stewards";
    public const string Compliance = "compliance";
    public const string Flags = "flags";

    /// <summary>The city's net flags of a month (the dimension is the month, 1 to 12).</summary>
    public static TallyKey FlagsOfMonth(int year, int month) => new(Flags, year, 0, month.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>What a save will change: counts by key, and the work units whose registered roster lines to count again.</summary>
    internal sealed record Pending(Dictionary<TallyKey, long> Deltas, SortedSet<long> Units);

    internal static Pending? Capture(ZhujiDbContext db)
    {
        var deltas = new Dictionary<TallyKey, long>();
        var units = new SortedSet<long>();
        void Count(IEnumerable<TallyKey> keys, long delta)
        {
            foreach (var key in keys)
            {
                deltas[key] = deltas.GetValueOrDefault(key) + delta;
            }
        }

        // touched: the values the unit's count of registered roster lines depends on changed (or the row is new or gone).
        void Follow<T>(Func<Func<string, object?>, IEnumerable<TallyKey>> keys, Func<Func<string, object?>, long?>? unit = null, string[]? touchedBy = null)
            where T : class
        {
            foreach (var entry in db.ChangeTracker.Entries<T>())
            {
                if (entry.State is EntityState.Detached)
                {
                    continue;
                }

                Func<string, object?> now = name => entry.Property(name).CurrentValue;
                Func<string, object?> before = name => entry.Property(name).OriginalValue;
                var touched = entry.State is EntityState.Added or EntityState.Deleted
                    || (touchedBy ?? []).Any(name => !Equals(before(name), now(name)));
                if (entry.State != EntityState.Added)
                {
                    Count(keys(before), -1);
                    if (touched && unit?.Invoke(before) is { } was)
                    {
                        units.Add(was);
                    }
                }

                if (entry.State != EntityState.Deleted)
                {
                    Count(keys(now), +1);
                    if (touched && unit?.Invoke(now) is { } @is)
                    {
                        units.Add(@is);
                    }
                }
            }
        }

        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            Follow<Member>(_ => [new(Members, 0, 0, "")]);
            Follow<Registration>(v => [new(Registrations, 0, 0, $"{v(nameof(Registration.Status))}")],
                v => v(nameof(Registration.WorkUnitId)) as long?, [nameof(Registration.WorkUnitId), nameof(Registration.Phone), nameof(Registration.Status)]);
            Follow<RosterEntry>(_ => [new(Roster, 0, 0, "")], v => (long?)v(nameof(RosterEntry.WorkUnitId)), [nameof(RosterEntry.WorkUnitId), nameof(RosterEntry.Phone)]);
            Follow<VolunteerTask>(v => (VolunteerTaskStatus)v(nameof(VolunteerTask.Status))! == VolunteerTaskStatus.Cancelled ? []
                : [new(Tasks, ShanghaiTime.YearOf((DateTime)v(nameof(VolunteerTask.StartsAt))!), (long?)v(nameof(VolunteerTask.CommunityId)) ?? 0, $"{v(nameof(VolunteerTask.Category))}")]);
            Follow<Wish>(v => [new(Wishes, ShanghaiTime.YearOf((DateTime)v(nameof(Wish.SubmittedAt))!), 0, $"{v(nameof(Wish.Status))}")]);
            Follow<Stewardship>(v => [new(Stewards, (int)v(nameof(Stewardship.Year))!, 0, $"{v(nameof(Stewardship.Status))}")]);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }

        foreach (var unchanged in deltas.Where(d => d.Value == 0).Select(d => d.Key).ToList())
        {
            deltas.Remove(unchanged);
        }

        return deltas.Count == 0 && units.Count == 0 ? null : new Pending(deltas, units);
    }

    internal static async Task ApplyAsync(ZhujiDbContext db, Pending pending, CancellationToken cancellationToken)
    {
        foreach (var (key, delta) in pending.Deltas.OrderBy(d => d.Key.Name, StringComparer.Ordinal).ThenBy(d => d.Key.Year).ThenBy(d => d.Key.Scope).ThenBy(d => d.Key.Dim, StringComparer.Ordinal))
        {
            await AddAsync(db, key, delta, cancellationToken);
        }

        foreach (var unit in pending.Units)
        {
            // The unit's row first (locked to the end of the transaction on a server database), then its count, which
            // then sees every save of the unit committed before this one.
            var key = new TallyKey(RosterRegistered, 0, unit, "");
            await LedgerTallies.AddAsync(db, "Tallies", ["Name", "Year", "Scope", "Dim", "Stripe"], [key.Name, 0, unit, "", 0], "Count", 0, cancellationToken);
            var registered = await RegisteredInRoster(db).CountAsync(e => e.WorkUnitId == unit, cancellationToken);
            await db.Tallies.Where(t => t.Name == RosterRegistered && t.Year == 0 && t.Scope == unit && t.Dim == "" && t.Stripe == 0)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.Count, registered), cancellationToken);
        }
    }

    /// <summary>Adds to a count inside the caller's transaction (for the writes the change tracker does not see).</summary>
    public static Task AddAsync(ZhujiDbContext db, TallyKey key, long delta, CancellationToken cancellationToken) =>
        LedgerTallies.AddAsync(db, "Tallies", ["Name", "Year", "Scope", "Dim", "Stripe"],
            [key.Name, key.Year, key.Scope, key.Dim, key.Scope == 0 ? Random.Shared.Next(LedgerTallies.Stripes) : 0], "Count", delta, cancellationToken);

    /// <summary>Sets the counts of <paramref name="name"/> for <paramref name="year"/> (a set-based write's, counted after it), inside the caller's transaction.</summary>
    public static async Task SetAsync(ZhujiDbContext db, string name, int year, IReadOnlyDictionary<string, long> counts, CancellationToken cancellationToken)
    {
        await db.Tallies.Where(t => t.Name == name && t.Year == year).ExecuteDeleteAsync(cancellationToken);
        db.Tallies.AddRange(counts.Select(c => new Tally { Name = name, Year = year, Dim = c.Key, Count = c.Value }));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The roster lines whose person has registered naming the unit, and was not refused.</summary>
    public static IQueryable<RosterEntry> RegisteredInRoster(ZhujiDbContext db) =>
        db.RosterEntries.Where(e => db.Registrations.Any(r => r.WorkUnitId == e.WorkUnitId && r.Phone == e.Phone && r.Status != RegistrationStatus.Rejected));

    /// <summary>Every count from the tables (non-zero ones): what a rebuild writes.</summary>
    /// <param name="fromLedger">The city's months summed from the ledger itself, or from the communities' months (a rebuild, which has just written them).</param>
    internal static async Task<Dictionary<TallyKey, long>> ExpectedAsync(ZhujiDbContext db, bool fromLedger, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<TallyKey, long>
        {
            [new(Members, 0, 0, "")] = await db.Members.LongCountAsync(cancellationToken),
            [new(Roster, 0, 0, "")] = await db.RosterEntries.LongCountAsync(cancellationToken),
        };
        void Add(TallyKey key, long count) => rows[key] = rows.GetValueOrDefault(key) + count;
        foreach (var s in await db.Registrations.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken))
        {
            Add(new(Registrations, 0, 0, $"{s.Key}"), s.Count);
        }

        foreach (var u in await RegisteredInRoster(db).GroupBy(e => e.WorkUnitId).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken))
        {
            Add(new(RosterRegistered, 0, u.Key, ""), u.Count);
        }

        await foreach (var t in db.Tasks.AsNoTracking().Where(t => t.Status != VolunteerTaskStatus.Cancelled).Select(t => new { t.StartsAt, t.CommunityId, t.Category })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            Add(new(Tasks, ShanghaiTime.YearOf(t.StartsAt), t.CommunityId ?? 0, $"{t.Category}"), 1);
        }

        await foreach (var w in db.Wishes.AsNoTracking().Select(w => new { w.SubmittedAt, w.Status }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            Add(new(Wishes, ShanghaiTime.YearOf(w.SubmittedAt), 0, $"{w.Status}"), 1);
        }

        foreach (var s in await db.Stewardships.GroupBy(s => new { s.Year, s.Status }).Select(g => new { g.Key.Year, g.Key.Status, Count = g.LongCount() }).ToListAsync(cancellationToken))
        {
            Add(new(Stewards, s.Year, 0, $"{s.Status}"), s.Count);
        }

        foreach (var c in await db.ComplianceResults.GroupBy(r => new { r.Year, r.Status }).Select(g => new { g.Key.Year, g.Key.Status, Count = g.LongCount() }).ToListAsync(cancellationToken))
        {
            Add(new(Compliance, c.Year, 0, $"{c.Status}"), c.Count);
        }

        var months = fromLedger
            ? db.FlagEntries.GroupBy(f => new { Year = f.PeriodYear, Month = f.PeriodMonth }).Select(g => new { g.Key.Year, g.Key.Month, Flags = g.Sum(f => (long)f.Flags) })
            : db.CommunityFlagMonths.GroupBy(m => new { m.Year, m.Month }).Select(g => new { g.Key.Year, g.Key.Month, Flags = g.Sum(m => (long)m.Flags) });
        foreach (var m in await months.ToListAsync(cancellationToken))
        {
            Add(FlagsOfMonth(m.Year, m.Month), m.Flags);
        }

        return rows.Where(r => r.Value != 0).ToDictionary();
    }

    /// <summary>The count of <paramref name="name"/> for a year, every scope and dimension together.</summary>
    public static async Task<long> TotalAsync(ZhujiDbContext db, string name, int year, CancellationToken cancellationToken) =>
        await db.Tallies.AsNoTracking().Where(t => t.Name == name && t.Year == year).SumAsync(t => (long?)t.Count, cancellationToken) ?? 0;

    /// <summary>The counts of <paramref name="name"/> for a year, by scope and dimension.</summary>
    public static async Task<Dictionary<(long Scope, string Dim), long>> ReadAsync(ZhujiDbContext db, string name, int year, CancellationToken cancellationToken) =>
        (await db.Tallies.AsNoTracking().Where(t => t.Name == name && t.Year == year).GroupBy(t => new { t.Scope, t.Dim })
            .Select(g => new { g.Key.Scope, g.Key.Dim, Count = g.Sum(t => t.Count) }).ToListAsync(cancellationToken))
        .ToDictionary(t => (t.Scope, t.Dim), t => t.Count);
}
