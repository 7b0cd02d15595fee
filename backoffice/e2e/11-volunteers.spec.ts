import { expect, test } from '@playwright/test';
import { accounts, login, message, open, shoot, token } from './support';

test('a full task keeps a line: the secretary sees who waits, and a place let go goes to the first in line', async ({ page, request }) => {
  // The secretary publishes a one-place task for tomorrow (as 任务发布 does), and two members of his community meet it.
  const secretary = await token(request, 'password-login', { username: 'communityadmin', password: accounts().communityadmin });
  const me = await (await request.get('/api/v1/me', { headers: secretary })).json();
  const communityId = me.roles.find((r: { role: string }) => r.role === 'CommunityAdmin').scopeId;
  const title = `候补演示 ${Date.now() % 100000}`;
  const startsAt = new Date(Date.now() + 26 * 3600_000);
  const published = await request.post('/api/v1/tasks', {
    headers: secretary,
    data: {
      tier: 'Community', scopeId: communityId, category: 'CommunityActivity', title, description: '楼道杂物清理', location: '社区党群服务中心',
      startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * 3600_000).toISOString(), slots: 1, flags: 1,
      knowledgeType: 'Basic', skills: [], allowGroupClaims: false,
    },
  });
  expect(published.status(), await published.text()).toBe(201);
  const task = await published.json();

  const holder = await token(request, 'wechat-login', { code: 'fake:demo-member-2' });
  const waiting = await token(request, 'wechat-login', { code: 'fake:demo-member-3' });
  const waitingName = (await (await request.get('/api/v1/me', { headers: waiting })).json()).displayName;
  const claim = await request.post(`/api/v1/tasks/${task.id}/claims`, { headers: holder, data: {} });
  expect(claim.status(), await claim.text()).toBe(201);
  expect((await request.post(`/api/v1/tasks/${task.id}/claims`, { headers: waiting, data: {} })).status()).toBe(409);
  const joined = await request.post(`/api/v1/tasks/${task.id}/waitlist`, { headers: waiting, data: {} });
  expect(joined.status(), await joined.text()).toBe(201);
  expect((await joined.json()).position).toBe(1);

  // In the office: the task's drawer shows the line with his name and place.
  await login(page, 'communityadmin');
  await open(page, '任务发布');
  const row = page.locator('.el-table__row').filter({ hasText: title }).first();
  await row.getByRole('button', { name: '认领名单' }).click();
  const drawer = page.locator('.el-drawer');
  await expect(drawer.getByTestId('task-claims')).toContainText(/认领 \d+ 次，完成 \d+ 次/);
  await drawer.getByRole('tab', { name: /候补（1）/ }).click();
  await expect(drawer.getByTestId('task-waitlist').locator('.el-table__row').first()).toContainText(waitingName);
  await shoot(page, 'community-task-waitlist');

  // The holder lets go on his phone: the place is the waiting member's at once, and nobody else could take it.
  const mine = await (await request.get('/api/v1/me/claims', { headers: holder })).json();
  const held = mine.items.find((c: { taskId: string }) => c.taskId === task.id);
  expect((await request.delete(`/api/v1/claims/${held.id}`, { headers: holder })).status()).toBe(204);
  const line = await (await request.get('/api/v1/me/waitlist', { headers: waiting })).json();
  expect(line.items.find((l: { taskId: string }) => l.taskId === task.id).status).toBe('Promoted');

  await page.keyboard.press('Escape');
  await row.getByRole('button', { name: '认领名单' }).click();
  await expect(drawer.getByTestId('task-claims').locator('.el-table__row').filter({ hasText: waitingName })).toContainText('已认领');
  await drawer.getByRole('tab', { name: /候补（0）/ }).click();
  await expect(drawer.getByTestId('task-waitlist')).toContainText('暂无候补');
});

test('the secretary writes to the community, a member reads it on his phone, and the secretary sees who has', async ({ page, request }) => {
  await login(page, 'communityadmin');
  await open(page, '通知公告');
  const title = `楼道清理通知 ${Date.now() % 100000}`;
  await page.getByRole('button', { name: '发通知' }).click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '发通知' });
  await dialog.getByLabel('标题').fill(title);
  await dialog.getByLabel('正文').fill('本周六上午 9 点，请在家的党员到单元门口集合，一起清理楼道杂物。');
  await shoot(page, 'community-notice-write');
  await dialog.getByRole('button', { name: '发送' }).click();
  await expect(message(page)).toContainText('通知已发送');
  const row = page.getByTestId('notices').locator('.el-table__row').filter({ hasText: title });
  await expect(row).toContainText(/0 \/ \d+/);

  // On his phone: demo-member-2 finds it unread, opens it.
  const member = await token(request, 'wechat-login', { code: 'fake:demo-member-2' });
  const name = (await (await request.get('/api/v1/me', { headers: member })).json()).displayName;
  const mine = await (await request.get('/api/v1/me/notices', { headers: member })).json();
  const notice = mine.items.find((n: { title: string }) => n.title === title);
  expect(notice.read).toBe(false);
  expect((await request.post(`/api/v1/notices/${notice.id}/read`, { headers: member })).status()).toBe(204);

  await open(page, '通知公告');
  await expect(page.getByTestId('notices').locator('.el-table__row').filter({ hasText: title })).toContainText(/^.*1 \/ \d+/);
  await page.getByTestId('notices').locator('.el-table__row').filter({ hasText: title }).getByRole('button', { name: '阅读情况' }).click();
  await expect(page.getByTestId('notice-readers').locator('.el-table__row').filter({ hasText: name })).toContainText(/\d{4}-\d{2}-\d{2}/);
  await expect(page.getByTestId('notice-readers')).toContainText('未读');
  await shoot(page, 'community-notice-readers');
});

