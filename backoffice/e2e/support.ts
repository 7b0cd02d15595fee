import { readFileSync } from 'node:fs';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

/** The demo city's back-office accounts (username → password), from the file the seeder wrote. */
export function accounts(): Record<string, string> {
  const file = process.env.ZHUJI_E2E_ACCOUNTS ?? '../Api/data/demo-accounts.txt';
  return Object.fromEntries(readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')).map(([u, p]) => [u, p]));
}

export async function login(page: Page, username: string): Promise<void> {
  await page.goto('/admin/login');
  await page.getByPlaceholder('请输入后台账号').fill(username);
  await page.getByPlaceholder('请输入密码').fill(accounts()[username]);
  await page.getByRole('button', { name: '登 录' }).click();
  await expect(page.locator('.el-aside')).toBeVisible();
}

/** Opens a menu page and waits for its table's first row (or its empty text); the time it took, in ms. */
export async function open(page: Page, menu: string): Promise<number> {
  // Tables already on the page are not the new page's: the clock stops at the new page's first row, or at its empty
  // text once its spinner has gone (the list has answered).
  await page.evaluate(() => document.querySelectorAll('.el-table').forEach((t) => t.setAttribute('data-stale', '')));
  const item = page.locator('.el-aside .el-menu-item').filter({ hasText: menu });
  const current = (await item.getAttribute('class'))?.includes('is-active');
  const started = Date.now();
  // The page already open (a role's home) is measured as he meets it: loaded afresh.
  if (current) await page.reload();
  else await page.locator('.el-aside').getByText(menu, { exact: true }).click();
  await page.waitForFunction(
    () => [...document.querySelectorAll('.el-table:not([data-stale])')].some(
      (t) => t.querySelector('.el-table__row') || (t.querySelector('.el-table__empty-text') && !t.querySelector('.el-loading-mask'))),
    undefined, { polling: 'raf' });
  return Date.now() - started;
}

/** A screenshot of the page for docs/screenshots (when the run asks for them). */
export async function shoot(page: Page, name: string): Promise<void> {
  const folder = process.env.ZHUJI_E2E_SHOTS;
  if (folder) {
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${folder}/${name}.png` });
  }
}

/** The message Element Plus shows at the top of the page. */
export function message(page: Page) {
  return page.locator('.el-message').last();
}

/** A login over the API, as the mini-program or another office makes it: the header its calls carry. */
export async function token(request: APIRequestContext, path: 'wechat-login' | 'password-login', data: object): Promise<{ Authorization: string }> {
  const answer = await request.post(`/api/v1/auth/${path}`, { data });
  expect(answer.ok(), await answer.text()).toBeTruthy();
  return { Authorization: `Bearer ${(await answer.json()).token}` };
}
