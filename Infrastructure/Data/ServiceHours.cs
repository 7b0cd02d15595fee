using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Flags;

namespace Zhuji.Infrastructure.Data;

/// <summary>One confirmed service from the ledger: when, what, how long, the community it was recorded in and by whom.</summary>
public sealed record ServiceLine(DateTime ServedAt, string Title, decimal Hours, long CommunityId, long RecordedByUserId);

/// <summary>
/// A member's services and hours from the ledger: the awards for service (a confirmed claim, or a service the community
/// entered) not revoked, and their hours — of some years (a certificate) or of all years (his star level).
/// </summary>
public static class ServiceHours
{
    public static async Task<(int Services, decimal Hours)> OfAsync(ZhujiDbContext db, long memberId, int? year, CancellationToken cancellationToken)
    {
        var lines = await LinesAsync(db, memberId, year, year, cancellationToken);
        return (lines.Count, lines.Sum(l => l.Hours));
    }

    /// <summary>Hours over all years of several members at once (a leaderboard's stars), in three queries.</summary>
    public static async Task<Dictionary<long, decimal>> LifetimeAsync(ZhujiDbContext db, IReadOnlyCollection<long> memberIds, CancellationToken cancellationToken)
    {
        var ids = memberIds.Distinct().ToList();
        var hours = ids.ToDictionary(id => id, _ => 0m);
        foreach (var award in await AwardsAsync(db, db.FlagEntries.Where(f => ids.Contains(f.MemberId)), cancellationToken))
        {
            hours[award.MemberId] += award.Hours;
        }

        return hours;
    }

    /// <summary>The services of <paramref name="fromYear"/> to <paramref name="toYear"/> (all years when null), by date.</summary>
    public static async Task<IReadOnlyList<ServiceLine>> LinesAsync(ZhujiDbContext db, long memberId, int? fromYear, int? toYear, CancellationToken cancellationToken)
    {
        var entries = db.FlagEntries.Where(f => f.MemberId == memberId);
        if (fromYear is { } from)
        {
            entries = entries.Where(f => f.PeriodYear >= from);
        }

        if (toYear is { } to)
        {
            entries = entries.Where(f => f.PeriodYear <= to);
        }

        return (await AwardsAsync(db, entries, cancellationToken))
            .Select(a => new ServiceLine(a.ServedAt, a.Title, a.Hours, a.CommunityId, a.ActorUserId))
            .OrderBy(l => l.ServedAt).ToList();
    }

    private sealed record Award(long MemberId, DateTime ServedAt, string Title, long CommunityId, long ActorUserId, decimal Hours);

    /// <summary>
    /// The awards for service among <paramref name="entries"/> that no line revokes, each with the hours of its claim or
    /// entered record: three queries, the hours summed here (SQLite cannot sum decimals in SQL).
    /// </summary>
    private static async Task<List<Award>> AwardsAsync(ZhujiDbContext db, IQueryable<FlagEntry> entries, CancellationToken cancellationToken)
    {
        var awards = await entries.AsNoTracking()
            .Where(f => f.Kind == FlagEntryKind.Award && (f.ClaimId != null || f.ServiceRecordId != null) && !db.FlagEntries.Any(r => r.RevokesEntryId == f.Id))
            .Select(f => new { f.MemberId, f.ClaimId, f.ServiceRecordId, f.ServedAt, f.Title, f.CommunityId, f.ActorUserId }).ToListAsync(cancellationToken);
        var claimIds = awards.Where(a => a.ClaimId is not null).Select(a => a.ClaimId!.Value).ToList();
        var recordIds = awards.Where(a => a.ServiceRecordId is not null).Select(a => a.ServiceRecordId!.Value).ToList();
        var claimHours = claimIds.Count == 0 ? [] : await db.Claims.AsNoTracking().Where(c => claimIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Hours ?? 0, cancellationToken);
        var recordHours = recordIds.Count == 0 ? [] : await db.ServiceRecords.AsNoTracking().Where(r => recordIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Hours, cancellationToken);
        return awards.Select(a => new Award(a.MemberId, a.ServedAt, a.Title, a.CommunityId, a.ActorUserId,
            a.ClaimId is { } c ? claimHours.GetValueOrDefault(c) : recordHours.GetValueOrDefault(a.ServiceRecordId!.Value))).ToList();
    }
}
