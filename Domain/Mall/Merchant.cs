using Zhuji.Domain.Common;

namespace Zhuji.Domain.Mall;

public enum MerchantKind
{
    /// <summary>A shop that gives goods or services for points.</summary>
    Shop,

    /// <summary>A property company (物业公司) that offsets property fees with points.</summary>
    PropertyCompany,
}

/// <summary>A merchant (商家) that accepts points, for the communities it serves; its admins hold MerchantAdmin over it.</summary>
public sealed class Merchant
{
    public const int MaxName = 50;

    private readonly List<MerchantCommunity> communities = [];

    private Merchant()
    {
    }

    public Merchant(string name, MerchantKind kind, IReadOnlyCollection<long> communityIds, long createdByUserId, DateTime now)
    {
        if (communityIds.Count == 0)
        {
            throw DomainException.Invalid("communityIds", "请至少选择一个服务的社区");
        }

        Name = name;
        Kind = kind;
        CreatedByUserId = createdByUserId;
        CreatedAt = now;
        communities.AddRange(communityIds.Distinct().Select(c => new MerchantCommunity(c)));
    }

    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    public MerchantKind Kind { get; private set; }
    public long CreatedByUserId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public IReadOnlyList<MerchantCommunity> Communities => communities;

    /// <summary>The one community it serves, when it serves one (its community's admins then administer it).</summary>
    public long? SoleCommunityId => communities.Count == 1 ? communities[0].CommunityId : null;
}

public sealed class MerchantCommunity
{
    private MerchantCommunity()
    {
    }

    public MerchantCommunity(long communityId) => CommunityId = communityId;

    public long MerchantId { get; private set; }
    public long CommunityId { get; private set; }
}
