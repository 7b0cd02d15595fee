using Zhuji.Domain.Certificates;
using Zhuji.Domain.Compliance;
using Zhuji.Domain.Flags;
using Zhuji.Domain.Identity;
using Zhuji.Domain.Mall;
using Zhuji.Domain.Points;
using Zhuji.Domain.Registrations;
using Zhuji.Domain.Stewardships;
using Zhuji.Domain.Suggestions;
using Zhuji.Domain.Tasks;
using Zhuji.Domain.Wishes;
using Zhuji.Domain.WorkUnits;

namespace Zhuji.Domain.Common;

/// <summary>
/// The zh-CN name of every value a person reads — statuses, kinds, categories, roles — declared once. The API's
/// exports and reports print them from here; the back office and the mini-program read the same table, generated into
/// <c>miniprogram-contract/src/labels.ts</c> (the contract test keeps it equal to this one).
/// </summary>
public static class Labels
{
    private static readonly Dictionary<Type, IReadOnlyDictionary<string, string>> Tables = [];

    static Labels()
    {
        Add(new Dictionary<ServiceCategory, string>
        {
            [ServiceCategory.CommunityActivity] = "参加社区活动",
            [ServiceCategory.MicroWish] = "认领微心愿",
            [ServiceCategory.RedSteward] = "担任红管家",
            [ServiceCategory.HelpGroup] = "加入帮帮团",
            [ServiceCategory.Suggestion] = "建言献策",
        });
        Add(new Dictionary<IdType, string>
        {
            [IdType.ResidentIdCard] = "居民身份证", [IdType.HongKongMacaoPermit] = "港澳居民来往内地通行证",
            [IdType.TaiwanPermit] = "台湾居民来往大陆通行证", [IdType.Passport] = "护照",
        });
        Add(new Dictionary<TaskTier, string> { [TaskTier.City] = "全市", [TaskTier.Community] = "社区", [TaskTier.Block] = "小区" });
        Add(new Dictionary<VolunteerTaskStatus, string>
        {
            [VolunteerTaskStatus.Published] = "报名中", [VolunteerTaskStatus.Closed] = "已结束报名", [VolunteerTaskStatus.Cancelled] = "已取消",
        });
        Add(new Dictionary<ClaimStatus, string>
        {
            [ClaimStatus.Claimed] = "已认领", [ClaimStatus.Submitted] = "待认定", [ClaimStatus.Confirmed] = "已认定",
            [ClaimStatus.Rejected] = "已驳回", [ClaimStatus.Cancelled] = "已取消", [ClaimStatus.NoShow] = "未到岗",
        });
        Add(new Dictionary<WaitlistStatus, string> { [WaitlistStatus.Waiting] = "候补中", [WaitlistStatus.Promoted] = "已递补", [WaitlistStatus.Left] = "已退出候补" });
        Add(new Dictionary<KnowledgeType, string> { [KnowledgeType.Basic] = "基础型", [KnowledgeType.Mixed] = "综合型", [KnowledgeType.Professional] = "专业型" });
        Add(new Dictionary<RegistrationStatus, string>
        {
            [RegistrationStatus.Pending] = "待审核", [RegistrationStatus.Approved] = "已通过", [RegistrationStatus.Rejected] = "已退回",
        });
        Add(new Dictionary<RollRegistrationStatus, string>
        {
            [RollRegistrationStatus.NotRegistered] = "未报到", [RollRegistrationStatus.Pending] = "待审核",
            [RollRegistrationStatus.Approved] = "已报到", [RollRegistrationStatus.Rejected] = "已退回",
        });
        Add(new Dictionary<MemberType, string> { [MemberType.InService] = "在职党员", [MemberType.Resident] = "居住地党员" });
        Add(new Dictionary<WorkUnitChangeKind, string>
        {
            [WorkUnitChangeKind.Registered] = "报到", [WorkUnitChangeKind.Approved] = "报到通过", [WorkUnitChangeKind.Moved] = "搬迁",
            [WorkUnitChangeKind.LeftUnit] = "调出本单位", [WorkUnitChangeKind.JoinedUnit] = "调入本单位",
        });
        Add(new Dictionary<Role, string>
        {
            [Role.CityAdmin] = "市委组织部", [Role.StreetAdmin] = "街道党工委", [Role.CommunityAdmin] = "社区党组织", [Role.BlockAdmin] = "小区党支部",
            [Role.WorkUnitAdmin] = "单位党组织", [Role.Member] = "党员", [Role.MerchantAdmin] = "积分商家",
        });
        Add(new Dictionary<WorkUnitKind, string>
        {
            [WorkUnitKind.CityOrgan] = "市级机关", [WorkUnitKind.TownshipOrgan] = "镇街机关",
            [WorkUnitKind.StateOwnedEnterprise] = "国有企业", [WorkUnitKind.Institution] = "事业单位",
        });
        Add(new Dictionary<WishStatus, string>
        {
            [WishStatus.Submitted] = "待处理", [WishStatus.Published] = "已发布", [WishStatus.Fulfilled] = "已实现", [WishStatus.Declined] = "已婉拒",
        });
        Add(new Dictionary<WishChannel, string>
        {
            [WishChannel.MiniProgram] = "小程序", [WishChannel.Phone] = "电话", [WishChannel.WeChatGroup] = "微信群", [WishChannel.Visit] = "走访",
        });
        Add(new Dictionary<StewardshipStatus, string> { [StewardshipStatus.Pending] = "待批准", [StewardshipStatus.Active] = "在任", [StewardshipStatus.Rejected] = "未批准" });
        Add(new Dictionary<StewardshipKind, string> { [StewardshipKind.Stairwell] = "楼道", [StewardshipKind.Facility] = "公共设施" });
        Add(new Dictionary<SuggestionStatus, string> { [SuggestionStatus.Submitted] = "待答复", [SuggestionStatus.Replied] = "已答复" });
        Add(new Dictionary<ComplianceStatus, string> { [ComplianceStatus.Compliant] = "达标", [ComplianceStatus.NonCompliant] = "不达标" });
        Add(new Dictionary<ProgressState, string>
        {
            [ProgressState.Reached] = "已达标", [ProgressState.OnTrack] = "进度正常", [ProgressState.Behind] = "进度落后", [ProgressState.NotEvaluated] = "不参与考核",
        });
        Add(new Dictionary<ReportKind, string> { [ReportKind.Quarterly] = "季度报表", [ReportKind.Annual] = "年度报表" });
        Add(new Dictionary<ReportStatus, string> { [ReportStatus.Queued] = "生成中", [ReportStatus.Ready] = "可下载", [ReportStatus.Failed] = "生成失败" });
        Add(new Dictionary<FlagSource, string>
        {
            [FlagSource.Claim] = "任务认定", [FlagSource.ServiceRecord] = "补录服务", [FlagSource.Suggestion] = "建言采纳", [FlagSource.Stewardship] = "红管家",
        });
        Add(new Dictionary<MerchantKind, string> { [MerchantKind.Shop] = "商店", [MerchantKind.PropertyCompany] = "物业公司" });
        Add(new Dictionary<MallItemKind, string> { [MallItemKind.Goods] = "实物", [MallItemKind.Service] = "服务", [MallItemKind.PropertyFeeOffset] = "抵扣物业费" });
        Add(new Dictionary<MallItemStatus, string> { [MallItemStatus.OnSale] = "在售", [MallItemStatus.Withdrawn] = "已下架" });
        Add(new Dictionary<RedemptionStatus, string> { [RedemptionStatus.Reserved] = "待核销", [RedemptionStatus.Fulfilled] = "已核销", [RedemptionStatus.Cancelled] = "已取消" });
        Add(new Dictionary<PointsKind, string>
        {
            [PointsKind.Earned] = "获得", [PointsKind.Redeemed] = "兑换", [PointsKind.Refunded] = "退回", [PointsKind.Revoked] = "撤销扣回",
            [PointsKind.Expired] = "过期", [PointsKind.Adjusted] = "调整",
        });
    }

    /// <summary>Every labelled enum, by name, and its values' names (what the TypeScript table is generated from).</summary>
    public static IEnumerable<(string Enum, IReadOnlyDictionary<string, string> Names)> All =>
        Tables.Select(t => (t.Key.Name, t.Value)).OrderBy(t => t.Name, StringComparer.Ordinal);

    /// <summary>The zh-CN name of <paramref name="value"/>.</summary>
    public static string Of<T>(T value)
        where T : struct, Enum => Tables[typeof(T)][value.ToString()];

    private static void Add<T>(Dictionary<T, string> names)
        where T : struct, Enum
    {
        if (Enum.GetValues<T>().Except(names.Keys).ToList() is { Count: > 0 } missing)
        {
            throw new InvalidOperationException($"{typeof(T).Name} has values without a name: {string.Join(", ", missing)}");
        }

        Tables[typeof(T)] = names.ToDictionary(n => n.Key.ToString(), n => n.Value);
    }
}
