import { expect, test, type Page } from '@playwright/test';
import { login, message, open, shoot } from './support';

/** Picks an option of an Element Plus select by its text (the dropdown is teleported to the body). */
async function choose(page: Page, select: ReturnType<Page['locator']>, option: string): Promise<void> {
  await select.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('a community secretary opens 账号与角色 without an error, grants a block role by choosing a person, and takes it back by name', async ({ page }) => {
  const failures: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url().includes('/api/')) failures.push(`${r.status()} ${r.url()}`);
  });
  await login(page, 'communityadmin');
  await open(page, '账号与角色');
  await page.getByRole('tab', { name: '小程序管理员（微信）' }).click();
  const pane = page.locator('#pane-roles');
  await pane.locator('.toolbar .el-select').first().click();
  await page.keyboard.type('张涛');
  await page.getByRole('option', { name: /^张涛/ }).click();
  const picker = pane.locator('.role-picker .el-select');
  await expect(picker.nth(0)).toContainText('小区党支部');
  await choose(page, picker.nth(1), '城西社区');
  await choose(page, picker.nth(2), '西施小区');
  await pane.getByRole('button', { name: '授予' }).click();
  await expect(message(page)).toContainText('已授予');
  const row = pane.locator('.el-table__row').filter({ hasText: '张涛' });
  await expect(row).toContainText('城西社区 西施小区');
  await shoot(page, 'community-roles');

  await row.getByRole('button', { name: '撤销' }).click();
  await expect(page.locator('.el-message-box')).toContainText('张涛');
  await page.locator('.el-message-box').getByRole('button', { name: /确定|确认/ }).click();
  await expect(message(page)).toContainText('已撤销');
  expect(failures, 'no call of the page failed').toEqual([]);
});

test("the city edits an account's roles in place and reads the audit log in Chinese", async ({ page }) => {
  await login(page, 'cityadmin');
  await open(page, '账号与角色');
  const row = page.locator('.el-table__row').filter({ hasText: 'blockadmin' }).first();
  await row.getByRole('button', { name: '编辑角色' }).click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '编辑角色' });
  await expect(dialog.locator('.el-table__row').first()).toContainText('小区党支部');
  await choose(page, dialog.locator('.role-picker .el-select').nth(0), '单位党组织');
  await choose(page, dialog.locator('.role-picker .el-select').nth(1), '诸暨市财政局');
  await dialog.getByRole('button', { name: '增加角色' }).click();
  await expect(message(page)).toContainText('已增加角色');
  await expect(dialog.locator('.el-table__row').filter({ hasText: '单位党组织' })).toContainText('诸暨市财政局');
  await shoot(page, 'city-account-roles');
  await dialog.locator('.el-table__row').filter({ hasText: '单位党组织' }).getByRole('button', { name: '撤销' }).click();
  await page.locator('.el-message-box').getByRole('button', { name: /确定|确认/ }).click();
  await expect(dialog.locator('.el-table__row').filter({ hasText: '单位党组织' })).toHaveCount(0);
  await dialog.locator('.el-dialog__headerbtn').click();

  await open(page, '审计日志');
  await page.getByRole('tab', { name: '管理操作' }).click();
  const body = page.locator('.el-table__body');
  await expect(body).toContainText('授予角色');
  await expect(body).not.toContainText('undefined');
  await expect(body).not.toContainText('null');
  await expect(body).not.toContainText('CommunityAdmin');
});

test('a phone that scans a forged certificate code reads a page, and no page asks for a favicon in vain', async ({ page }) => {
  const answer = await page.goto('/api/v1/certificates/ZJ2026-0000000000ZZ/verify');
  expect(answer?.status()).toBe(404);
  await expect(page.locator('body')).toContainText('未找到编号为 ZJ2026-0000000000ZZ 的志愿服务证明');
  const favicon = await page.request.get('/favicon.ico');
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()['content-type']).toContain('image/svg+xml');
});
