import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { accounts, login, shoot } from './support';

test('the login page is Chinese, refuses a wrong password and stays small', async ({ page }) => {
  const scripts: Promise<number>[] = [];
  const wire: Promise<number>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') {
      scripts.push(response.body().then((body) => gzipSync(body).length));
    }

    if (response.url().includes('/admin/')) {
      // What crossed the wire: the precompressed asset when the browser accepts it (Content-Encoding br).
      wire.push(response.request().sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
    }
  });
  await page.goto('/admin/');
  await expect(page).toHaveURL(/\/admin\/login/);
  await expect(page.getByRole('heading', { name: /先锋微家 · 管理后台/ })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const gzipped = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
  console.log(`login page JavaScript: ${(gzipped / 1024).toFixed(1)} KB gzipped in ${scripts.length} files`);
  expect(gzipped).toBeLessThan(300 * 1024);
  const transferred = (await Promise.all(wire)).reduce((a, b) => a + b, 0);
  console.log(`login page over the wire: ${(transferred / 1024).toFixed(1)} KB`);
  expect(transferred).toBeLessThan(500 * 1024);
  await shoot(page, 'login');

  await page.getByPlaceholder('请输入后台账号').fill('cityadmin');
  await page.getByPlaceholder('请输入密码').fill('not-the-password');
  await page.getByRole('button', { name: '登 录' }).click();
  await expect(page.getByText('用户名或密码错误')).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/login/);
});

test('each role sees only its own menu', async ({ page }) => {
  const menus: Record<string, { shows: string[]; hides: string[] }> = {
    cityadmin: { shows: ['全市概况', '基础数据', '审计日志', '后台任务'], hides: [] },
    streetadmin: { shows: ['社区概况', '报到审核'], hides: ['全市概况', '基础数据', '审计日志'] },
    communityadmin: { shows: ['社区工作台', '报到审核', '服务认定', '报到二维码'], hides: ['全市概况', '社区概况', '基础数据', '单位党员'] },
    blockadmin: { shows: ['服务认定', '任务发布', '红管家'], hides: ['报到审核', '党员名册', '全市概况'] },
    unitadmin: { shows: ['单位党员', '报表中心', '考核结果'], hides: ['报到审核', '任务发布', '全市概况'] },
    merchantadmin: { shows: ['兑换核销'], hides: ['报到审核', '积分商品', '全市概况', '光荣榜'] },
  };
  for (const [username, menu] of Object.entries(menus)) {
    expect(accounts()[username], `${username} in the accounts file`).toBeTruthy();
    await page.context().clearCookies();
    await page.goto('/admin/login');
    await page.evaluate(() => sessionStorage.clear());
    await login(page, username);
    const aside = page.locator('.el-aside');
    for (const item of menu.shows) await expect(aside.getByText(item, { exact: true })).toBeVisible();
    for (const item of menu.hides) await expect(aside.getByText(item, { exact: true })).toHaveCount(0);
  }
});
