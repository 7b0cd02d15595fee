import type { paths } from '@contract/api-types';

/**
 * The back office's only way to the API: JSON over fetch with the session's bearer token, problem+json turned into
 * ApiError (with the contract's code and zh-CN title), and a 401 handed to the session, which asks the user to log in
 * again in a dialog — the page and any half-filled form stay as they were — and then the call is retried once.
 */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    public readonly title: string,
    public readonly errors: Record<string, string[]> = {},
    /** The whole problem+json, for the fields a page reads besides these (the TOTP enrolment of a login). */
    public readonly problem: Record<string, unknown> = {},
  ) {
    super(title);
  }

  /** The title and the first field message, as a person reads them. */
  get detail(): string {
    const first = Object.values(this.errors)[0]?.[0];
    return first !== undefined && first !== this.title ? `${this.title}：${first}` : this.title;
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface CallOptions {
  query?: Query;
  body?: unknown;
  form?: FormData;
}

export interface AuthHooks {
  token(): string | undefined;
  /** Resolves true when the user logged in again (retry), false when he did not. */
  onUnauthorized(): Promise<boolean>;
}

let auth: AuthHooks = { token: () => undefined, onUnauthorized: async () => false };

export function configureAuth(hooks: AuthHooks): void {
  auth = hooks;
}

export function queryString(query: Query | undefined): string {
  if (query === undefined) {
    return '';
  }

  const parts = Object.entries(query)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

async function send(method: string, path: string, options: CallOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  const token = auth.token();
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }

  let body: BodyInit | undefined;
  if (options.form !== undefined) {
    body = options.form;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }

  return fetch(`/api/v1${path}${queryString(options.query)}`, { method, headers, body, credentials: 'same-origin' });
}

async function toError(response: Response): Promise<ApiError> {
  try {
    const problem = (await response.json()) as { code?: string; title?: string; errors?: Record<string, string[]> } & Record<string, unknown>;
    return new ApiError(response.status, problem.code ?? 'internal_error', problem.title ?? '请求失败', problem.errors ?? {}, problem);
  } catch {
    return new ApiError(response.status, response.status >= 500 ? 'internal_error' : 'unknown', response.status >= 500 ? '服务器暂时无法处理，请稍后再试' : '请求失败');
  }
}

async function call(method: string, path: string, options: CallOptions, accept: string): Promise<Response> {
  let response: Response;
  try {
    response = await send(method, path, options, accept);
  } catch {
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试');
  }

  if (response.status === 401 && !path.startsWith('/auth/') && (await auth.onUnauthorized())) {
    response = await send(method, path, options, accept);
  }

  if (!response.ok) {
    throw await toError(response);
  }

  return response;
}

export async function request<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  const response = await call(method, path, options, 'application/json');
  return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
}

/** The API's routes under /api/v1, as its OpenAPI document names them: '/tasks/{id}/claims'. */
type Routes = { [P in keyof paths as P extends `/api/v1${infer R}` ? R : never]: paths[P] };
type Method = 'get' | 'post' | 'put' | 'delete';

/** The routes that answer <M>. A route renamed or removed in the API is not one of them, and the call fails vue-tsc. */
export type RouteOf<M extends Method> = { [R in keyof Routes]: [NonNullable<Routes[R][M]>] extends [never] ? never : R }[keyof Routes];

type ParamNames<R> = R extends `${string}{${infer P}}${infer Rest}` ? P | ParamNames<Rest> : never;

/** A route with its path parameters filled in (made by {@link apiRoute}); a route without parameters is passed as it is. */
export interface Bound<R> {
  readonly route: R;
  readonly path: string;
}

export type Target<R> = [ParamNames<R>] extends [never] ? R | Bound<R> : Bound<R>;
type Json<T> = T extends { content: { 'application/json': infer J } } ? J : T extends { content?: never } ? void : unknown;
type Answer<O> = O extends { responses: infer Rs } ? Json<Rs[Extract<keyof Rs, 200 | 201 | 202 | 204>]> : never;
type Body<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B
  : O extends { requestBody?: { content: { 'application/json': infer B } } } ? B | undefined : undefined;
type Op<M extends Method, R extends RouteOf<M>> = NonNullable<Routes[R][M]>;

/** '/tasks/{id}/claims' with { id: '42' } → '/tasks/42/claims'. */
export function apiRoute<R extends keyof Routes>(template: R, params: Record<ParamNames<R>, string | number>): Bound<R> {
  const values = params as Record<string, string | number>;
  const path = (template as string).replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(values[name])));
  return { route: template, path };
}

function pathOf(target: string | Bound<unknown>): string {
  return typeof target === 'string' ? target : target.path;
}

/** The API, typed by its OpenAPI document: each call names a route the API has, and gets that route's answer. */
export const api = {
  get: <R extends RouteOf<'get'>>(target: Target<R>, query?: Query) =>
    request<Answer<Op<'get', R>>>('GET', pathOf(target as string | Bound<R>), { query }),
  post: <R extends RouteOf<'post'>>(target: Target<R>, body?: Body<Op<'post', R>>) =>
    request<Answer<Op<'post', R>>>('POST', pathOf(target as string | Bound<R>), { body: body ?? {} }),
  put: <R extends RouteOf<'put'>>(target: Target<R>, body: Body<Op<'put', R>>) =>
    request<Answer<Op<'put', R>>>('PUT', pathOf(target as string | Bound<R>), { body }),
  delete: <R extends RouteOf<'delete'>>(target: Target<R>) => request<void>('DELETE', pathOf(target as string | Bound<R>)),
  upload: <R extends RouteOf<'post'>>(target: Target<R>, form: FormData, query?: Query) =>
    request<Answer<Op<'post', R>>>('POST', pathOf(target as string | Bound<R>), { form, query }),
};

/** The file name the server gave (RFC 5987 filename* first), or the fallback. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (disposition === null) {
    return fallback;
  }

  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1] !== undefined) {
    return decodeURIComponent(star[1]);
  }

  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/** Downloads a file the API answers (a workbook, a report, a QR code) under the name the server gave it. */
export async function download<R extends RouteOf<'get'>>(target: Target<R>, query?: Query, fallback = 'download'): Promise<void> {
  const response = await call('GET', pathOf(target as string | Bound<R>), { query }, '*/*');
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response.headers.get('Content-Disposition'), fallback);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file at a URL the API itself answered (a record's photo), as an object URL: not a route of the document. */
export async function objectUrlAt(path: string): Promise<string> {
  const response = await call('GET', path, {}, '*/*');
  return URL.createObjectURL(await response.blob());
}

/** A file the API answers, as an object URL (for an image shown on the page). */
export async function objectUrl<R extends RouteOf<'get'>>(target: Target<R>, query?: Query): Promise<string> {
  const response = await call('GET', pathOf(target as string | Bound<R>), { query }, '*/*');
  return URL.createObjectURL(await response.blob());
}
