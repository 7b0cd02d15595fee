// The zh-CN name of each value a person reads, generated from Domain/Common/Labels.cs by the contract test
// (scripts/update-contract.sh). Do not edit: change Labels.cs and regenerate.
import type { components } from './api-types';

type Schemas = components['schemas'];

export const labels = {
  ClaimStatus: { Claimed: '已认领', Submitted: '待认定', Confirmed: '已认定', Rejected: '已驳回', Cancelled: '已取消', NoShow: '未到岗' } satisfies Record<Schemas['ClaimStatus'], string>,
  ComplianceStatus: { Compliant: '达标', NonCompliant: '不达标' } satisfies Record<Schemas['ComplianceStatus'], string>,
  FlagSource: { Claim: '任务认定', ServiceRecord: '补录服务', Suggestion: '建言采纳', Stewardship: '红管家' } satisfies Record<Schemas['FlagSource'], string>,
  IdType: { ResidentIdCard: '居民身份证', HongKongMacaoPermit: '港澳居民来往内地通行证', TaiwanPermit: '台湾居民来往大陆通行证', Passport: '护照' } satisfies Record<Schemas['IdType'], string>,
  KnowledgeType: { Basic: '基础型', Mixed: '综合型', Professional: '专业型' } satisfies Record<Schemas['KnowledgeType'], string>,
  MallItemKind: { Goods: '实物', Service: '服务', PropertyFeeOffset: '抵扣物业费' } satisfies Record<Schemas['MallItemKind'], string>,
  MallItemStatus: { OnSale: '在售', Withdrawn: '已下架' } satisfies Record<Schemas['MallItemStatus'], string>,
  MemberType: { InService: '在职党员', Resident: '居住地党员' } satisfies Record<Schemas['MemberType'], string>,
  MerchantKind: { Shop: '商店', PropertyCompany: '物业公司' } satisfies Record<Schemas['MerchantKind'], string>,
  PointsKind: { Earned: '获得', Redeemed: '兑换', Refunded: '退回', Revoked: '撤销扣回', Expired: '过期', Adjusted: '调整' } satisfies Record<Schemas['PointsKind'], string>,
  ProgressState: { Reached: '已达标', OnTrack: '进度正常', Behind: '进度落后', NotEvaluated: '不参与考核' } satisfies Record<Schemas['ProgressState'], string>,
  RedemptionStatus: { Reserved: '待核销', Fulfilled: '已核销', Cancelled: '已取消' } satisfies Record<Schemas['RedemptionStatus'], string>,
  RegistrationStatus: { Pending: '待审核', Approved: '已通过', Rejected: '已退回' } satisfies Record<Schemas['RegistrationStatus'], string>,
  ReportKind: { Quarterly: '季度报表', Annual: '年度报表' } satisfies Record<Schemas['ReportKind'], string>,
  ReportStatus: { Queued: '生成中', Ready: '可下载', Failed: '生成失败' } satisfies Record<Schemas['ReportStatus'], string>,
  Role: { CityAdmin: '市委组织部', StreetAdmin: '街道党工委', CommunityAdmin: '社区党组织', BlockAdmin: '小区党支部', WorkUnitAdmin: '单位党组织', Member: '党员', MerchantAdmin: '积分商家' } satisfies Record<Schemas['Role'], string>,
  RollRegistrationStatus: { NotRegistered: '未报到', Pending: '待审核', Approved: '已报到', Rejected: '已退回' } satisfies Record<Schemas['RollRegistrationStatus'], string>,
  ServiceCategory: { CommunityActivity: '参加社区活动', MicroWish: '认领微心愿', RedSteward: '担任红管家', HelpGroup: '加入帮帮团', Suggestion: '建言献策' } satisfies Record<Schemas['ServiceCategory'], string>,
  StewardshipKind: { Stairwell: '楼道', Facility: '公共设施' } satisfies Record<Schemas['StewardshipKind'], string>,
  StewardshipStatus: { Pending: '待批准', Active: '在任', Rejected: '未批准' } satisfies Record<Schemas['StewardshipStatus'], string>,
  SuggestionStatus: { Submitted: '待答复', Replied: '已答复' } satisfies Record<Schemas['SuggestionStatus'], string>,
  TaskTier: { City: '全市', Community: '社区', Block: '小区' } satisfies Record<Schemas['TaskTier'], string>,
  VolunteerTaskStatus: { Published: '报名中', Closed: '已结束报名', Cancelled: '已取消' } satisfies Record<Schemas['VolunteerTaskStatus'], string>,
  WaitlistStatus: { Waiting: '候补中', Promoted: '已递补', Left: '已退出候补' } satisfies Record<Schemas['WaitlistStatus'], string>,
  WishChannel: { MiniProgram: '小程序', Phone: '电话', WeChatGroup: '微信群', Visit: '走访' } satisfies Record<Schemas['WishChannel'], string>,
  WishStatus: { Submitted: '待处理', Published: '已发布', Fulfilled: '已实现', Declined: '已婉拒' } satisfies Record<Schemas['WishStatus'], string>,
  WorkUnitChangeKind: { Registered: '报到', Approved: '报到通过', Moved: '搬迁', LeftUnit: '调出本单位', JoinedUnit: '调入本单位' } satisfies Record<Schemas['WorkUnitChangeKind'], string>,
  WorkUnitKind: { CityOrgan: '市级机关', TownshipOrgan: '镇街机关', StateOwnedEnterprise: '国有企业', Institution: '事业单位' } satisfies Record<Schemas['WorkUnitKind'], string>,
} as const;
