import type { Schemas } from '@/api/types';

/** Every time the API answers carries its offset; officials read Beijing time whatever the browser's zone. */
const shanghaiOffset = 8 * 60 * 60 * 1000;

function shanghaiIso(value: string | Date): string {
  const ms = typeof value === 'string' ? Date.parse(value) : value.getTime();
  return new Date(ms + shanghaiOffset).toISOString();
}

/** "2026-12-01 09:00" in Beijing time; "—" for nothing. */
export function dateTime(value: string | null | undefined): string {
  return value ? shanghaiIso(value).slice(0, 16).replace('T', ' ') : '—';
}

/** "2026-12-01". */
export function date(value: string | null | undefined): string {
  return value ? shanghaiIso(value).slice(0, 10) : '—';
}

/** A picker's wall-clock value ("2026-12-01T09:00:00", Beijing time) as the API takes it. */
export function fromPicker(value: string): string {
  return `${value.length === 16 ? `${value}:00` : value}+08:00`;
}

/** An API time as a picker's wall-clock value in Beijing time. */
export function toPicker(value: string): string {
  return shanghaiIso(value).slice(0, 19);
}

/** The current month in Beijing, "2026-12". */
export function currentMonth(now: Date = new Date()): string {
  return shanghaiIso(now).slice(0, 7);
}

/** The current year in Beijing. */
export function currentYear(now: Date = new Date()): number {
  return Number(shanghaiIso(now).slice(0, 4));
}

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)}%`;
}

export const categoryNames: Record<Schemas['ServiceCategory'], string> = {
  CommunityActivity: '参加社区活动',
  MicroWish: '认领微心愿',
  RedSteward: '担任红管家',
  HelpGroup: '加入帮帮团',
  Suggestion: '建言献策',
};

export const tierNames: Record<Schemas['TaskTier'], string> = { City: '全市', Community: '社区', Block: '小区' };

export const taskStatusNames: Record<Schemas['VolunteerTaskStatus'], string> = { Published: '报名中', Closed: '已结束报名', Cancelled: '已取消' };

export const claimStatusNames: Record<Schemas['ClaimStatus'], string> = {
  Claimed: '已认领',
  Submitted: '待认定',
  Confirmed: '已认定',
  Rejected: '已驳回',
  Cancelled: '已取消',
};

export const registrationStatusNames: Record<Schemas['RegistrationStatus'], string> = { Pending: '待审核', Approved: '已通过', Rejected: '已退回' };

export const rollStatusNames: Record<Schemas['RollRegistrationStatus'], string> = {
  NotRegistered: '未报到',
  Pending: '待审核',
  Approved: '已报到',
  Rejected: '已退回',
};

export const roleNames: Record<Schemas['Role'], string> = {
  CityAdmin: '市委组织部',
  StreetAdmin: '街道党工委',
  CommunityAdmin: '社区党组织',
  BlockAdmin: '小区党支部',
  WorkUnitAdmin: '单位党组织',
  Member: '党员',
  MerchantAdmin: '积分商家',
};

export const unitKindNames: Record<Schemas['WorkUnitKind'], string> = {
  CityOrgan: '市级机关',
  TownshipOrgan: '镇街机关',
  StateOwnedEnterprise: '国有企业',
  Institution: '事业单位',
};

export const wishStatusNames: Record<Schemas['WishStatus'], string> = { Submitted: '待处理', Published: '已发布', Fulfilled: '已实现', Declined: '已婉拒' };

export const wishChannelNames: Record<Schemas['WishChannel'], string> = { MiniProgram: '小程序', Phone: '电话', WeChatGroup: '微信群', Visit: '走访' };

export const stewardshipStatusNames: Record<Schemas['StewardshipStatus'], string> = { Pending: '待批准', Active: '在任', Rejected: '未批准' };

export const stewardshipKindNames: Record<Schemas['StewardshipKind'], string> = { Stairwell: '楼道', Facility: '公共设施' };

export const suggestionStatusNames: Record<Schemas['SuggestionStatus'], string> = { Submitted: '待答复', Replied: '已答复' };

export const knowledgeNames: Record<Schemas['KnowledgeType'], string> = { Basic: '基础型', Mixed: '综合型', Professional: '专业型' };

export const memberTypeNames: Record<Schemas['MemberType'], string> = { InService: '在职党员', Resident: '居住地党员' };

export const reportStatusNames: Record<Schemas['ReportStatus'], string> = { Queued: '生成中', Ready: '可下载', Failed: '生成失败' };

export const changeKindNames: Record<Schemas['WorkUnitChangeKind'], string> = {
  Registered: '报到',
  Approved: '报到通过',
  Moved: '搬迁',
  LeftUnit: '调出本单位',
  JoinedUnit: '调入本单位',
};

/** A phone as 138****0001 (for screens seen over a shoulder). */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}

export const merchantKindNames: Record<Schemas['MerchantKind'], string> = { Shop: '商店', PropertyCompany: '物业公司' };

export const mallItemKindNames: Record<Schemas['MallItemKind'], string> = { Goods: '实物', Service: '服务', PropertyFeeOffset: '抵扣物业费' };

export const redemptionStatusNames: Record<Schemas['RedemptionStatus'], string> = { Reserved: '待核销', Fulfilled: '已核销', Cancelled: '已取消' };
