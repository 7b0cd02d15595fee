import { defineStore } from 'pinia';
import { api, configureAuth } from '@/api/client';
import type { Schemas } from '@/api/types';

type Role = Schemas['Role'];
const tokenKey = 'zhuji.backoffice.token';

/**
 * Who is logged in: the token (kept for the browser tab only), /me with its roles and scope names, and the re-login
 * dialog that a 401 opens over the current page so that nothing typed is lost.
 */
export const useSession = defineStore('session', {
  state: () => ({
    token: sessionStorage.getItem(tokenKey) ?? '',
    me: null as Schemas['MeResponse'] | null,
    reloginOpen: false,
    waiting: [] as ((ok: boolean) => void)[],
  }),
  getters: {
    loggedIn: (state) => state.token !== '',
    roles: (state): Schemas['RoleDto'][] => state.me?.roles.filter((r) => r.role !== 'Member') ?? [],
    username: (state) => state.me?.account?.username ?? '',
  },
  actions: {
    has(...roles: Role[]): boolean {
      return this.roles.some((r) => roles.includes(r.role));
    },
    scopesOf(role: Role): Schemas['RoleDto'][] {
      return this.roles.filter((r) => r.role === role);
    },
    /** Password, and the authenticator's code once the account has one (the API answers `totp_required` until it is sent). */
    async login(username: string, password: string, totp?: string): Promise<void> {
      const answer = await api.post('/auth/password-login', { username, password, totp: totp || undefined });
      this.token = answer.token;
      sessionStorage.setItem(tokenKey, answer.token);
      await this.loadMe();
    },
    async loadMe(): Promise<void> {
      this.me = await api.get('/me');
    },
    logout(): void {
      this.token = '';
      this.me = null;
      sessionStorage.removeItem(tokenKey);
      sessionStorage.removeItem('zhuji.tabs'); // the pages he had open are his, not the next user's
      this.settle(false);
    },
    /** A call came back 401: ask to log in again over the page; the call is retried when he does. */
    relogin(): Promise<boolean> {
      if (!this.loggedIn) {
        return Promise.resolve(false);
      }

      this.reloginOpen = true;
      return new Promise((resolve) => this.waiting.push(resolve));
    },
    settle(ok: boolean): void {
      this.reloginOpen = false;
      const waiting = this.waiting.splice(0);
      waiting.forEach((resolve) => resolve(ok));
    },
  },
});

/** Wires the API client to the session (once, at start). */
export function connectSession(session: ReturnType<typeof useSession>): void {
  configureAuth({
    token: () => session.token || undefined,
    onUnauthorized: () => session.relogin(),
  });
}
