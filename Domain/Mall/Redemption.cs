using System.Security.Cryptography;
using Zhuji.Domain.Common;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Registrations;

namespace Zhuji.Domain.Mall;

public enum RedemptionStatus
{
    Reserved,
    Fulfilled,
    Cancelled,
}

/// <summary>
/// A redemption (兑换): the points are taken and the units reserved when it is made; the member shows its one-time
/// code (or its QR) at the merchant, who verifies it once (<see cref="RedemptionStatus.Fulfilled"/>); while it is
/// reserved the member may cancel it and gets the points back.
/// </summary>
public sealed class Redemption
{
    public const int MaxQuantity = 20;

    /// <summary>No 0/O, 1/I/L: a code read aloud or typed at a till.</summary>
    private const string CodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int CodeLength = 8;

    private Redemption()
    {
    }

    public Redemption(MallItem item, long memberId, int quantity, HomeAddress? home, DateTime now)
    {
        if (quantity is < 1 or > MaxQuantity)
        {
            throw DomainException.Invalid("quantity", $"兑换数量须在 1 到 {MaxQuantity} 之间");
        }

        if (item.Kind == MallItemKind.PropertyFeeOffset && home is null)
        {
            throw DomainException.InvalidState("抵扣物业费需要已登记的住址");
        }

        ItemId = item.Id;
        MerchantId = item.MerchantId;
        MemberId = memberId;
        Quantity = quantity;
        Points = checked(item.Points * quantity);
        Amount = item.FaceValue is { } value ? value * quantity : null;
        Kind = item.Kind;
        Status = RedemptionStatus.Reserved;
        Code = NewCode();
        CreatedAt = now;
        if (item.Kind == MallItemKind.PropertyFeeOffset && home is not null)
        {
            HomeBlockId = home.BlockId;
            HomeBuilding = home.Building;
            HomeUnit = home.Unit;
            HomeRoom = home.Room;
        }
    }

    public long Id { get; private set; }
    public long ItemId { get; private set; }
    public long MerchantId { get; private set; }
    public long MemberId { get; private set; }
    public int Quantity { get; private set; }
    public int Points { get; private set; }
    public decimal? Amount { get; private set; }
    public MallItemKind Kind { get; private set; }
    public RedemptionStatus Status { get; private set; }
    public string Code { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime? FulfilledAt { get; private set; }
    public long? VerifiedByUserId { get; private set; }
    public DateTime? CancelledAt { get; private set; }
    public long? HomeBlockId { get; private set; }
    public string? HomeBuilding { get; private set; }
    public string? HomeUnit { get; private set; }
    public string? HomeRoom { get; private set; }

    /// <summary>The member's home recorded on a property-fee offset (the property company offsets that home's fees).</summary>
    public bool HasHome => HomeBlockId is not null;

    /// <summary>The member takes it back while it is reserved; the caller refunds the points and the units.</summary>
    /// <summary>Cancellation: a property-fee offset keeps its figures, not the home it was for.</summary>
    public void ForgetHome()
    {
        HomeBuilding = null;
        HomeUnit = null;
        HomeRoom = null;
    }

    public void Cancel(long memberId, DateTime now)
    {
        if (memberId != MemberId)
        {
            throw DomainException.InvalidState("只能取消本人的兑换");
        }

        if (Status != RedemptionStatus.Reserved)
        {
            throw DomainException.InvalidState(Status == RedemptionStatus.Fulfilled ? "已核销的兑换不能取消" : "该兑换已取消");
        }

        Status = RedemptionStatus.Cancelled;
        CancelledAt = now;
    }

    /// <summary>The merchant (or the community) verifies the code once; nobody verifies his own redemption.</summary>
    public void Fulfil(long verifierUserId, long memberUserId, DateTime now)
    {
        OwnCase.Refuse(verifierUserId, memberUserId);
        if (Status != RedemptionStatus.Reserved)
        {
            throw DomainException.InvalidState(Status == RedemptionStatus.Fulfilled ? "该兑换码已核销，不能重复使用" : "该兑换已取消");
        }

        Status = RedemptionStatus.Fulfilled;
        FulfilledAt = now;
        VerifiedByUserId = verifierUserId;
    }

    public static string NewCode() =>
        string.Create(CodeLength, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)];
            }
        });

    /// <summary>A code as typed: trimmed, upper case, spaces and dashes dropped.</summary>
    public static string NormalizeCode(string code) =>
        new(code.Trim().ToUpperInvariant().Where(c => c is not (' ' or '-')).ToArray());
}
