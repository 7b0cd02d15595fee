import type { components } from './api-types';
import { messageFor } from './errors';

export type Schemas = components['schemas'];

/** An API error: the contract's problem+json, with the message to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly errors: Record<string, string[]> = {},
  ) {
    super(messageFor(code, title));
    this.name = 'ApiError';
  }
}

/** Where the bearer token lives (wx storage by default). */
export interface TokenStorage {
  get(): string | undefined;
  set(token: string): void;
  clear(): void;
}

export const wxTokenStorage: TokenStorage = {
  get: () => {
    const token = wx.getStorageSync<string>('zhuji.token');
    return token === '' ? undefined : token;
  },
  set: (token) => wx.setStorageSync('zhuji.token', token),
  clear: () => wx.removeStorageSync('zhuji.token'),
};

export interface ClientOptions {
  /** e.g. https://xfwj.zhuji.gov.cn (no trailing slash). */
  baseUrl: string;
  storage?: TokenStorage;
  /** Milliseconds per request (the server bounds a WeChat login to about 10 s). */
  timeout?: number;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Query = Record<string, string | number | boolean | undefined | null>;

interface Call {
  query?: Query;
  body?: unknown;
  idempotencyKey?: string;
}

/** A fresh key for one logical action (one tap); reused by every retry of that action. */
export function newIdempotencyKey(): string {
  const random = () => Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return `${Date.now().toString(16)}-${random()}-${random()}`;
}

/**
 * The 先锋微家 API over wx.request. Logs in silently through wx.login when there is no token or the server
 * answers 401 (once per call), sends an Idempotency-Key with claims so a retried grab never grabs twice,
 * and turns every problem+json into an {@link ApiError} carrying a zh-CN message.
 */
export class ZhujiClient {
  private readonly storage: TokenStorage;
  private login?: Promise<Schemas['LoginResponse']>;

  constructor(private readonly options: ClientOptions) {
    this.storage = options.storage ?? wxTokenStorage;
  }

  /** wx.login → POST /auth/wechat-login; the token is stored. Concurrent callers share one login. */
  signIn(): Promise<Schemas['LoginResponse']> {
    this.login ??= this.wxLoginCode()
      .then((code) => this.send<Schemas['LoginResponse']>('POST', '/api/v1/auth/wechat-login', { body: { code } }, false))
      .then((login) => {
        this.storage.set(login.token);
        return login;
      })
      .finally(() => {
        this.login = undefined;
      });
    return this.login;
  }

  me(): Promise<Schemas['MeResponse']> {
    return this.request('GET', '/api/v1/me');
  }

  /** The community and blocks of a scanned code (the page reads decodeURIComponent(query.scene)). */
  resolveScene(scene: string): Promise<Schemas['SceneDto']> {
    return this.request('GET', `/api/v1/register/scene/${encodeURIComponent(scene)}`);
  }

  register(registration: Schemas['RegistrationRequest'], idempotencyKey = newIdempotencyKey()): Promise<Schemas['RegistrationDto']> {
    return this.request('POST', '/api/v1/registrations', { body: registration, idempotencyKey });
  }

  myRegistration(): Promise<Schemas['RegistrationDto']> {
    return this.request('GET', '/api/v1/registrations/mine');
  }

  /** 任务大厅: by default what he can still take, soonest first (`open`, `remaining`), the tasks he is invited to heading the first page (`invited`); `when: 'past'` for the rest, newest first. */
  listTasks(query: { category?: Schemas['ServiceCategory']; status?: Schemas['VolunteerTaskStatus']; when?: 'upcoming' | 'past'; limit?: number; cursor?: string } = {}): Promise<Schemas['TaskDtoPage']> {
    return this.request('GET', '/api/v1/tasks', { query });
  }

  getTask(taskId: string): Promise<Schemas['TaskDto']> {
    return this.request('GET', `/api/v1/tasks/${encodeURIComponent(taskId)}`);
  }

  /** 一键抢单. Pass the same key to retry the same tap; a new tap gets a new key. */
  claimTask(taskId: string, request: Schemas['GrabRequest'] = {}, idempotencyKey = newIdempotencyKey()): Promise<Schemas['ClaimDto']> {
    return this.request('POST', `/api/v1/tasks/${encodeURIComponent(taskId)}/claims`, { body: request, idempotencyKey });
  }

  cancelClaim(claimId: string): Promise<void> {
    return this.request('DELETE', `/api/v1/claims/${encodeURIComponent(claimId)}`);
  }

