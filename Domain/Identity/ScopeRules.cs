namespace Zhuji.Domain.Identity;

/// <summary>
/// Who administers what. The city sees everything; a street its communities and their blocks;
/// a community its blocks; a block itself; a work unit its own members.
/// </summary>
public static class ScopeRules
{
    public static bool IsCityAdmin(IEnumerable<Grant> grants) => grants.Any(g => g.Role == Role.CityAdmin);

    /// <summary>True when one of the grants covers the place (a block, a community, a street or a work unit).</summary>
    public static bool Administers(IEnumerable<Grant> grants, Place place) =>
        grants.Any(g => Covers(g, place));

    private static bool Covers(Grant grant, Place place) => grant.Role switch
    {
        Role.CityAdmin => true,
        Role.StreetAdmin => place.StreetId is not null && grant.ScopeId == place.StreetId,
        Role.CommunityAdmin => place.CommunityId is not null && grant.ScopeId == place.CommunityId,
        Role.BlockAdmin => place.BlockId is not null && grant.ScopeId == place.BlockId,
        Role.WorkUnitAdmin => place.WorkUnitId is not null && grant.ScopeId == place.WorkUnitId,
        Role.MerchantAdmin => place.MerchantId is not null && grant.ScopeId == place.MerchantId,
        _ => false,
    };

    /// <summary>
    /// Full personal data of a member (his phone) is for the member himself, the admins of his community
    /// or street, his work unit's admins and the city; everyone else sees it masked.
    /// </summary>
    public static bool SeesPersonalData(IEnumerable<Grant> grants, Place member) =>
        grants.Any(g => g.Role switch
        {
            Role.CityAdmin => true,
            Role.StreetAdmin => g.ScopeId == member.StreetId,
            Role.CommunityAdmin => g.ScopeId == member.CommunityId,
            Role.WorkUnitAdmin => member.WorkUnitId is not null && g.ScopeId == member.WorkUnitId,
            _ => false,
        });

    /// <summary>
    /// May a holder of <paramref name="granter"/> grant (or take back) <paramref name="role"/> over
    /// <paramref name="target"/>, the place the new role's scope names? Only roles strictly below one's own,
    /// inside one's own scope: a street grants community and block admins of its communities, a community
    /// grants block admins of its blocks, and only the city grants city, street and work-unit admins. A merchant's
    /// admins are granted by the city, or by the street or community of the one community the merchant serves.
    /// The Member role comes from an approved registration and is never granted by hand.
    /// </summary>
    public static bool CanGrant(IEnumerable<Grant> granter, Role role, Place target)
    {
        var grants = granter as IReadOnlyCollection<Grant> ?? granter.ToList();
        if (role == Role.Member)
        {
            return false;
        }

        if (IsCityAdmin(grants))
        {
            return true;
        }

        return role switch
        {
            Role.CommunityAdmin => grants.Any(g => g.Role == Role.StreetAdmin && g.ScopeId == target.StreetId),
            Role.BlockAdmin => grants.Any(g =>
                (g.Role == Role.StreetAdmin && g.ScopeId == target.StreetId) ||
                (g.Role == Role.CommunityAdmin && g.ScopeId == target.CommunityId)),
            Role.MerchantAdmin => target.MerchantId is not null && target.CommunityId is not null && grants.Any(g =>
                (g.Role == Role.StreetAdmin && g.ScopeId == target.StreetId) ||
                (g.Role == Role.CommunityAdmin && g.ScopeId == target.CommunityId)),
            _ => false,
        };
    }
}
