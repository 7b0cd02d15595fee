import { expect, test } from '@playwright/test';
import { login, open, shoot } from './support';

test('a street sees its communities side by side and no other street', async ({ page }) => {
  await login(page, 'streetadmin');
  await expect(page).toHaveURL(/\/admin\/communities/);
  await expect(page.locator('.el-table__row').filter({ hasText: '城西社区' })).toBeVisible();
  await expect(page.locator('.el-table__row').filter({ hasText: '浣纱社区' })).toHaveCount(0);
  await shoot(page, 'street-communities');
});

test('a block sees its tasks and its confirmations', async ({ page }) => {
  await login(page, 'blockadmin');
  await open(page, '任务发布');
  await expect(page.locator('.el-table__row').filter({ hasText: '楼道清理' })).toBeVisible();
  await open(page, '服务认定');
  await shoot(page, 'block-confirmations');
});

test('a work unit sees who has not registered, who is behind, its changes, and makes its report', async ({ page }) => {
  await login(page, 'unitadmin');
  await expect(page).toHaveURL(/\/admin\/unit/);
  await expect(page.locator('.number').filter({ hasText: '报到率' })).toContainText('%');
  await expect(page.locator('.el-table__row').first()).toBeVisible();
  await shoot(page, 'unit-members');
  await page.getByRole('tab', { name: '名册与报到' }).click();
  await page.getByRole('radio', { name: '未报到' }).click({ force: true });
  await expect(page.locator('.el-tab-pane:visible .el-table__row').first()).toContainText('未报到');
  await shoot(page, 'unit-roster');
  await page.getByRole('tab', { name: '人员变动' }).click();
  await expect(page.locator('.el-tab-pane:visible .el-table__row').first()).toBeVisible();
  await page.getByRole('tab', { name: '报表' }).click();
  await page.locator('.el-tab-pane:visible').getByRole('button', { name: '立即生成' }).click();
  const row = page.locator('.el-tab-pane:visible .el-table__row').first();
  await expect(row).toContainText('可下载', { timeout: 20_000 });
  const download = page.waitForEvent('download');
  await row.getByRole('button', { name: '下载' }).click();
  expect((await download).suggestedFilename()).toMatch(/诸暨市财政局.*\.xlsx$/);
  await shoot(page, 'unit-reports');
});
