using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Http;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Registrations;

public sealed record RegistrationRow(Registration Registration, string CommunityName, string BlockName, string? WorkUnitName);

/// <summary>Reads registrations for the answer: with the names of their places, and their history.</summary>
public sealed class RegistrationReader(ZhujiDbContext db)
{
    public async Task<RegistrationDto?> LoadAsync(long id, bool withHistory, CancellationToken cancellationToken)
    {
        var rows = await Project(db.Registrations.AsNoTracking().Where(r => r.Id == id)).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return null;
        }

        var history = withHistory ? await HistoryAsync(id, cancellationToken) : null;
        return ToDto(rows[0], history);
    }

    public IQueryable<RegistrationRow> Project(IQueryable<Registration> registrations) =>
        from r in registrations
        join c in db.Communities on r.CommunityId equals c.Id
        join b in db.Blocks on r.BlockId equals b.Id
        join u in db.WorkUnits on r.WorkUnitId equals u.Id into units
        from u in units.DefaultIfEmpty()
        select new RegistrationRow(r, c.Name, b.Name, u == null ? null : u.Name);

    public static RegistrationDto ToDto(RegistrationRow row, IReadOnlyList<RegistrationHistoryDto>? history)
    {
        var r = row.Registration;
        return new RegistrationDto(
            Ids.Format(r.Id), r.Status, r.RosterMatch, r.Name, r.Phone, r.MemberType,
            Ids.Format(r.WorkUnitId), row.WorkUnitName,
            Ids.Format(r.CommunityId), row.CommunityName, Ids.Format(r.BlockId), row.BlockName,
            r.Building, r.Unit, r.Room, r.Skills, r.RejectReason, r.SubmittedAt, r.DecidedAt,
            Ids.Format(r.MemberId), history);
    }

    /// <summary>The registration's history with names in place of ids.</summary>
    public async Task<IReadOnlyList<RegistrationHistoryDto>> HistoryAsync(long registrationId, CancellationToken cancellationToken)
    {
        var events = await db.RegistrationEvents.AsNoTracking()
            .Where(e => e.RegistrationId == registrationId)
            .OrderBy(e => e.At).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
        var names = await db.PlaceNamesAsync(
            events.SelectMany(e => new[] { e.FromCommunityId, e.ToCommunityId }).OfType<long>(),
            events.SelectMany(e => new[] { e.FromBlockId, e.ToBlockId }).OfType<long>(),
            events.SelectMany(e => new[] { e.FromWorkUnitId, e.ToWorkUnitId }),
            cancellationToken);

        string? Address(long? community, long? block) =>
            community is null ? null : names.Address(community.Value, block ?? 0);

        return events.Select(e => e.Kind == RegistrationEventKind.ChangedUnit
                ? new RegistrationHistoryDto(e.Kind, e.At, names.Unit(e.FromWorkUnitId) ?? "无单位", names.Unit(e.ToWorkUnitId) ?? "无单位", e.Reason)
                : new RegistrationHistoryDto(e.Kind, e.At, Address(e.FromCommunityId, e.FromBlockId), Address(e.ToCommunityId, e.ToBlockId), e.Reason))
            .ToList();
    }
}
