using System.ComponentModel;
using FluentValidation;
using Zhuji.Api.Http;
using Zhuji.Domain.Mall;

namespace Zhuji.Api.Features.Mall;

public sealed record CreateMerchantRequest(string? Name, MerchantKind? Kind, IReadOnlyList<string>? CommunityIds);

public sealed record MerchantDto(string Id, string Name, MerchantKind Kind, IReadOnlyList<string> CommunityIds, IReadOnlyList<string> CommunityNames, DateTime CreatedAt);

public sealed record MallItemRequest(
    string? MerchantId,
    string? CommunityId,
    string? Title,
    string? Description,
    string? ImageUrl,
    int? Points,
    int? Stock,
    int? PerMemberLimit,
    MallItemKind? Kind,
    [property: Description("每份的金额（元）：抵扣物业费必填，用于物业公司的月结单")] decimal? FaceValue,
    DateTime? AvailableFrom,
    DateTime? AvailableUntil);

public sealed record MallItemDto(
    string Id,
    string MerchantId,
    string MerchantName,
    string? CommunityId,
    string Title,
    string Description,
    string? ImageUrl,
    int Points,
    int Stock,
    [property: Description("已兑换（含待核销）的份数")] int Redeemed,
    [property: Description("还可兑换的份数")] int Remaining,
    int PerMemberLimit,
    MallItemKind Kind,
    decimal? FaceValue,
    DateTime? AvailableFrom,
    DateTime? AvailableUntil,
    MallItemStatus Status,
    [property: Description("此刻可以兑换（在架且在兑换时间内）")] bool OnSale);

public sealed record RedeemRequest(int? Quantity);

public sealed record VerifyRedemptionRequest(string? Code);

public sealed record RedemptionDto(
    string Id,
    string ItemId,
    string ItemTitle,
    string MerchantId,
    string MerchantName,
    string MemberId,
    [property: Description("兑换人姓名（商家看到的为脱敏姓名）")] string MemberName,
    int Quantity,
    int Points,
    decimal? Amount,
    MallItemKind Kind,
    RedemptionStatus Status,
    [property: Description("一次性兑换码：本人可见；商家核销后失效")] string? Code,
    DateTime CreatedAt,
    DateTime? FulfilledAt,
    DateTime? CancelledAt,
    [property: Description("抵扣物业费时登记的住址（小区 楼幢 单元 室）")] string? Home);

internal sealed class CreateMerchantRequestValidator : AbstractValidator<CreateMerchantRequest>
{
    public CreateMerchantRequestValidator()
    {
        RuleFor(r => r.Name).RequiredText("商家名称", Merchant.MaxName);
        RuleFor(r => r.Kind).RequiredEnum("商家类型");
        RuleFor(r => r.CommunityIds).NotEmpty().WithMessage("请至少选择一个服务的社区");
        RuleFor(r => r.CommunityIds).Must(ids => ids is null || ids.Count <= 200).WithMessage("服务社区最多 200 个");
        RuleForEach(r => r.CommunityIds).Must(id => Ids.ParseOrNull(id) is not null).WithMessage("社区 ID 无效");
    }
}

internal sealed class MallItemRequestValidator : AbstractValidator<MallItemRequest>
{
    public MallItemRequestValidator()
    {
        RuleFor(r => r.MerchantId).RequiredId("商家");
        RuleFor(r => r.CommunityId).OptionalId("社区");
        RuleFor(r => r.Title).RequiredText("商品名称", MallItemPlan.MaxTitle);
        RuleFor(r => r.Description).OptionalText("商品说明", MallItemPlan.MaxDescription);
        RuleFor(r => r.ImageUrl).Must(u => u is null || (u.Length <= 500 && Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps))
            .WithMessage("图片地址须为 https 网址");
        RuleFor(r => r.Points).NotNull().WithMessage("请填写所需积分");
        RuleFor(r => r.Stock).NotNull().WithMessage("请填写库存");
        RuleFor(r => r.PerMemberLimit).NotNull().WithMessage("请填写每人限兑数量");
        RuleFor(r => r.Kind).RequiredEnum("商品类型");
    }
}

internal sealed class RedeemRequestValidator : AbstractValidator<RedeemRequest>
{
    public RedeemRequestValidator() =>
        RuleFor(r => r.Quantity).NotNull().WithMessage("请填写兑换数量")
            .InclusiveBetween(1, Redemption.MaxQuantity).WithMessage($"兑换数量须在 1 到 {Redemption.MaxQuantity} 之间");
}

internal sealed class VerifyRedemptionRequestValidator : AbstractValidator<VerifyRedemptionRequest>
{
    public VerifyRedemptionRequestValidator() =>
        RuleFor(r => r.Code).NotEmpty().WithMessage("请输入兑换码").MaximumLength(20).WithMessage("兑换码无效");
}
