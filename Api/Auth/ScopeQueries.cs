using Microsoft.EntityFrameworkCore;
using Zhuji.Domain.Identity;
using Zhuji.Infrastructure.Data;

namespace Zhuji.Api.Auth;

/// <summary>What the caller administers, as lists of ids for queries (a street's communities read once).</summary>
public sealed class ScopeQueries(Caller caller, ZhujiDbContext db)
{
    private List<long>? communities;

    /// <summary>
    /// The communities the caller administers as a community or street admin (each street's communities
    /// included). Not meaningful for the city, which administers all: ask <see cref="Caller.IsCityAdmin"/> first.
    /// </summary>
    public async Task<IReadOnlyList<long>> CommunitiesAsync(CancellationToken cancellationToken)
    {
        if (communities is not null)
        {
            return communities;
        }

        var found = IdsOf(Role.CommunityAdmin);
        var streets = IdsOf(Role.StreetAdmin);
        if (streets.Count > 0)
        {
            found.AddRange(await db.Communities.Where(c => streets.Contains(c.StreetId)).Select(c => c.Id).ToListAsync(cancellationToken));
        }

        return communities = found.Distinct().ToList();
    }

    /// <summary>The blocks the caller administers as a block admin (not those under his communities).</summary>
    public IReadOnlyList<long> Blocks => IdsOf(Role.BlockAdmin);

    /// <summary>The work units the caller administers as a work-unit admin.</summary>
    public IReadOnlyList<long> WorkUnits => IdsOf(Role.WorkUnitAdmin);

    /// <summary>
    /// Whose names the caller sees unmasked (leaderboards, redemptions): the members of the communities he
    /// administers (everyone, for the city) and of <paramref name="own"/>, his own community as a member.
    /// </summary>
    public async Task<Func<long, bool>> SeesNamesInAsync(long? own, CancellationToken cancellationToken)
    {
        if (caller.IsCityAdmin)
        {
            return _ => true;
        }

        var seen = (await CommunitiesAsync(cancellationToken)).ToHashSet();
        if (own is { } community)
        {
            seen.Add(community);
        }

        return seen.Contains;
    }

    /// <summary>The merchants the caller works for as a merchant admin.</summary>
    public IReadOnlyList<long> Merchants => IdsOf(Role.MerchantAdmin);

    /// <summary>The community and block ids whose admins the caller may make (a street: its communities and their blocks; a community: its blocks).</summary>
    public async Task<(List<long> Communities, List<long> Blocks)> GrantableAsync(CancellationToken cancellationToken)
    {
        var streets = IdsOf(Role.StreetAdmin);
        var ofStreets = await db.Communities.Where(c => streets.Contains(c.StreetId)).Select(c => c.Id).ToListAsync(cancellationToken);
        var all = await CommunitiesAsync(cancellationToken);
        var blocks = await db.Blocks.Where(b => all.Contains(b.CommunityId)).Select(b => b.Id).ToListAsync(cancellationToken);
        return (ofStreets, blocks);
    }

    private List<long> IdsOf(Role role) => caller.Grants.Where(g => g.Role == role && g.ScopeId is not null).Select(g => g.ScopeId!.Value).ToList();
}
