import { labels } from '@contract/labels';

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

/** A phone as 138****0001 (for screens seen over a shoulder). */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}

/** The zh-CN names of the API's values: one table for the back office, the mini-program and the API's own exports (Labels.cs). */
export const categoryNames = labels.ServiceCategory;
export const tierNames = labels.TaskTier;
export const taskStatusNames = labels.VolunteerTaskStatus;
export const claimStatusNames = labels.ClaimStatus;
export const registrationStatusNames = labels.RegistrationStatus;
export const rollStatusNames = labels.RollRegistrationStatus;
export const roleNames = labels.Role;
export const unitKindNames = labels.WorkUnitKind;
export const wishStatusNames = labels.WishStatus;
export const wishChannelNames = labels.WishChannel;
export const stewardshipStatusNames = labels.StewardshipStatus;
export const stewardshipKindNames = labels.StewardshipKind;
export const suggestionStatusNames = labels.SuggestionStatus;
export const knowledgeNames = labels.KnowledgeType;
export const memberTypeNames = labels.MemberType;
export const reportStatusNames = labels.ReportStatus;
export const changeKindNames = labels.WorkUnitChangeKind;
export const merchantKindNames = labels.MerchantKind;
export const mallItemKindNames = labels.MallItemKind;
export const redemptionStatusNames = labels.RedemptionStatus;