  /**
   * 候补: when a grab answers `task_full`, he may join the task's (or shift's) line. A place freed later goes to the
   * first in line at once — he is told by subscribe message and finds the claim in {@link myClaims}. The answer's
   * `position` is his place (1 is next); `status` `Promoted` (and `claimId`) when a place was free after all.
   * `invalid_state` means a place is free: grab it instead.
   */
  joinWaitlist(taskId: string, shiftId?: string): Promise<Schemas['WaitlistEntryDto']> {
    return this.request('POST', `/api/v1/tasks/${encodeURIComponent(taskId)}/waitlist`, { body: { shiftId } });
  }

  leaveWaitlist(taskId: string, shiftId?: string): Promise<void> {
    return this.request('DELETE', `/api/v1/tasks/${encodeURIComponent(taskId)}/waitlist`, { query: { shiftId } });
  }

  /** The lines he is in (`Waiting`, with `position`) and the places they gave him (`Promoted`, with `claimId`). */
  myWaitlist(query: { limit?: number; cursor?: string } = {}): Promise<Schemas['MyWaitlistDtoPage']> {
    return this.request('GET', '/api/v1/me/waitlist', { query });
  }

  /** 我的通知: what his community, a help group or the organiser of a task sent him, newest first, with `read`. */
  myNotices(query: { limit?: number; cursor?: string } = {}): Promise<Schemas['MyNoticeDtoPage']> {
    return this.request('GET', '/api/v1/me/notices', { query });
  }

  /** Marks a notice read (the admin who sent it sees who has); again changes nothing. */
  readNotice(noticeId: string): Promise<void> {
    return this.request('POST', `/api/v1/notices/${encodeURIComponent(noticeId)}/read`);
  }

  /** 技能邀请: Professional tasks that asked for his skills (`open` while a place is left and it has not started). */
  myInvitations(query: { limit?: number; cursor?: string } = {}): Promise<Schemas['MyInvitationDtoPage']> {
    return this.request('GET', '/api/v1/me/invitations', { query });
  }

  /** 守约记录: places taken, served, not come to (未到岗), let go within 2 hours of the start. Flags never depend on it. */
  myReliability(): Promise<Schemas['ReliabilityDto']> {
    return this.request('GET', '/api/v1/me/reliability');
  }

  recordService(claimId: string, record: Schemas['RecordRequest'], idempotencyKey = newIdempotencyKey()): Promise<Schemas['ClaimDto']> {
    return this.request('POST', `/api/v1/claims/${encodeURIComponent(claimId)}/record`, { body: record, idempotencyKey });
  }

  /**
   * 自主申报: service done without a task (within 30 days, photos uploaded first), into his community's confirmation
   * queue. The answer is the report's claim (`reported: true`): sent back, it is given again with `recordService`.
   */
  reportService(report: Schemas['ReportServiceRequest'], idempotencyKey = newIdempotencyKey()): Promise<Schemas['ClaimDto']> {
    return this.request('POST', '/api/v1/me/service-records', { body: report, idempotencyKey });
  }

  myClaims(query: { status?: Schemas['ClaimStatus']; limit?: number; cursor?: string } = {}): Promise<Schemas['ClaimDtoPage']> {
    return this.request('GET', '/api/v1/me/claims', { query });
  }

  myFlags(year?: number): Promise<Schemas['MyFlagsResponse']> {
    return this.request('GET', '/api/v1/me/flags', { query: { year } });
  }

  submitWish(wish: Schemas['SubmitWishRequest'], idempotencyKey = newIdempotencyKey()): Promise<Schemas['WishDto']> {
    return this.request('POST', '/api/v1/wishes', { body: wish, idempotencyKey });
  }

  myPoints(query: { limit?: number; cursor?: string } = {}): Promise<Schemas['MyPointsDto']> {
    return this.request('GET', '/api/v1/me/points', { query });
  }

  listMallItems(query: { kind?: Schemas['MallItemKind']; limit?: number; cursor?: string } = {}): Promise<Schemas['MallItemDtoPage']> {
    return this.request('GET', '/api/v1/mall/items', { query });
  }

  getMallItem(itemId: string): Promise<Schemas['MallItemDto']> {
    return this.request('GET', `/api/v1/mall/items/${encodeURIComponent(itemId)}`);
  }

  /** Spends the points at once and reserves the units; the answer's `code` is shown at the merchant. */
  redeem(itemId: string, quantity = 1, idempotencyKey = newIdempotencyKey()): Promise<Schemas['RedemptionDto']> {
    return this.request('POST', `/api/v1/mall/items/${encodeURIComponent(itemId)}/redemptions`, { body: { quantity }, idempotencyKey });
  }

