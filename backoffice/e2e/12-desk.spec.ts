import { expect, test } from '@playwright/test';
import { login, open, shoot } from './support';

test.describe('on a wall screen of 1920×1080', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('the city opens the data screen from 全市概况: the figures, the charts and the day fill the screen and refresh every minute', async ({ page }) => {
    await page.clock.install();
    await login(page, 'cityadmin');
    await page.getByRole('button', { name: '数据大屏' }).click();
    await expect(page).toHaveURL(/\/admin\/screen$/);
    const screen = page.getByTestId('data-screen');
    await expect(page.getByTestId('screen-updated')).toContainText('数据更新于');
    await expect(screen.locator('.figure')).toHaveCount(6);
    await expect(screen.locator('.figure').first()).toContainText('报到党员');
    await expect(screen.locator('canvas')).toHaveCount(4);
    await expect(page.getByTestId('screen-today').locator('li').first()).toBeVisible();
    // One screen, nothing to scroll: what visitors see is all there is.
    const size = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
    expect(size[0]).toBeLessThanOrEqual(1920);
    expect(size[1]).toBeLessThanOrEqual(1080);
    await shoot(page, 'city-data-screen');

    // A minute later it reads the tallies again by itself.
    const first = await page.getByTestId('screen-updated').textContent();
    const asked = page.waitForRequest((r) => r.url().includes('/api/v1/stats/today'));
    await page.clock.fastForward('01:05');
    await asked;
    await expect(page.getByTestId('screen-updated')).not.toHaveText(first!);
  });
});

test('a page another role opens says 403 and leads back to his own first page', async ({ page }) => {
  await login(page, 'communityadmin');
  await page.goto('/admin/dashboard');
  const forbidden = page.getByTestId('forbidden');
  await expect(forbidden).toContainText('403 无权访问');
  await expect(forbidden).toContainText('全市概况');
  await page.goto('/admin/screen');
  await expect(page.getByTestId('forbidden')).toContainText('数据大屏');
  await page.getByRole('button', { name: '返回我的首页' }).click();
  await expect(page).toHaveURL(/\/admin\/community$/);
});

test('the pages a secretary opened stay as tabs: back in one click, read again, closed one by one or all but this one', async ({ page }) => {
  await login(page, 'communityadmin');
  const tabs = page.getByTestId('page-tabs').locator('.tab');
  for (const menu of ['报到审核', '服务认定', '任务发布']) {
    // One page after another, as a person opens them (a click before the page came would only replace it).
    await page.locator('.el-aside .el-menu-item').filter({ hasText: menu }).click();
    await expect(tabs.filter({ hasText: menu })).toHaveCount(1);
  }
  await expect(tabs.filter({ hasText: '报到审核' })).toHaveCount(1);
  await expect(tabs.filter({ hasText: '服务认定' })).toHaveCount(1);
  await expect(tabs.filter({ hasText: '任务发布' })).toHaveClass(/el-tag--dark/);
  await tabs.filter({ hasText: '报到审核' }).click();
  await expect(page).toHaveURL(/\/admin\/registrations$/);
  await page.getByTestId('page-tabs').getByRole('button', { name: '刷新' }).click();
  await expect(page.locator('.el-table')).toBeVisible();
  await tabs.filter({ hasText: '任务发布' }).locator('.el-tag__close').click();
  await expect(tabs.filter({ hasText: '任务发布' })).toHaveCount(0);
  await page.getByTestId('page-tabs').getByRole('button', { name: '关闭', exact: true }).click();
  await page.getByRole('menuitem', { name: '关闭其他' }).click();
  await expect(tabs).toHaveCount(1);
  await expect(tabs.first()).toContainText('报到审核');
  await shoot(page, 'community-tabs');
});

test('the organization tree beside the lists: a secretary picks a block of his community, the city a community\'s tasks', async ({ page }) => {
  await login(page, 'communityadmin');
  await open(page, '党员名册');
  const tree = page.getByTestId('org-tree');
  await expect(tree).toContainText('城西社区');
  const block = tree.locator('.el-tree-node__content').filter({ hasText: '西施小区' });
  await expect(block).toBeVisible();
  await block.click();
  const rows = page.locator('.el-table__body .el-table__row');
  await expect(rows.first()).toContainText('西施小区');
  for (const text of await rows.allTextContents()) expect(text).toContain('西施小区');
  await shoot(page, 'community-members-tree');

  await login(page, 'cityadmin');
  await open(page, '任务发布');
  const pager = page.getByTestId('pager');
  await expect(pager).toContainText(/共 \d+ 条/);
  const all = Number((await pager.textContent())!.match(/共 (\d+) 条/)![1]);
  await page.getByTestId('org-tree').getByPlaceholder('查找社区或小区').fill('城西');
  await page.getByTestId('org-tree').locator('.el-tree-node__content').filter({ hasText: '城西社区' }).click();
  await expect.poll(async () => Number((await pager.textContent())!.match(/共 (\d+) 条/)?.[1] ?? -1)).toBeLessThan(all);
  await page.getByTestId('org-tree').getByRole('button', { name: '全部' }).click();
  await expect(pager).toContainText(`共 ${all} 条`);
});

test('a unit hides the twelve months in 列设置, the choice stays on the next visit, and 全部显示 brings them back', async ({ page }) => {
  await login(page, 'unitadmin');
  await open(page, '单位党员');
  const header = page.locator('.el-table__header').first();
  await expect(header).toContainText('1月');
  await page.getByTestId('column-settings').click();
  const popover = page.locator('.el-popover').filter({ hasText: '全部显示' });
  await popover.getByText('每月', { exact: true }).click();
  await expect(header).not.toContainText('1月');
  await expect(header).toContainText('合计');
  await page.reload();
  await expect(page.locator('.el-table__header').first()).toContainText('合计');
  await expect(page.locator('.el-table__header').first()).not.toContainText('1月');
  await page.getByTestId('column-settings').click();
  await page.locator('.el-popover').filter({ hasText: '全部显示' }).getByRole('button', { name: '全部显示' }).click();
  await expect(page.locator('.el-table__header').first()).toContainText('12月');
});
