using Microsoft.EntityFrameworkCore;
using Zhuji.Api.Http;
using Zhuji.Domain.Registrations;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Features.Registrations;

/// <summary>
/// What a registrant sent, checked against the database: the community exists, the block is one of its,
/// the unit exists; and whether his unit's roster lists his phone.
/// </summary>
public sealed class RegistrationInput(ZhujiDbContext db)
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
}
