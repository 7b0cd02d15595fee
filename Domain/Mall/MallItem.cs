using Zhuji.Domain.Common;

namespace Zhuji.Domain.Mall;

public enum MallItemKind
{
    Goods,
    Service,

    /// <summary>Points offset property fees (公益积分抵扣物业费): the redemption records the member's home.</summary>
    PropertyFeeOffset,
}

public enum MallItemStatus
{
    OnSale,
    Withdrawn,
}

/// <summary>The plan of an item as an admin writes it.</summary>
public sealed record MallItemPlan(
    string Title,
    string Description,
    string? ImageUrl,
    int Points,
    int Stock,
    int PerMemberLimit,
    MallItemKind Kind,
    decimal? FaceValue,
    DateTime? AvailableFrom,
    DateTime? AvailableUntil)
{
    public const int MaxTitle = 50;
    public const int MaxDescription = 1000;
    public const int MaxPoints = 100_000;
    public const int MaxStock = 1_000_000;

    public IReadOnlyList<FieldError> Problems(MerchantKind merchant)
    {
        var errors = new List<FieldError>();
        if (Points is < 1 or > MaxPoints)
        {
            errors.Add(new("points", $"所需积分须在 1 到 {MaxPoints} 之间"));
        }

        if (Stock is < 0 or > MaxStock)
        {
            errors.Add(new("stock", $"库存须在 0 到 {MaxStock} 之间"));
        }

        if (PerMemberLimit is < 1 or > 100)
        {
            errors.Add(new("perMemberLimit", "每人限兑须在 1 到 100 之间"));
        }

        if (AvailableFrom is { } from && AvailableUntil is { } until && until <= from)
        {
            errors.Add(new("availableUntil", "结束时间须晚于开始时间"));
        }

        if (Kind == MallItemKind.PropertyFeeOffset)
        {
            if (merchant != MerchantKind.PropertyCompany)
            {
                errors.Add(new("kind", "抵扣物业费只能由物业公司提供"));
            }

            if (FaceValue is not (> 0 and <= 10_000))
            {
                errors.Add(new("faceValue", "抵扣物业费须写明每份抵扣金额（元）"));
            }
        }

        if (FaceValue is { } value && decimal.Round(value, 2) != value)
        {
            errors.Add(new("faceValue", "金额最多两位小数"));
        }

        return errors;
    }
}

/// <summary>
/// An item of the points mall (积分商场) from a merchant, city-wide or for one community. <see cref="Redeemed"/>
/// counts what is reserved or fulfilled; the store raises it only by a conditional update that keeps it within
/// <see cref="Stock"/>, and a cancellation gives it back.
/// </summary>
public sealed class MallItem
{
    private MallItem()
    {
    }

    public MallItem(long merchantId, long? communityId, MallItemPlan plan, MerchantKind merchant, long createdByUserId, DateTime now)
    {
        MerchantId = merchantId;
        CommunityId = communityId;
        CreatedByUserId = createdByUserId;
        CreatedAt = now;
        Apply(plan, merchant, redeemed: 0);
    }

    public long Id { get; private set; }
    public long MerchantId { get; private set; }
    public long? CommunityId { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string? ImageUrl { get; private set; }
    public int Points { get; private set; }
    public int Stock { get; private set; }
    public int Redeemed { get; private set; }
    public int PerMemberLimit { get; private set; }
    public MallItemKind Kind { get; private set; }

    /// <summary>Yuan a unit offsets (property fees), or what it is worth; for the merchant's statement.</summary>
    public decimal? FaceValue { get; private set; }

    public DateTime? AvailableFrom { get; private set; }
    public DateTime? AvailableUntil { get; private set; }
    public MallItemStatus Status { get; private set; }
    public long CreatedByUserId { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public int Remaining => Math.Max(0, Stock - Redeemed);

    public bool OnSaleAt(DateTime now) =>
        Status == MallItemStatus.OnSale && (AvailableFrom is null || AvailableFrom <= now) && (AvailableUntil is null || now < AvailableUntil);

    public const string PlaceIsFixed = "商品的商家和社区不能修改，请下架后重新上架";

    /// <summary>
    /// A new plan; the merchant and the community stay those it was shelved with, the stock never below what is already
    /// redeemed, the kind fixed once redeemed.
    /// </summary>
    public void Revise(MallItemPlan plan, long merchantId, long? communityId, MerchantKind merchant)
    {
        if (Status == MallItemStatus.Withdrawn)
        {
            throw DomainException.InvalidState("商品已下架，不能修改");
        }

        if (merchantId != MerchantId || communityId != CommunityId)
        {
            throw DomainException.Invalid("merchantId", PlaceIsFixed);
        }

        if (plan.Stock < Redeemed)
        {
            throw DomainException.Invalid("stock", $"已兑换 {Redeemed} 份，库存不能少于此数");
        }

        if (Redeemed > 0 && plan.Kind != Kind)
        {
            throw DomainException.Invalid("kind", "已有兑换的商品不能改变类型");
        }

        Apply(plan, merchant, Redeemed);
    }

    public void Withdraw()
    {
        if (Status == MallItemStatus.Withdrawn)
        {
            throw DomainException.InvalidState("商品已下架");
        }

        Status = MallItemStatus.Withdrawn;
    }

    /// <summary>Why a member cannot redeem now (null when he can, stock and points aside, which the store decides).</summary>
    public string? RefusalAt(DateTime now)
    {
        if (Status == MallItemStatus.Withdrawn)
        {
            return "商品已下架";
        }

        if (AvailableFrom is { } from && now < from)
        {
            return $"兑换将于 {ShanghaiTime.Describe(from)} 开始";
        }

        return AvailableUntil is { } until && now >= until ? "兑换已结束" : null;
    }

    private void Apply(MallItemPlan plan, MerchantKind merchant, int redeemed)
    {
        if (plan.Problems(merchant) is { Count: > 0 } errors)
        {
            throw DomainException.Invalid(errors);
        }

        Title = plan.Title;
        Description = plan.Description;
        ImageUrl = plan.ImageUrl;
        Points = plan.Points;
        Stock = plan.Stock;
        Redeemed = redeemed;
        PerMemberLimit = plan.PerMemberLimit;
        Kind = plan.Kind;
        FaceValue = plan.FaceValue;
        AvailableFrom = plan.AvailableFrom;
        AvailableUntil = plan.AvailableUntil;
    }
}
