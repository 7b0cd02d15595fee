using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Flags;

namespace Zhuji.Infrastructure.Data;

/// <summary>
/// A member's services and hours from the ledger: the awards for service (a confirmed claim, or a service the community
/// entered) not revoked, and their hours — of one year (a certificate) or of all years (his star level).
/// </summary>
public static class ServiceHours
{
    public static async Task<(int Services, decimal Hours)> OfAsync(ZhujiDbContext db, long memberId, int? year, CancellationToken cancellationToken)
    {
        var entries = db.FlagEntries.AsNoTracking().Where(f => f.MemberId == memberId);
        if (year is { } y)
        {
            entries = entries.Where(f => f.PeriodYear == y);
        }

        var services = await entries
            .Where(f => f.Kind == FlagEntryKind.Award && (f.ClaimId != null || f.ServiceRecordId != null) && !db.FlagEntries.Any(r => r.RevokesEntryId == f.Id))
            .Select(f => new { f.ClaimId, f.ServiceRecordId }).ToListAsync(cancellationToken);
        var claimIds = services.Where(s => s.ClaimId is not null).Select(s => s.ClaimId!.Value).ToList();
        var recordIds = services.Where(s => s.ServiceRecordId is not null).Select(s => s.ServiceRecordId!.Value).ToList();
        // Summed here: SQLite cannot sum decimals in SQL.
        var hours = (claimIds.Count == 0 ? 0 : (await db.Claims.AsNoTracking().Where(c => claimIds.Contains(c.Id)).Select(c => c.Hours).ToListAsync(cancellationToken)).Sum(h => h ?? 0)) +
                    (recordIds.Count == 0 ? 0 : (await db.ServiceRecords.AsNoTracking().Where(r => recordIds.Contains(r.Id)).Select(r => r.Hours).ToListAsync(cancellationToken)).Sum());
        return (services.Count, hours);
    }
}