  cancelRedemption(redemptionId: string): Promise<Schemas['RedemptionDto']> {
    return this.request('POST', `/api/v1/redemptions/${encodeURIComponent(redemptionId)}/cancel`);
  }

  myRedemptions(query: { status?: Schemas['RedemptionStatus']; limit?: number; cursor?: string } = {}): Promise<Schemas['RedemptionDtoPage']> {
    return this.request('GET', '/api/v1/me/redemptions', { query });
  }

  /** The QR of a reserved redemption's code, as a path to the image under the API (for an <image> with the token header, download it with wx.downloadFile). */
  redemptionQrCodePath(redemptionId: string): string {
    return `/api/v1/redemptions/${encodeURIComponent(redemptionId)}/qrcode.png`;
  }

  leaderboard(query: { scope?: Schemas['LeaderboardScope']; scopeId?: string; year?: number; by?: Schemas['LeaderboardBy'] } = {}): Promise<Schemas['LeaderboardDto']> {
    return this.request('GET', '/api/v1/leaderboards', { query });
  }

  /** The privacy notice in force (no login needed): show `text` before registering, then {@link giveConsent} with its `version`. */
  privacyNotice(): Promise<Schemas['PrivacyNoticeDto']> {
    return this.request('GET', '/api/v1/privacy');
  }

  /** His consents; `privacyAccepted` false means the notice changed (or was never agreed): show it again. */
  myConsents(): Promise<Schemas['ConsentsDto']> {
    return this.request('GET', '/api/v1/me/consents');
  }

  /** Records his consent to this version of the notice (`Privacy`), or the separate one for his position at check-in (`Location`). */
  giveConsent(kind: Schemas['ConsentKind'], version: string): Promise<Schemas['ConsentDto']> {
    return this.request('POST', '/api/v1/me/consents', { body: { kind, version } });
  }

  /** Takes back the location consent (the notice itself is not withdrawn: that is cancellation). */
  withdrawConsent(kind: 'Location'): Promise<void> {
    return this.request('DELETE', `/api/v1/me/consents/${kind}`);
  }

  /** 下载我的数据: everything held about him; the workbook is `download('/api/v1/me/personal-data?format=xlsx')`. */
  myPersonalData(): Promise<Schemas['PersonalDataDto']> {
    return this.request('GET', '/api/v1/me/personal-data');
  }

  /** 注销账号: irreversible. His name, phone, address and openid are deleted; the stored token stops working. */
  async cancelAccount(): Promise<Schemas['CancellationDto']> {
    const answer = await this.request<Schemas['CancellationDto']>('POST', '/api/v1/me/cancellation');
    this.storage.clear();
    return answer;
  }

  /**
   * 扫码签到 / 签退: wx.scanCode reads the organiser's code (its text is `zhuji-checkin:{taskId}:{code}`); the
   * phone's position goes along only under his location consent ({@link giveConsent} `Location`; without it the
   * server answers `consent_required`) and when the phone gives it (a task with a geofence requires it: without one the
   * server answers `location_required`, and the page asks him to allow it). The server answers `checkin_code_invalid`
   * (with the tries left), `checkin_locked` (too many wrong codes: wait, or the organiser records him), `outside_geofence`,
   * `service_too_short` or `invalid_state` (already checked in or out, outside the window) when it refuses.
   */
  async scanCheckIn(claimId: string, direction: 'in' | 'out'): Promise<Schemas['CheckedInDto'] | Schemas['CheckedOutDto']> {
    const code = await new Promise<string>((resolve, reject) =>
      wx.scanCode({
        onlyFromCamera: true,
        scanType: ['qrCode'],
        success: (result) => resolve(result.result),
        fail: (error) => reject(new ApiError(0, 'checkin_code_invalid', error.errMsg)),
      }),
    );
    const { locationAccepted } = await this.myConsents();
    const position = locationAccepted
      ? await new Promise<{ latitude?: number; longitude?: number }>((resolve) =>
          wx.getLocation({ type: 'gcj02', success: (p) => resolve({ latitude: p.latitude, longitude: p.longitude }), fail: () => resolve({}) }),
        )
      : {};
    return direction === 'in' ? this.checkIn(claimId, { code, ...position }) : this.checkOut(claimId, { code, ...position });
  }

  checkIn(claimId: string, request: Schemas['CheckInRequest']): Promise<Schemas['CheckedInDto']> {
    return this.request('POST', `/api/v1/claims/${encodeURIComponent(claimId)}/check-in`, { body: request });
  }

