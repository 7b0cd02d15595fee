namespace Zhuji.Domain.Identity;

/// <summary>Roles of the contract. Each is held with a scope (see <see cref="Grant"/>).</summary>
public enum Role
{
    CityAdmin,
    StreetAdmin,
    CommunityAdmin,
    BlockAdmin,
    WorkUnitAdmin,
    Member,

    /// <summary>A merchant's staff (商家): verifies redemption codes, sees its redemptions and statements.</summary>
    MerchantAdmin,
}

/// <summary>A role held over a scope: null for the city, else the street, community, block, work unit or merchant id.</summary>
public readonly record struct Grant(Role Role, long? ScopeId)
{
    public static Grant City => new(Role.CityAdmin, null);

    /// <summary>The scope a role of this kind must name (null: the whole city).</summary>
    public static ScopeKind ScopeKindOf(Role role) => role switch
    {
        Role.CityAdmin => ScopeKind.City,
        Role.StreetAdmin => ScopeKind.Street,
        Role.CommunityAdmin => ScopeKind.Community,
        Role.BlockAdmin => ScopeKind.Block,
        Role.WorkUnitAdmin => ScopeKind.WorkUnit,
        Role.Member => ScopeKind.Community,
        Role.MerchantAdmin => ScopeKind.Merchant,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}

public enum ScopeKind
{
    City,
    Street,
    Community,
    Block,
    WorkUnit,
    Merchant,
}
