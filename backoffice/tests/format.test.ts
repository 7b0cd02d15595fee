import { describe, expect, it } from 'vitest';
import { chunks, summarize } from '@/utils/batch';
import { currentYear, date, dateTime, fromPicker, maskPhone, percent, toPicker } from '@/utils/format';
import { generalisation } from '@/utils/watch';

describe('times are Beijing time whatever the browser zone', () => {
  it('shows an API time in Beijing', () => {
    expect(dateTime('2026-12-31T17:30:00Z')).toBe('2027-01-01 01:30');
    expect(dateTime('2026-12-01T09:00:00+08:00')).toBe('2026-12-01 09:00');
    expect(date('2026-12-31T16:00:00Z')).toBe('2027-01-01');
    expect(dateTime(null)).toBe('—');
  });

  it('sends a picker value as Beijing time and reads it back', () => {
    expect(fromPicker('2026-12-01T09:00:00')).toBe('2026-12-01T09:00:00+08:00');
    expect(fromPicker('2026-12-01T09:00')).toBe('2026-12-01T09:00:00+08:00');
    expect(toPicker('2026-12-01T01:00:00Z')).toBe('2026-12-01T09:00:00');
  });

  it('knows the year in Beijing on New Year\'s Eve in UTC', () => {
    expect(currentYear(new Date('2026-12-31T17:00:00Z'))).toBe(2027);
  });
});

describe('figures', () => {
  it('prints rates and masks phones', () => {
    expect(percent(0.5968)).toBe('59.7%');
    expect(percent(null)).toBe('—');
    expect(maskPhone('13800001234')).toBe('138****1234');
  });

  it('watches a community whose tasks are mostly one kind', () => {
    expect(generalisation({ CommunityActivity: 4, MicroWish: 1, RedSteward: 0, HelpGroup: 0, Suggestion: 0 })).toBe('参加社区活动占 80%');
    expect(generalisation({ CommunityActivity: 3, MicroWish: 2, RedSteward: 0, HelpGroup: 0, Suggestion: 0 })).toBe('参加社区活动占 60%');
    expect(generalisation({ CommunityActivity: 2, MicroWish: 2, RedSteward: 1, HelpGroup: 0, Suggestion: 0 })).toBeNull();
    expect(generalisation({ CommunityActivity: 3, MicroWish: 0, RedSteward: 0, HelpGroup: 0, Suggestion: 0 })).toBeNull();
  });
});

describe('batches', () => {
  it('splits a selection into the API\'s batches of 100', () => {
    expect(chunks(Array.from({ length: 250 }, (_, i) => i)).map((c) => c.length)).toEqual([100, 100, 50]);
  });

  it('says what was done and, for each failure, whose and why', () => {
    const text = summarize(
      [{ id: '1', status: 'Approved', code: null, title: null }, { id: '2', status: 'Failed', code: 'conflict_of_interest', title: '不能审核本人的事项' }],
      new Map([['1', '张三'], ['2', '李四']]), '通过');
    expect(text).toBe('已通过 1 条；1 条未处理：\n李四：不能审核本人的事项');
  });
});
