namespace Zhuji.Domain.Mall;

public enum RedeemOutcome
{
    Allowed,
    CommunityOnly,
    NotOnSale,
    OutOfStock,
    InsufficientPoints,
    LimitReached,
}

/// <summary>
/// What a member may redeem (兑换), checked in the order he meets the refusals: the item's community, its time on
/// sale, its stock; then his balance and his limit. The store enforces stock, balance and limit again, as conditional
/// statements that hold under any concurrency (<c>MallWrites</c>); a test pins those statements to these rules.
/// </summary>
public static class RedemptionRules
{
    public const string CommunityOnlyMessage = "该商品仅限本社区党员兑换";

    /// <summary>An item for one community is for the members who live there; a city-wide item is for every member.</summary>
    public static bool MayRedeemWhere(long? itemCommunityId, long memberCommunityId) => itemCommunityId is not { } only || only == memberCommunityId;

    /// <summary>Never more redeemed than the stock.</summary>
    public static bool InStock(int redeemed, int quantity, int stock) => redeemed + quantity <= stock;

    /// <summary>Never a negative balance: a redemption goes through only while the balance covers its cost.</summary>
    public static bool Covers(int balance, int cost) => balance >= cost;

    /// <summary>Never more of one item than its limit per member, counting the units he holds (reserved or fulfilled).</summary>
    public static bool WithinLimit(int held, int quantity, int perMemberLimit) => held + quantity <= perMemberLimit;

    /// <summary>The item's side, cheap to answer (most of a storm on a sold-out item ends here).</summary>
    public static RedeemOutcome CheckItem(MallItem item, long memberCommunityId, int quantity, DateTime now) =>
        !MayRedeemWhere(item.CommunityId, memberCommunityId) ? RedeemOutcome.CommunityOnly
        : !item.OnSaleAt(now) ? RedeemOutcome.NotOnSale
        : !InStock(item.Redeemed, quantity, item.Stock) ? RedeemOutcome.OutOfStock
        : RedeemOutcome.Allowed;

    /// <summary>The member's side: his balance against the cost, his units of the item against its limit.</summary>
    public static RedeemOutcome CheckMember(MallItem item, int quantity, int balance, int held) =>
        !Covers(balance, checked(item.Points * quantity)) ? RedeemOutcome.InsufficientPoints
        : !WithinLimit(held, quantity, item.PerMemberLimit) ? RedeemOutcome.LimitReached
        : RedeemOutcome.Allowed;
}

public enum PlacementRefusal
{
    /// <summary>A city-wide item is shelved by the city.</summary>
    CityItemsByTheCity,

    /// <summary>A community's admins shelve items for their own community only.</summary>
    OwnCommunityOnly,

    /// <summary>The merchant does not serve that community.</summary>
    MerchantDoesNotServe,
}

/// <summary>Who shelves an item where (积分商品上架): the merchant's scope and the admin's.</summary>
public static class MallPlacement
{
    public static string Describe(PlacementRefusal refusal) => refusal switch
    {
        PlacementRefusal.CityItemsByTheCity => "全市通用的商品由市级上架；社区请选择本社区",
        PlacementRefusal.OwnCommunityOnly => "只能为本社区上架积分商品",
        _ => "该商家不服务这个社区",
    };

    /// <summary>
    /// A city-wide item (<paramref name="communityId"/> null) only by the city; an item for one community by an admin of
    /// that community (or above it), from a merchant that serves it. Null when allowed.
    /// </summary>
    public static PlacementRefusal? Check(bool cityAdmin, bool administersCommunity, IEnumerable<long> merchantCommunities, long? communityId) =>
        communityId is not { } community ? (cityAdmin ? null : PlacementRefusal.CityItemsByTheCity)
        : !administersCommunity ? PlacementRefusal.OwnCommunityOnly
        : !merchantCommunities.Contains(community) ? PlacementRefusal.MerchantDoesNotServe
        : null;
}
