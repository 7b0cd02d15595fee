import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Schemas } from '@/api/types';
import { allowed, homeFor } from '@/router';
import { useSession } from '@/stores/session';

describe('the session', () => {
  beforeEach(() => {
    sessionStorage.clear();
    setActivePinia(createPinia());
  });

  it('holds the caller\'s roles without the member role', () => {
    const session = useSession();
    session.me = {
      id: '1', displayName: '城西社区党委', registration: null, member: null, account: null,
      roles: [{ role: 'CommunityAdmin', scopeId: '1', scopeName: '城西社区' }, { role: 'Member', scopeId: '1', scopeName: null }],
    } as unknown as Schemas['MeResponse'];
    expect(session.roles.map((r) => r.role)).toEqual(['CommunityAdmin']);
    expect(session.has('CommunityAdmin')).toBe(true);
    expect(session.has('CityAdmin')).toBe(false);
  });

  it('waits for a re-login and resumes every waiting call', async () => {
    const session = useSession();
    session.token = 'old';
    const first = session.relogin();
    const second = session.relogin();
    expect(session.reloginOpen).toBe(true);
    session.settle(true);
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
    expect(session.reloginOpen).toBe(false);
  });

  it('does not ask someone never logged in', async () => {
    await expect(useSession().relogin()).resolves.toBe(false);
  });
});

describe('the menu', () => {
  it('lands each role on its own first page', () => {
    expect(homeFor(['CityAdmin'])).toBe('/dashboard');
    expect(homeFor(['StreetAdmin'])).toBe('/communities');
    expect(homeFor(['CommunityAdmin'])).toBe('/community');
    expect(homeFor(['BlockAdmin'])).toBe('/confirmations');
    expect(homeFor(['WorkUnitAdmin'])).toBe('/unit');
  });

  it('keeps a page from a role it is not for', () => {
    expect(allowed({ meta: { roles: ['CityAdmin'] } }, ['CommunityAdmin'])).toBe(false);
    expect(allowed({ meta: { roles: ['CityAdmin', 'CommunityAdmin'] } }, ['CommunityAdmin'])).toBe(true);
    expect(allowed({ meta: {} }, ['BlockAdmin'])).toBe(true);
  });
});
