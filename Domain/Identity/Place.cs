namespace Zhuji.Domain.Identity;

/// <summary>
/// Where something sits in the city: its street, community and block (as far as it goes down),
/// or the work unit it belongs to, or the merchant (with the one community it serves, if it serves one). Scope checks
/// compare a caller's grants with a place.
/// </summary>
public sealed record Place(long? StreetId = null, long? CommunityId = null, long? BlockId = null, long? WorkUnitId = null, long? MerchantId = null)
{
    public static Place City { get; } = new();
}
