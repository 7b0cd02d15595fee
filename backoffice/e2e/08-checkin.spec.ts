import { expect, test } from '@playwright/test';
import { accounts, login, open, shoot, token } from './support';

test('the organiser shows the rotating code, a member checks in and out with it, and the queue shows his times and photo', async ({ page, request }) => {
  // On site: the secretary opens the code of the task that requires check-in.
  await login(page, 'communityadmin');
  await open(page, '任务发布');
  const row = page.locator('.el-table__row').filter({ hasText: '社区义诊秩序引导' }).first();
  await row.getByRole('button', { name: '签到码' }).click();
  await expect(page).toHaveURL(/\/admin\/tasks\/\d+\/checkin/);
  await expect(page.getByTestId('checkin-code')).toHaveText(/^\d{3} \d{3}$/);
  await expect(page.getByTestId('checkin-qr')).toHaveJSProperty('complete', true);
  expect(await page.getByTestId('checkin-qr').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
  await shoot(page, 'community-checkin-code');
  const code = (await page.getByTestId('checkin-code').textContent())!.replace(' ', '');

  // On his phone (the calls the mini-program makes): demo-member-1 checks in and out, and records with a photo.
  const member = await token(request, 'wechat-login', { code: 'fake:demo-member-1' });
  const claims = await (await request.get('/api/v1/me/claims', { headers: member })).json();
  const claim = claims.items.find((c: { taskTitle: string }) => c.taskTitle === '社区义诊秩序引导');
  // The task has a geofence: the phone sends where it is (without it: 400 location_required).
  const onSite = { code, latitude: 29.7136, longitude: 120.242 };
  const checkIn = await request.post(`/api/v1/claims/${claim.id}/check-in`, { headers: member, data: onSite });
  expect(checkIn.ok(), await checkIn.text()).toBeTruthy();
  const checkOut = await request.post(`/api/v1/claims/${claim.id}/check-out`, { headers: member, data: onSite });
  expect(checkOut.ok(), await checkOut.text()).toBeTruthy();
  const secretary = await token(request, 'password-login', { username: 'communityadmin', password: accounts().communityadmin });
  const picture = await (await request.get(`/api/v1/tasks/${claim.taskId}/checkin-code.png`, { headers: secretary })).body();
  const uploaded = await request.post('/api/v1/uploads', { headers: member, multipart: { file: { name: 'photo.png', mimeType: 'image/png', buffer: picture } } });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const { url } = await uploaded.json();
  const recorded = await request.post(`/api/v1/claims/${claim.id}/record`, {
    headers: member,
    data: { servedAt: new Date(Date.now() - 60_000).toISOString(), hours: 1, content: '义诊现场引导排队', place: '城西社区党群服务中心', photoUrls: [url] },
  });
  expect(recorded.ok(), await recorded.text()).toBeTruthy();

  // Back in the office: the queue shows the check-in beside the record, and the photo loads with the session's token.
  await open(page, '服务认定');
  const queued = page.locator('.el-table__row').filter({ hasText: '义诊现场引导排队' }).first();
  await expect(queued).toContainText(/签到 \d\d:\d\d/);
  await expect(queued).toContainText(/签退 \d\d:\d\d/);
  await expect(queued.locator('.auth-image img')).toBeVisible();
  await shoot(page, 'community-confirmations-checkin');
});