  checkOut(claimId: string, request: Schemas['CheckInRequest']): Promise<Schemas['CheckedOutDto']> {
    return this.request('POST', `/api/v1/claims/${encodeURIComponent(claimId)}/check-out`, { body: request });
  }

  /** A photo from wx.chooseMedia, uploaded (≤ 5 MB; JPEG/PNG/WebP); put the answer's `url` into the record's photoUrls. */
  async uploadPhoto(filePath: string): Promise<Schemas['UploadDto']> {
    if (this.storage.get() === undefined) {
      await this.signIn();
    }

    return new Promise((resolve, reject) =>
      wx.uploadFile({
        url: `${this.options.baseUrl}/api/v1/uploads`,
        filePath,
        name: 'file',
        header: { Authorization: `Bearer ${this.storage.get() ?? ''}` },
        success: (result) => {
          const body = JSON.parse(result.data) as Partial<Schemas['UploadDto'] & Schemas['ValidationProblemDetails']>;
          if (result.statusCode === 201) {
            resolve(body as Schemas['UploadDto']);
            return;
          }

          reject(new ApiError(result.statusCode, body.code ?? 'internal_error', body.title ?? '', (body.errors ?? {}) as Record<string, string[]>));
        },
        fail: (error) => reject(new ApiError(0, 'internal_error', error.errMsg)),
      }),
    );
  }

  /** A photo, thumbnail or certificate (they need the token, which an <image src> cannot send): a local temp path. */
  async download(url: string): Promise<string> {
    if (this.storage.get() === undefined) {
      await this.signIn();
    }

    return new Promise((resolve, reject) =>
      wx.downloadFile({
        url,
        header: { Authorization: `Bearer ${this.storage.get() ?? ''}` },
        success: (result) => (result.statusCode === 200 ? resolve(result.tempFilePath) : reject(new ApiError(result.statusCode, 'not_found', ''))),
        fail: (error) => reject(new ApiError(0, 'internal_error', error.errMsg)),
      }),
    );
  }

  /** 志愿服务证明 for a year: the same certificate while the figures stand, a new one when they changed. */
  /**
   * 志愿服务证明 for a year. `id` prints his identity document, masked (110***********002X): the whole number is
   * checked and never kept; ask for it on the page only when he wants it on the paper.
   */
  issueCertificate(year: number, id?: { idType: Schemas['IdType']; idNumber: string }): Promise<Schemas['CertificateDto']> {
    return this.request('POST', '/api/v1/me/certificates', { body: { year, ...id } });
  }

  /** Any operation of the contract; the helpers above cover a member's day. */
  async request<T>(method: Method, path: string, call: Call = {}): Promise<T> {
    if (this.storage.get() === undefined) {
      await this.signIn();
    }

    try {
      return await this.send<T>(method, path, call, true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this.storage.clear();
        await this.signIn();
        return this.send<T>(method, path, call, true);
      }

      throw error;
    }
  }

  private send<T>(method: Method, path: string, call: Call, authorized: boolean): Promise<T> {
    const header: Record<string, string> = { 'Content-Type': 'application/json' };
    const token = this.storage.get();
    if (authorized && token !== undefined) {
      header.Authorization = `Bearer ${token}`;
    }

    if (call.idempotencyKey !== undefined) {
      header['Idempotency-Key'] = call.idempotencyKey;
    }

    return new Promise<T>((resolve, reject) => {
      wx.request({
        url: this.options.baseUrl + path + queryString(call.query),
        method,
        data: call.body,
        header,
        timeout: this.options.timeout ?? 15000,
        success: (result) => {
          if (result.statusCode >= 200 && result.statusCode < 300) {
            resolve(result.data as T);
            return;
          }

          const problem = (result.data ?? {}) as Partial<Schemas['ValidationProblemDetails']>;
          reject(new ApiError(result.statusCode, problem.code ?? 'internal_error', problem.title ?? '', (problem.errors ?? {}) as Record<string, string[]>));
        },
        fail: (error) => reject(new ApiError(0, 'internal_error', error.errMsg)),
      });
    });
  }

  private wxLoginCode(): Promise<string> {
    return new Promise((resolve, reject) =>
      wx.login({
        success: (result) => resolve(result.code),
        fail: (error) => reject(new ApiError(0, 'wechat_code_invalid', error.errMsg)),
      }),
    );
  }
}

function queryString(query: Query | undefined): string {
  if (query === undefined) {
    return '';
  }

  const parts = Object.entries(query)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}
