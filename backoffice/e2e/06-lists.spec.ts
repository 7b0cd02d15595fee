import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { login, open } from './support';

/**
 * Every list page of a role's menu, opened as a user would (a click in the menu), until its first rows show. Run
 * on the demo city in CI and on the bench's city (11,000 members, 100,000 tasks) by the bench, which passes
 * ZHUJI_E2E_TIMINGS and its own accounts (ZHUJI_E2E_ROLES=username,username). Speed is reported, not asserted here.
 */
const withoutList = new Set(['全市概况', '社区工作台', '报到二维码', '后台任务']);
const usernames = (process.env.ZHUJI_E2E_ROLES ?? 'cityadmin,communityadmin,unitadmin').split(',');
// No trace here: recording one slows the page it measures.
test.use({ trace: 'off' });

const timings: { username: string; page: string; ms: number }[] = [];

for (const username of usernames) {
  test(`every list page of ${username} shows its first rows`, async ({ page }) => {
    await login(page, username);
    const menu = (await page.locator('.el-aside .el-menu-item').allInnerTexts()).map((t) => t.trim()).filter((t) => !withoutList.has(t));
    expect(menu.length).toBeGreaterThan(0);
    for (const item of menu) {
      const ms = await open(page, item);
      timings.push({ username, page: item, ms });
      console.log(`${username} ${item}: first rows in ${ms} ms`);
    }
  });
}

test.afterAll(() => {
  if (process.env.ZHUJI_E2E_TIMINGS) writeFileSync(process.env.ZHUJI_E2E_TIMINGS, JSON.stringify(timings, null, 2));
});
