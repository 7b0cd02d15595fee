using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Registrations;

namespace Zhuji.Infrastructure.Data;

/// <summary>Saving what a registration's transition brings with it, and the names it needs.</summary>
public static class RegistrationWrites
{
    /// <summary>Adds the transition's history lines and feed entries to the unit of work.</summary>
    public static void AddEffects(this ZhujiDbContext db, RegistrationEffects effects)
    {
        db.RegistrationEvents.AddRange(effects.History);
        db.WorkUnitChanges.AddRange(effects.Feed);
    }

    /// <summary>The names of the communities, blocks and units a transition will write about.</summary>
    public static async Task<PlaceNames> PlaceNamesAsync(
        this ZhujiDbContext db, IEnumerable<long> communityIds, IEnumerable<long> blockIds, IEnumerable<long?> unitIds, CancellationToken cancellationToken)
    {
        var communities = communityIds.Distinct().ToList();
        var blocks = blockIds.Distinct().ToList();
        var units = unitIds.OfType<long>().Distinct().ToList();
        return new PlaceNames(
            await db.Communities.AsNoTracking().Where(c => communities.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken),
            await db.Blocks.AsNoTracking().Where(b => blocks.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken),
            units.Count == 0
                ? new Dictionary<long, string>()
                : await db.WorkUnits.AsNoTracking().Where(w => units.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Name, cancellationToken));
    }

    /// <summary>Set-based: every registration naming the unit is matched again against its new roster.</summary>
    public static async Task RematchRosterAsync(this ZhujiDbContext db, long unitId, CancellationToken cancellationToken)
    {
        var inService = db.Registrations.Where(r => r.WorkUnitId == unitId && r.MemberType == MemberType.InService);
        await inService.Where(r => db.RosterEntries.Any(e => e.WorkUnitId == unitId && e.Phone == r.Phone))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.RosterMatch, RosterMatch.Matched), cancellationToken);
        await inService.Where(r => !db.RosterEntries.Any(e => e.WorkUnitId == unitId && e.Phone == r.Phone))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.RosterMatch, RosterMatch.NotInRoster), cancellationToken);
    }
}
