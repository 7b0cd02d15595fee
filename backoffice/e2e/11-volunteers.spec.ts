import { expect, test, type APIRequestContext } from '@playwright/test';
import { accounts, login, open, shoot } from './support';

async function token(request: APIRequestContext, path: string, data: object): Promise<{ Authorization: string }> {
  const answer = await request.post(`/api/v1/auth/${path}`, { data });
  expect(answer.ok(), await answer.text()).toBeTruthy();
  return { Authorization: `Bearer ${(await answer.json()).token}` };
}

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
