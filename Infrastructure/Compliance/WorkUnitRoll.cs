using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Compliance;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Members;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Infrastructure.Compliance;

/// <summary>A person of a work unit's roll, before any flags: who, registration, roster, whether evaluated this year.</summary>
public sealed record RollPerson(long? MemberId, string Name, string Phone, RollRegistrationStatus RegistrationStatus, bool InRoster, bool Evaluated);

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
    bool? Compliant,
    AppraisalGrade? Appraisal = null,
    string? AppraisalComment = null)
{
    /// <summary>社区评议 as printed: 优秀…, or 未评议.</summary>
    public string AppraisalText => Appraisal is { } grade ? Domain.Members.Appraisal.NameOf(grade) : "未评议";

    public FlagTotals Totals => FlagTotals.Of(FlagsByMonth.Select((flags, i) => (i + 1, flags)));
}

/// <summary>
/// A work unit's people for a year, as its party organization sees them: its approved members (with flags
/// by month from one grouped query), people who registered naming the unit and await approval, and roster
/// people who never registered. Used by the unit's member view and its reports; the annual report takes the
/// people as they stood on 31 December (<see cref="YearEndRollEntry"/>).
/// </summary>
public static class WorkUnitRoll
{
    /// <param name="recordedBefore">Only ledger entries recorded before this moment count (a report "as of" a date).</param>
    /// <param name="people">The people to count (a year-end snapshot); by default the unit's people now.</param>
    public static async Task<List<RollRow>> BuildAsync(
        ZhujiDbContext db, long unitId, int year, CompliancePolicy policy, CancellationToken cancellationToken,
        DateTime? recordedBefore = null, IReadOnlyList<RollPerson>? people = null)
    {
        people ??= await PeopleAsync(db, unitId, year, policy, cancellationToken);
        var memberIds = people.Where(p => p.MemberId is not null).Select(p => p.MemberId!.Value).ToList();
        var entries = db.FlagEntries.AsNoTracking().Where(f => f.PeriodYear == year && memberIds.Contains(f.MemberId));
        if (recordedBefore is { } cut)
        {
            entries = entries.Where(f => f.RecordedAt < cut);
        }

        var flags = await entries
            .GroupBy(f => new { f.MemberId, f.PeriodMonth })
            .Select(g => new { g.Key.MemberId, g.Key.PeriodMonth, Flags = g.Sum(f => f.Flags) })
            .ToListAsync(cancellationToken);
        var byMember = flags.ToLookup(f => f.MemberId);
        // The community's grade of the year (社区评议), shown to the unit beside the flags.
        var appraisals = await db.Appraisals.AsNoTracking().Where(a => a.Year == year && memberIds.Contains(a.MemberId))
            .Select(a => new { a.MemberId, a.Grade, a.Comment }).ToDictionaryAsync(a => a.MemberId, cancellationToken);
        return people.Select(p =>
        {
            var totals = p.MemberId is { } id ? FlagTotals.Of(byMember[id].Select(f => (f.PeriodMonth, f.Flags))) : FlagTotals.Of([]);
            return new RollRow(p.MemberId, p.Name, p.Phone, p.RegistrationStatus, p.InRoster, [.. totals.ByMonth], [.. totals.ByQuarter], totals.Total,
                p.Evaluated, p.Evaluated ? policy.IsCompliant(totals.Total) : null,
                p.MemberId is { } m && appraisals.TryGetValue(m, out var a) ? a.Grade : null, p.MemberId is { } n && appraisals.TryGetValue(n, out var b) ? b.Comment : null);
        }).ToList();
    }

    /// <summary>The unit's people now: members (by name), then those awaiting approval, then roster people never registered.</summary>
    public static async Task<List<RollPerson>> PeopleAsync(ZhujiDbContext db, long unitId, int year, CompliancePolicy policy, CancellationToken cancellationToken)
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

        var people = new List<RollPerson>(members.Count + waiting.Count + roster.Count);
        people.AddRange(members.OrderBy(m => m.Name, StringComparer.Ordinal).Select(m =>
            new RollPerson(m.Id, m.Name, m.Phone, Status(m.Status), rosterPhones.Contains(m.Phone), policy.IsEvaluated(m.MemberType, m.FirstApprovedAt, year))));
        people.AddRange(waiting.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r =>
            new RollPerson(null, r.Name, r.Phone, Status(r.Status), rosterPhones.Contains(r.Phone), false)));
        var known = people.Select(p => p.Phone).ToHashSet();
        people.AddRange(roster.Where(e => !known.Contains(e.Phone)).OrderBy(e => e.Name, StringComparer.Ordinal).Select(e =>
            new RollPerson(null, e.Name, e.Phone, RollRegistrationStatus.NotRegistered, true, false)));
        return people;
    }

    /// <summary>The unit's people as they stood at the end of <paramref name="year"/>, if the snapshot was taken.</summary>
    public static async Task<List<RollPerson>?> YearEndPeopleAsync(ZhujiDbContext db, long unitId, int year, CancellationToken cancellationToken)
    {
        var entries = await db.YearEndRollEntries.AsNoTracking().Where(e => e.Year == year && e.WorkUnitId == unitId).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return entries.Count == 0 && !await db.YearEndRollEntries.AnyAsync(e => e.Year == year, cancellationToken)
            ? null
            : entries.Select(e => new RollPerson(e.MemberId, e.Name, e.Phone, Enum.Parse<RollRegistrationStatus>(e.RegistrationStatus), e.InRoster, e.Evaluated)).ToList();
    }

    private static RollRegistrationStatus Status(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Approved => RollRegistrationStatus.Approved,
        RegistrationStatus.Rejected => RollRegistrationStatus.Rejected,
        _ => RollRegistrationStatus.Pending,
    };
}
