import { expect, test } from '@playwright/test';
import { login, message, open, shoot } from './support';

test.beforeEach(async ({ page }) => login(page, 'cityadmin'));

test('the city dashboard shows its figures and charts', async ({ page }) => {
  await expect(page).toHaveURL(/\/admin\/dashboard/);
  await expect(page.locator('.number').filter({ hasText: '报到党员' })).toContainText(/\d+/);
  await expect(page.locator('.number').filter({ hasText: '名册报到率' })).toContainText('%');
  await expect(page.locator('canvas').first()).toBeVisible();
  await expect(page.getByText('各社区任务类别分布（泛化观察）')).toBeVisible();
  await expect(page.locator('.el-table').last().locator('.el-table__row').first()).toContainText('诸暨市');
  await shoot(page, 'city-dashboard');
  await open(page, '社区概况');
  await expect(page.locator('.el-table__row').filter({ hasText: '城西社区' })).toBeVisible();
  await shoot(page, 'city-communities');
});

test('the city keeps its master data: add, rename, refuse to delete what is used, delete what is not', async ({ page }) => {
  await open(page, '基础数据');
  const stamp = Date.now().toString().slice(-5);
  await page.getByRole('button', { name: '新增街道' }).click();
  await page.locator('.el-message-box input').fill(`测试街道${stamp}`);
  await page.getByRole('button', { name: '保存' }).click();
  const street = page.locator('.el-table__row').filter({ hasText: `测试街道${stamp}` });
  await expect(street).toBeVisible();
  await street.click();
  await page.getByRole('button', { name: '新增社区' }).click();
  await page.locator('.el-dialog').getByRole('textbox').first().fill(`测试社区${stamp}`);
  await page.locator('.el-dialog').getByRole('button', { name: '保存' }).click();
  const community = page.locator('.el-table__row').filter({ hasText: `测试社区${stamp}` });
  await expect(community).toBeVisible();

  // A street with a community in it stays.
  await street.getByRole('button', { name: '删除' }).click();
  await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click();
  await expect(message(page)).toContainText('仍有1 个社区');
  await expect(street).toBeVisible();

  // The community is unused: it goes, then the street.
  await community.getByRole('button', { name: '删除' }).click();
  await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click();
  await expect(community).toHaveCount(0);
  await street.getByRole('button', { name: '删除' }).click();
  await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click();
  await expect(street).toHaveCount(0);

  // A used one: 城西社区's street.
  await page.locator('.el-table__row').filter({ hasText: '暨阳街道' }).getByRole('button', { name: '删除' }).click();
  await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click();
  await expect(message(page)).toContainText('不能删除');
  await shoot(page, 'city-master-data');
});

test('the city opens accounts, the audit log in Chinese, compliance and a city report', async ({ page }) => {
  await open(page, '账号与角色');
  await expect(page.locator('.el-table__row').filter({ hasText: 'communityadmin' })).toContainText('社区党组织 · 城西社区');
  await shoot(page, 'city-accounts');

  await open(page, '审计日志');
  await expect(page.locator('.el-table__row').first()).toBeVisible();
  await shoot(page, 'city-audit');

  await open(page, '考核结果');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);

  await open(page, '报表中心');
  await page.getByRole('button', { name: '生成全市报表' }).click();
  const row = page.locator('.el-table__row').first();
  await expect(row).toContainText('诸暨市');
  await expect(row).toContainText('可下载', { timeout: 20_000 });
  const report = page.waitForEvent('download');
  await row.getByRole('button', { name: '下载' }).click();
  expect((await report).suggestedFilename()).toMatch(/报到与亮旗情况\.xlsx$/);
  await shoot(page, 'city-reports');
});

test('the jobs dashboard opens from the menu with no token in its address', async ({ page, context }) => {
  const opened = context.waitForEvent('page');
  await page.locator('.el-aside').getByText('后台任务', { exact: true }).click();
  const jobs = await opened;
  await jobs.waitForLoadState();
  expect(jobs.url()).toMatch(/\/jobs\/?$/);
  expect(jobs.url()).not.toContain('token');
  await expect(jobs.locator('body')).toContainText('先锋微家 · 后台任务');
});
