import { createHmac } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { accounts, login, message, open, shoot } from './support';

/** RFC 6238 as the authenticator app on the official's phone computes it (SHA-1, 30 s, 6 digits). */
function totp(secret: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secret.replace(/\s/g, '')].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const hash = createHmac('sha1', key).update(counter).digest();
  const offset = hash[hash.length - 1] & 0x0f;
  return String((hash.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

async function newAccount(request: APIRequestContext): Promise<{ username: string; password: string }> {
  const answer = await request.post('/api/v1/auth/password-login', { data: { username: 'cityadmin', password: accounts().cityadmin } });
  const headers = { Authorization: `Bearer ${(await answer.json()).token}` };
  const communities = await (await request.get('/api/v1/communities', { headers, params: { limit: 100 } })).json();
  const chengxi = communities.items.find((c: { name: string }) => c.name === '城西社区');
  const username = `totp${Date.now() % 1_000_000}`;
  const password = 'totp-password-2026';
  const created = await request.post('/api/v1/admin-accounts', { headers, data: { username, password, displayName: '城西社区副书记', roles: [{ role: 'CommunityAdmin', scopeId: chengxi.id }] } });
  expect(created.status(), await created.text()).toBe(201);
  return { username, password };
}

async function passwordStep(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/admin/login');
  await page.getByPlaceholder('请输入后台账号').fill(username);
  await page.getByPlaceholder('请输入密码').fill(password);
  await page.getByRole('button', { name: '登 录' }).click();
}

test('a secretary binds an authenticator in 账号安全 and from then on logs in with its code', async ({ page, request }) => {
  const { username, password } = await newAccount(request);
  await passwordStep(page, username, password);
  await expect(page.locator('.el-aside')).toBeVisible();

  await page.locator('.el-header').getByText('城西社区副书记').click();
  await page.getByText('账号安全（密码与动态口令）').click();
  await page.getByRole('button', { name: '绑定验证器' }).click();
  const secret = (await page.locator('.secret').textContent())!.replace(/\s/g, '');
  await expect(page.getByAltText('动态口令二维码')).toHaveJSProperty('complete', true);
  await shoot(page, 'account-totp-enrol');
  await page.getByPlaceholder('6 位数字').fill(totp(secret));
  await page.getByRole('button', { name: '确认绑定' }).click();
  await expect(message(page)).toContainText('动态口令已启用');
  await expect(page.locator('.el-alert').filter({ hasText: '已启用' })).toBeVisible();

  // Next login: the password alone is not enough; the code of the moment is.
  await page.evaluate(() => sessionStorage.clear());
  await passwordStep(page, username, password);
  const code = page.getByPlaceholder('验证器 App 中的 6 位数字');
  await expect(code).toBeVisible();
  await expect(page.locator('.el-aside')).toHaveCount(0);
  await shoot(page, 'login-totp');
  await code.fill(totp(secret, Date.now() + 30_000));
  await page.getByRole('button', { name: '登 录' }).click();
  await expect(page.locator('.el-aside')).toBeVisible();
});

test('the secretary sees who agreed to the privacy notice and to location, and exports whole phones only on purpose', async ({ page }) => {
  await login(page, 'communityadmin');
  await open(page, '隐私授权');
  await expect(page.locator('.el-table__row').first()).toContainText('已同意');
  await shoot(page, 'community-consents');
  await page.getByText('未授权位置信息').click();
  await expect(page.locator('.el-table__row').first()).toContainText('未授权');

  await open(page, '党员名册');
  const masked = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  expect((await masked).suggestedFilename()).toMatch(/\.xlsx$/);
  await page.locator('.el-dropdown .el-dropdown__caret-button').click();
  await page.getByText('导出（含完整手机号）').click();
  await expect(page.locator('.el-message-box')).toContainText('记入审计日志');
  const whole = page.waitForEvent('download');
  await page.locator('.el-message-box').getByRole('button', { name: '确认导出' }).click();
  expect((await whole).suggestedFilename()).toMatch(/\.xlsx$/);
});

test('the city reads the logins, the exports and the views of whole phones in the audit log', async ({ page }) => {
  await login(page, 'cityadmin');
  await open(page, '审计日志');
  await page.getByRole('tab', { name: '登录' }).click();
  await expect(page.locator('.el-table__row').first()).toContainText('登录成功');
  await expect(page.locator('.el-table__row').first()).toContainText('127.0.0.1');
  await shoot(page, 'city-audit-logins');
  await page.getByRole('tab', { name: '导出与个人信息' }).click();
  await expect(page.locator('.el-table__row').filter({ hasText: '导出表格' }).first()).toContainText('完整手机号');
  await shoot(page, 'city-audit-exports');
});
