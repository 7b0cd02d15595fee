import { expect, test, type Page } from '@playwright/test';
import { login, message, open, shoot, token } from './support';

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

test('the secretary finds a task and a record by searching, sees how many there are, and opens a photo with one click', async ({ page, request }) => {
  // A member reports a service with a photo he took (a red square drawn by the browser, uploaded as his phone would).
  const member = await token(request, 'wechat-login', { code: 'fake:demo-member-2' });
  const png = Buffer.from(await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [320, 200];
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#c00';
    g.fillRect(0, 0, 320, 200);
    return canvas.toDataURL('image/png').split(',')[1];
  }), 'base64');
  const upload = await request.post('/api/v1/uploads', { headers: member, multipart: { file: { name: 'photo.png', mimeType: 'image/png', buffer: png } } });
  expect(upload.status(), await upload.text()).toBe(201);
  const title = `检索演示 ${Date.now() % 100000}`;
  const reported = await request.post('/api/v1/me/service-records', {
    headers: member,
    data: { servedAt: new Date(Date.now() - 3 * 3600_000).toISOString(), hours: 1, content: '清理楼道小广告', place: '5 幢', photoUrls: [(await upload.json()).url], title },
  });
  expect(reported.status(), await reported.text()).toBe(201);

  await login(page, 'communityadmin');
  await open(page, '任务发布');
  await page.getByPlaceholder('标题或地点').fill('垃圾分类');
  await page.getByPlaceholder('标题或地点').press('Enter');
  await expect(page.getByTestId('pager')).toContainText(/共 \d+ 条/);
  const found = page.locator('.el-table__body .el-table__row');
  await expect(found.first()).toContainText('垃圾分类');
  for (const text of await found.allTextContents()) expect(text).toContain('垃圾分类');

  await open(page, '服务认定');
  await page.getByPlaceholder('党员姓名、手机号或任务').fill(title);
  await page.getByPlaceholder('党员姓名、手机号或任务').press('Enter');
  await expect(page.getByTestId('pager')).toHaveText(/共 1 条/);
  const row = page.locator('.el-table__body .el-table__row').filter({ hasText: title });
  await expect(row).toHaveCount(1);
  // At 1366 px the time it came in is in sight, clear of the fixed 操作 column.
  const submitted = (await row.getByTestId('submitted-at').boundingBox())!;
  const actions = (await page.locator('.el-table__fixed-right, .el-table-fixed-column--right').filter({ hasText: '认定' }).first().boundingBox())!;
  expect(submitted.x + submitted.width).toBeLessThanOrEqual(actions.x);
  await row.locator('.auth-image').first().click();
  await expect(page.locator('.el-image-viewer__wrapper')).toBeVisible();
  await shoot(page, 'community-confirmations-photo');
  await page.keyboard.press('Escape');
  await row.getByRole('button', { name: '驳回' }).click();
  const box = page.locator('.el-message-box');
  await box.getByRole('textbox').fill('检索演示，无需认定');
  await box.getByRole('button', { name: /确定/ }).click();
  await expect(message(page)).toContainText('驳回');
});

test('the city searches 考核结果 and runs the check: the page follows the run and shows the results when it has finished', async ({ page }) => {
  await login(page, 'cityadmin');
  await open(page, '考核结果');
  await page.getByPlaceholder('姓名或手机号').fill('13800000001');
  await page.getByPlaceholder('姓名或手机号').press('Enter');
  await expect(page.getByTestId('pager')).toContainText(/共 [01] 条/);
  await page.getByPlaceholder('姓名或手机号').fill('');
  await page.getByPlaceholder('姓名或手机号').press('Enter');
  await page.getByTestId('run-compliance').click();
  await page.locator('.el-message-box').getByRole('button', { name: /确定/ }).click();
  await expect(page.getByTestId('run-compliance')).toContainText(/考核(排队中|计算中|进行中)/);
  await expect(message(page)).toContainText('考核已完成，结果已刷新', { timeout: 60_000 });
  await expect(page.getByTestId('run-compliance')).toContainText('立即运行');
  await expect(page.getByTestId('pager')).toContainText(/共 \d+ 条/);
  await shoot(page, 'city-compliance');
});

test("the back office's first load is under 0.5 MB over the wire", async ({ page }) => {
  await page.goto('/admin/login');
  await expect(page.getByPlaceholder('请输入后台账号')).toBeVisible();
  await page.waitForLoadState('networkidle');
  const sizes = await page.evaluate(() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
    .map((e) => ({ name: e.name, bytes: (e as PerformanceResourceTiming).transferSize })));
  const bytes = sizes.reduce((n, s) => n + s.bytes, 0);
  console.log(`first load: ${sizes.length} files, ${bytes} bytes over the wire`);
  expect(sizes.length).toBeGreaterThan(2);
  expect(bytes).toBeGreaterThan(10_000);
  expect(bytes).toBeLessThan(500_000);
});
