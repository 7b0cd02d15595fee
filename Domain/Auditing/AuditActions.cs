namespace Zhuji.Domain.Auditing;

/// <summary>What each audited action and entity is called in the back office (zh-CN); an unknown one shows as recorded.</summary>
public static class AuditActions
{
    public const string LoginSucceeded = "LoginSucceeded";
    public const string LoginFailed = "LoginFailed";
    public const string Exported = "Exported";
    public const string PhonesViewed = "PhonesViewed";

    /// <summary>The groups the audit page filters by (<c>?group=</c>): logins, exports and views of personal data, and everything else (decisions).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Groups = new Dictionary<string, string[]>
    {
        ["Logins"] = [LoginSucceeded, LoginFailed],
        ["PersonalData"] = [Exported, PhonesViewed, "PersonalDataExported", "AccountCancelled", "ConsentGiven", "ConsentWithdrawn"],
    };

    private static readonly Dictionary<string, string> Actions = new()
    {
        [LoginSucceeded] = "登录成功",
        [LoginFailed] = "登录失败",
        [Exported] = "导出表格",
        [PhonesViewed] = "查看含完整手机号的名单",
        ["PersonalDataExported"] = "下载本人数据",
        ["AccountCancelled"] = "注销账号",
        ["ConsentGiven"] = "同意隐私政策或授权",
        ["ConsentWithdrawn"] = "撤回授权",
        ["TotpEnrolled"] = "启用动态口令",
        ["TotpReset"] = "重置他人动态口令",
        ["RetentionPruned"] = "清理超过保存期限的数据",
        ["AdminAccountCreated"] = "新建后台账号",
        ["AdminAccountDisabled"] = "停用后台账号",
        ["AdminAccountEnabled"] = "启用后台账号",
        ["PasswordChanged"] = "修改本人密码",
        ["PasswordReset"] = "重置他人密码",
        ["RoleGranted"] = "授予角色",
        ["RoleRevoked"] = "撤销角色",
        ["StreetCreated"] = "新增街道",
        ["StreetUpdated"] = "修改街道",
        ["StreetDeleted"] = "删除街道",
        ["CommunityCreated"] = "新增社区",
        ["CommunityUpdated"] = "修改社区",
        ["CommunityMoved"] = "社区改属其他街道",
        ["CommunityDeleted"] = "删除社区",
        ["BlockCreated"] = "新增小区",
        ["BlockUpdated"] = "修改小区",
        ["BlockDeleted"] = "删除小区",
        ["WorkUnitCreated"] = "新增单位",
        ["WorkUnitUpdated"] = "修改单位",
        ["WorkUnitDeleted"] = "删除单位",
        ["RosterImported"] = "导入单位名册",
        ["RegistrationApproved"] = "审核通过报到",
        ["RegistrationRejected"] = "退回报到",
        ["TaskPublished"] = "发布任务",
        ["TaskUpdated"] = "修改任务",
        ["TaskClosed"] = "结束报名",
        ["TaskCancelled"] = "取消任务",
        ["ClaimConfirmed"] = "认定服务并亮旗",
        ["ClaimRejected"] = "驳回服务纪实",
        ["ServiceEntered"] = "补录线下服务",
        ["FlagRevoked"] = "撤销红旗",
        ["ClosedYearCorrected"] = "更正已结束年度",
        ["WishEntered"] = "代录微心愿",
        ["WishPublished"] = "发布微心愿",
        ["WishDeclined"] = "婉拒微心愿",
        ["HelpGroupCreated"] = "新建帮帮团",
        ["HelpGroupLeaderAppointed"] = "任命帮帮团团长",
        ["HelpGroupMemberRemoved"] = "移出帮帮团成员",
        ["StewardshipApproved"] = "批准红管家",
        ["StewardshipRejected"] = "不批准红管家",
        ["StewardshipAwarded"] = "红管家亮旗",
        ["StewardshipSettingsChanged"] = "修改红管家设置",
        ["SuggestionReplied"] = "答复建言",
        ["ComplianceRunRequested"] = "立即运行年度考核",
        ["ReportRequested"] = "生成报表",
        ["MerchantCreated"] = "新增商家",
        ["MallItemCreated"] = "上架积分商品",
        ["MallItemRevised"] = "修改积分商品",
        ["MallItemWithdrawn"] = "下架积分商品",
        ["RedemptionVerified"] = "核销兑换码",
        ["PointsExpiryRequested"] = "立即运行积分过期",
        ["TalliesDrifted"] = "统计汇总表与明细不符",
        ["CheckInLocked"] = "签到码错误过多，暂停签到",
        ["ClaimNoShow"] = "标记未到岗",
        ["MemberAppraised"] = "社区评议",
        ["NoticePublished"] = "发布通知",
        ["MembersInvited"] = "邀请专业志愿者",
        ["TaskSeriesPublished"] = "发布周期任务",
        ["TaskSeriesUpdated"] = "修改周期任务",
    };

    private static readonly Dictionary<string, string> Entities = new()
    {
        ["AdminAccount"] = "后台账号",
        ["User"] = "用户",
        ["List"] = "名单",
        ["AuditLog"] = "审计日志",
        ["RoleAssignment"] = "角色",
        ["Street"] = "街道",
        ["Community"] = "社区",
        ["Block"] = "小区",
        ["WorkUnit"] = "单位",
        ["Registration"] = "报到",
        ["Task"] = "任务",
        ["Claim"] = "认领",
        ["ServiceRecord"] = "服务记录",
        ["FlagEntry"] = "红旗",
        ["Year"] = "年度",
        ["Wish"] = "微心愿",
        ["HelpGroup"] = "帮帮团",
        ["Stewardship"] = "红管家",
        ["Suggestion"] = "建言",
        ["Compliance"] = "年度考核",
        ["Report"] = "报表",
        ["Merchant"] = "商家",
        ["MallItem"] = "积分商品",
        ["Redemption"] = "积分兑换",
        ["Tally"] = "统计汇总表",
        ["Notice"] = "通知",
        ["Member"] = "党员",
        ["TaskSeries"] = "周期任务",
    };

    public static string Describe(string action) => Actions.GetValueOrDefault(action, action);

    public static string DescribeEntity(string entityType) => Entities.GetValueOrDefault(entityType, entityType);

    /// <summary>Every action the code records, for the test that keeps this list whole.</summary>
    public static IReadOnlyCollection<string> Known => Actions.Keys;
}
