import { expect, test } from '@playwright/test';
import { login, shoot } from './support';

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
