using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Http;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Data;
using Zhuji.Infrastructure.Notifications;

namespace Zhuji.Api.Features.Registrations;

/// <summary>What the registration endpoints share: checking references, roster matching, reading a registration with its names.</summary>
public sealed class RegistrationSupport(ZhujiDbContext db, INotifier notifier)
{
    public static RegistrationDetails Details(RegistrationRequest request) => new(
        request.Name!.Trim(),
        PhoneNumber.Normalize(request.Phone)!,
        request.MemberType!.Value,
        Ids.ParseOrNull(request.WorkUnitId),
        new HomeAddress(
            Ids.ParseOrNull(request.CommunityId)!.Value,
            Ids.ParseOrNull(request.BlockId)!.Value,
            request.Building!.Trim(),
            string.IsNullOrWhiteSpace(request.Unit) ? null : request.Unit.Trim(),
            request.Room!.Trim()),
        (request.Skills ?? []).Select(s => s.Trim()).Distinct().ToList());

    /// <summary>The community exists, the block is one of its blocks, the work unit exists.</summary>
    public async Task<Dictionary<string, string[]>?> CheckReferencesAsync(RegistrationDetails details, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!await db.Communities.AnyAsync(c => c.Id == details.Address.CommunityId, cancellationToken))
        {
            errors["communityId"] = ["社区不存在"];
        }
        else if (!await db.Blocks.AnyAsync(b => b.Id == details.Address.BlockId && b.CommunityId == details.Address.CommunityId, cancellationToken))
        {
            errors["blockId"] = ["该小区不属于所选社区"];
        }

        if (details.WorkUnitId is { } unit && !await db.WorkUnits.AnyAsync(w => w.Id == unit, cancellationToken))
        {
            errors["workUnitId"] = ["工作单位不存在"];
        }

        return errors.Count == 0 ? null : errors;
    }

    /// <summary>In-service members are matched to their unit's roster by phone number.</summary>
    public async Task<RosterMatch> MatchAsync(RegistrationDetails details, CancellationToken cancellationToken) =>
        details.MemberType != MemberType.InService || details.WorkUnitId is not { } unit
            ? RosterMatch.NotApplicable
            : await db.RosterEntries.AnyAsync(r => r.WorkUnitId == unit && r.Phone == details.Phone, cancellationToken)
                ? RosterMatch.Matched
                : RosterMatch.NotInRoster;

    /// <summary>"城西社区 西施小区" for a feed or a history line.</summary>
    public async Task<string> AddressTextAsync(long communityId, long blockId, CancellationToken cancellationToken)
    {
        var community = await db.Communities.Where(c => c.Id == communityId).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);
        var block = await db.Blocks.Where(b => b.Id == blockId).Select(b => b.Name).SingleOrDefaultAsync(cancellationToken);
        return $"{community} {block}".Trim();
    }

    public async Task<string?> UnitNameAsync(long? unitId, CancellationToken cancellationToken) =>
        unitId is null ? null : await db.WorkUnits.Where(w => w.Id == unitId).Select(w => w.Name).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Tells the unit's admins (where a template is configured) that one of their people changed.</summary>
    public async Task NotifyWorkUnitAsync(long? unitId, string name, WorkUnitChangeKind kind, DateTime at, CancellationToken cancellationToken)
    {
        if (unitId is null)
        {
            return;
        }

        var admins = await db.RoleAssignments
            .Where(r => r.Role == Role.WorkUnitAdmin && r.ScopeId == unitId)
            .Select(r => r.UserId).ToArrayAsync(cancellationToken);
        if (admins.Length > 0)
        {
            notifier.Notify(new Notification(NotificationPurpose.MemberChanged, admins, "pages/unit/changes", new Dictionary<string, string>
            {
                ["name"] = name,
                ["kind"] = KindText(kind),
                ["time"] = Formats.WeChatTime(at),
            }));
        }
    }

    public static string KindText(WorkUnitChangeKind kind) => kind switch
    {
        WorkUnitChangeKind.Registered => "已报到",
        WorkUnitChangeKind.Approved => "报到已审核通过",
        WorkUnitChangeKind.Moved => "居住地变更",
        WorkUnitChangeKind.LeftUnit => "调离本单位",
        WorkUnitChangeKind.JoinedUnit => "调入本单位",
        _ => kind.ToString(),
    };

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
        var communityIds = events.SelectMany(e => new[] { e.FromCommunityId, e.ToCommunityId }).OfType<long>().Distinct().ToList();
        var blockIds = events.SelectMany(e => new[] { e.FromBlockId, e.ToBlockId }).OfType<long>().Distinct().ToList();
        var unitIds = events.SelectMany(e => new[] { e.FromWorkUnitId, e.ToWorkUnitId }).OfType<long>().Distinct().ToList();
        var communities = await db.Communities.Where(c => communityIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var blocks = await db.Blocks.Where(b => blockIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken);
        var units = await db.WorkUnits.Where(w => unitIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Name, cancellationToken);

        string? Address(long? community, long? block) =>
            community is null ? null : $"{communities.GetValueOrDefault(community.Value)} {(block is null ? "" : blocks.GetValueOrDefault(block.Value))}".Trim();
        string? Unit(long? unit) => unit is null ? null : units.GetValueOrDefault(unit.Value);

        return events.Select(e => e.Kind == RegistrationEventKind.ChangedUnit
                ? new RegistrationHistoryDto(e.Kind, e.At, Unit(e.FromWorkUnitId) ?? "无单位", Unit(e.ToWorkUnitId) ?? "无单位", e.Reason)
                : new RegistrationHistoryDto(e.Kind, e.At, Address(e.FromCommunityId, e.FromBlockId), Address(e.ToCommunityId, e.ToBlockId), e.Reason))
            .ToList();
    }
}

public sealed record RegistrationRow(Registration Registration, string CommunityName, string BlockName, string? WorkUnitName);
