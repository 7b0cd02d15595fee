using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Certificates;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Infrastructure.Certificates;

/// <summary>What a certificate states and who issues it, read from the ledger and the confirmed services.</summary>
public static class CertificateReads
{
    /// <summary>
    /// The years' figures from the ledger: flags are the net sum; services are the awards for service (a confirmed
    /// claim, or a service the community entered) not revoked, and hours theirs; <paramref name="starName"/> his star.
    /// </summary>
    public static async Task<CertificateFigures> FiguresAsync(
        ZhujiDbContext db, long memberId, int fromYear, int year, string starName, CancellationToken cancellationToken)
    {
        var member = await (from m in db.Members
                            join c in db.Communities on m.CommunityId equals c.Id
                            join u in db.WorkUnits on m.WorkUnitId equals u.Id into units
                            from u in units.DefaultIfEmpty()
                            where m.Id == memberId
                            select new { m.Name, Community = c.Name, WorkUnit = u == null ? null : u.Name }).SingleAsync(cancellationToken);
        var flags = await db.FlagEntries.AsNoTracking().Where(f => f.MemberId == memberId && f.PeriodYear >= fromYear && f.PeriodYear <= year).SumAsync(f => f.Flags, cancellationToken);
        var lines = await ServiceHours.LinesAsync(db, memberId, fromYear, year, cancellationToken);
        return new CertificateFigures(memberId, year, member.Name, member.WorkUnit ?? "—", member.Community, lines.Count, lines.Sum(l => l.Hours), flags,
            fromYear == year ? null : fromYear, starName);
    }

    /// <summary>
    /// The issuer (<see cref="Certificate.RecordedMostBy"/>: the party organization of the community that recorded most of
    /// the services, or with none recorded his own community's) and the handler's name there, if any.
    /// </summary>
    public static async Task<(string Issuer, string? Handler)> IssuerAsync(ZhujiDbContext db, long memberId, int fromYear, int year, CancellationToken cancellationToken)
    {
        var lines = await ServiceHours.LinesAsync(db, memberId, fromYear, year, cancellationToken);
        var (recorded, actor) = Certificate.RecordedMostBy(lines.Select(l => (l.CommunityId, l.RecordedByUserId)).ToList());
        var community = recorded ?? await db.Members.Where(m => m.Id == memberId).Select(m => m.CommunityId).SingleAsync(cancellationToken);
        var name = await db.Communities.Where(c => c.Id == community).Select(c => c.Name).SingleAsync(cancellationToken);
        var handler = actor is { } user ? await db.Users.Where(u => u.Id == user).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken) : null;
        return ($"{name}党组织", handler);
    }
}
