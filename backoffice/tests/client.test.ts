import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, configureAuth, fileNameOf, queryString, request } from '@/api/client';

function answer(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('the API client', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('builds query strings without empty values', () => {
    expect(queryString({ status: 'Pending', q: '', cursor: undefined, limit: 20 })).toBe('?status=Pending&limit=20');
    expect(queryString({ q: '张三' })).toBe('?q=%E5%BC%A0%E4%B8%89');
  });

  it('turns a problem into an ApiError with the code and the zh-CN title', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(answer(409, { code: 'task_full', title: '名额已满' })));
    await expect(api.get('/tasks')).rejects.toMatchObject({ status: 409, code: 'task_full', title: '名额已满' });
  });

  it('shows a field message beside the title', () => {
    expect(new ApiError(400, 'validation_failed', '请求参数有误', { title: ['标题不能为空'] }).detail).toBe('请求参数有误：标题不能为空');
  });

  it('asks the session to log in again on a 401 and retries once with the new token', async () => {
    let token = 'old';
    const fetch = vi.fn()
      .mockResolvedValueOnce(answer(401, { code: 'unauthorized', title: '登录已失效' }))
      .mockResolvedValueOnce(answer(200, { ok: true }));
    vi.stubGlobal('fetch', fetch);
    configureAuth({ token: () => token, onUnauthorized: async () => { token = 'new'; return true; } });
    await expect(request('POST', '/wishes', { body: { title: 'x' } })).resolves.toEqual({ ok: true });
    expect(fetch.mock.calls[1][1].headers.Authorization).toBe('Bearer new');
    expect(fetch.mock.calls[1][1].body).toBe(JSON.stringify({ title: 'x' }));
  });

  it('gives up when the user does not log in again', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(answer(401, { code: 'unauthorized', title: '登录已失效' })));
    configureAuth({ token: () => 'old', onUnauthorized: async () => false });
    await expect(api.get('/me')).rejects.toMatchObject({ status: 401 });
  });

  it('reads the file name the server gave', () => {
    expect(fileNameOf("attachment; filename=report.xlsx; filename*=UTF-8''%E6%8A%A5%E8%A1%A8.xlsx", 'x')).toBe('报表.xlsx');
    expect(fileNameOf('attachment; filename="a.xlsx"', 'x')).toBe('a.xlsx');
    expect(fileNameOf(null, 'x')).toBe('x');
  });
});