test('a weekly duty is published once and appears as its days, each a task of its own', async ({ page }) => {
  await login(page, 'communityadmin');
  await open(page, '任务发布');
  await page.getByRole('button', { name: '发布任务' }).click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '发布任务' });
  const title = `周末文明劝导${Date.now().toString().slice(-4)}`;
  await dialog.getByLabel('标题').fill(title);
  await dialog.getByLabel('地点').fill('城西社区南门');
  const day = new Date(Date.now() + 2 * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10);
  const until = new Date(Date.now() + 40 * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10);
  await dialog.getByLabel('开始时间').fill(`${day} 08:30`);
  await dialog.getByLabel('开始时间').press('Enter');
  await dialog.getByLabel('结束时间').fill(`${day} 10:30`);
  await dialog.getByLabel('结束时间').press('Enter');
  await dialog.getByTestId('repeat').getByText('每周').click();
  const weekday = ['日', '一', '二', '三', '四', '五', '六'][new Date(`${day}T12:00:00+08:00`).getUTCDay()];
  await dialog.locator('.el-checkbox-button').filter({ hasText: weekday }).click();
  await dialog.getByPlaceholder('截止日期').first().fill(until);
  await dialog.getByPlaceholder('截止日期').first().press('Enter');
  await shoot(page, 'community-publish-series');
  await dialog.getByRole('button', { name: '发布', exact: true }).click();
  await expect(message(page)).toContainText('周期任务已发布');
  // Two weeks ahead: the first day and the same weekday a week later (14 days from today at most).
  const rows = page.locator('.el-table__row').filter({ hasText: title });
  await expect(rows.first()).toContainText('周期');
  expect(await rows.count()).toBeGreaterThanOrEqual(2);
});

test('the secretary grades a member for the year once', async ({ page }) => {
  await login(page, 'communityadmin');
  await open(page, '社区评议');
  const row = page.getByTestId('appraisals').locator('.el-table__row').filter({ hasText: '未评议' }).first();
  const name = (await row.locator('td').first().textContent())!.trim();
  await row.getByRole('button', { name: '评议' }).click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '评议：' });
  await dialog.getByText('优秀', { exact: true }).click();
  await dialog.getByRole('textbox').fill('积极参加楼道清理和文明劝导');
  await dialog.getByRole('button', { name: '提交评议' }).click();
  await expect(message(page)).toContainText('已评议：优秀');
  await expect(page.getByTestId('appraisals').locator('.el-table__row').filter({ hasText: name })).toContainText('优秀');
  await shoot(page, 'community-appraisals');
});

test('a member reports service done without a task; the secretary sees it marked in the queue and confirms it', async ({ page, request }) => {
  const member = await token(request, 'wechat-login', { code: 'fake:demo-member-2' });
  const title = `自主申报演示 ${Date.now() % 100000}`;
  const reported = await request.post('/api/v1/me/service-records', {
    headers: member,
    data: { servedAt: new Date(Date.now() - 26 * 3600_000).toISOString(), hours: 1.5, content: '帮独居老人更换楼道灯泡', place: '3 幢 2 单元', photoUrls: [], title },
  });
  expect(reported.status(), await reported.text()).toBe(201);
  expect((await reported.json()).reported).toBe(true);

  await login(page, 'communityadmin');
  await open(page, '服务认定');
  const row = page.locator('.el-table__row').filter({ hasText: title }).first();
  await expect(row).toContainText('自主申报');
  await expect(row).toContainText('党员自行申报');
  await shoot(page, 'community-confirmations-reported');
  await row.getByRole('button', { name: '认定' }).click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '认定服务' });
  await expect(dialog).toContainText('自主申报：按服务内容核定');
  await dialog.getByRole('button', { name: '认定并亮旗' }).click();
  await expect(message(page)).toContainText('已认定');
  const mine = await (await request.get('/api/v1/me/claims?status=Confirmed', { headers: member })).json();
  expect(mine.items.some((c: { taskTitle: string; reported: boolean }) => c.taskTitle === title && c.reported)).toBe(true);
});
