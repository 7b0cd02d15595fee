using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Infrastructure.Compliance;

/// <summary>Where a person of a work unit's roll stands with registration.</summary>
public enum RollRegistrationStatus
{
    NotRegistered,
    Pending,
    Approved,
    Rejected,
}

/// <summary>One person of a work unit: flags of the year by month and quarter, and whether he meets the rule.</summary>
public sealed record RollRow(
    long? MemberId,
    string Name,
    string Phone,
    RollRegistrationStatus RegistrationStatus,
    bool InRoster,
    int[] FlagsByMonth,
    int[] FlagsByQuarter,
    int Total,
    bool Evaluated,
    bool? Compliant);

/// <summary>
/// A work unit's people for a year, as its party organization sees them: its approved members (with flags
/// by month from one grouped query), people who registered naming the unit and await approval, and roster
/// people who never registered. Used by the unit's member view and its scheduled reports.
/// </summary>
public static class WorkUnitRoll
{
    public static async Task<List<RollRow>> BuildAsync(ZhujiDbContext db, long unitId, int year, CompliancePolicy policy, CancellationToken cancellationToken)
    {
        var members = await (from m in db.Members.AsNoTracking()
                             join r in db.Registrations on m.RegistrationId equals r.Id
                             where m.WorkUnitId == unitId
                             select new { m.Id, m.Name, m.Phone, m.MemberType, m.FirstApprovedAt, r.Status }).ToListAsync(cancellationToken);

        var waiting = await db.Registrations.AsNoTracking()
            .Where(r => r.WorkUnitId == unitId && (r.MemberId == null || !db.Members.Any(m => m.Id == r.MemberId && m.WorkUnitId == unitId)))
            .Select(r => new { r.Name, r.Phone, r.Status }).ToListAsync(cancellationToken);

        var roster = await db.RosterEntries.AsNoTracking().Where(e => e.WorkUnitId == unitId)
            .Select(e => new { e.Name, e.Phone }).ToListAsync(cancellationToken);
        var rosterPhones = roster.Select(e => e.Phone).ToHashSet();

        var flags = await db.FlagEntries.AsNoTracking()
            .Where(f => f.PeriodYear == year && db.Members.Any(m => m.Id == f.MemberId && m.WorkUnitId == unitId))
            .GroupBy(f => new { f.MemberId, f.PeriodMonth })
            .Select(g => new { g.Key.MemberId, g.Key.PeriodMonth, Flags = g.Sum(f => f.Flags) })
            .ToListAsync(cancellationToken);
        var byMember = flags.ToLookup(f => f.MemberId);

        var rows = new List<RollRow>(members.Count + waiting.Count + roster.Count);
        foreach (var m in members.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            var totals = FlagTotals.Of(byMember[m.Id].Select(f => (f.PeriodMonth, f.Flags)));
            var evaluated = policy.IsEvaluated(m.MemberType, m.FirstApprovedAt, year);
            rows.Add(new RollRow(m.Id, m.Name, m.Phone, Status(m.Status), rosterPhones.Contains(m.Phone), [.. totals.ByMonth], [.. totals.ByQuarter], totals.Total,
                evaluated, evaluated ? policy.IsCompliant(totals.Total) : null));
        }

        foreach (var r in waiting.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            rows.Add(new RollRow(null, r.Name, r.Phone, Status(r.Status), rosterPhones.Contains(r.Phone), new int[12], new int[4], 0, false, null));
        }

        var known = rows.Select(r => r.Phone).ToHashSet();
        foreach (var e in roster.Where(e => !known.Contains(e.Phone)).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            rows.Add(new RollRow(null, e.Name, e.Phone, RollRegistrationStatus.NotRegistered, true, new int[12], new int[4], 0, false, null));
        }

        return rows;
    }

    private static RollRegistrationStatus Status(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Approved => RollRegistrationStatus.Approved,
        RegistrationStatus.Rejected => RollRegistrationStatus.Rejected,
        _ => RollRegistrationStatus.Pending,
    };
}
