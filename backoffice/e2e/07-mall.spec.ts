import { expect, test } from '@playwright/test';
import { accounts, login, message, open, shoot, token } from './support';

test('a member redeems with his points on his phone and the shop verifies his code once', async ({ page, request }) => {
  // On his phone (the calls the mini-program makes): a member of 城西社区 with five flags of offline service.
  const member = await token(request, 'wechat-login', { code: 'fake:demo-member-2' });
  const me = await (await request.get('/api/v1/me', { headers: member })).json();
  const secretary = await token(request, 'password-login', { username: 'communityadmin', password: accounts().communityadmin });
  const service = await request.post(`/api/v1/members/${me.member.id}/service-records`, {
    headers: secretary,
    data: { category: 'CommunityActivity', title: '垃圾分类入户宣传', servedAt: new Date(Date.now() - 3_600_000).toISOString(), hours: 2, content: '入户宣传 20 户', flags: 5 },
  });
  expect(service.ok(), await service.text()).toBeTruthy();
  const items = await (await request.get('/api/v1/mall/items', { headers: member })).json();
  const rice = items.items.find((i: { title: string }) => i.title.startsWith('五常大米'));
  const redeemed = await request.post(`/api/v1/mall/items/${rice.id}/redemptions`, { headers: member, data: { quantity: 1 } });
  expect(redeemed.status(), await redeemed.text()).toBe(201);
  const { code } = await redeemed.json();

  // At the till: the shop's account sees only its own page.
  await login(page, 'merchantadmin');
  await expect(page).toHaveURL(/\/admin\/redemptions/);
  await expect(page.locator('.el-aside .el-menu-item')).toHaveCount(1);
  await expect(page.locator('.el-table__row').filter({ hasText: '五常大米' }).first()).toBeVisible();
  await page.getByPlaceholder(/兑换码/).fill(code.toLowerCase());
  await page.getByRole('button', { name: '核 销' }).click();
  await expect(page.locator('.el-alert')).toContainText('已核销：五常大米');
  await shoot(page, 'merchant-verify');
  await page.getByPlaceholder(/兑换码/).fill(code);
  await page.getByRole('button', { name: '核 销' }).click();
  await expect(message(page)).toContainText('已核销');
});

test('the secretary puts an item on the shelf, sees the merchants and the leaderboard', async ({ page }) => {
  await login(page, 'communityadmin');
  await open(page, '积分商品');
  await expect(page.locator('.el-table__row').filter({ hasText: '抵扣物业费 10 元' })).toBeVisible();
  await page.getByRole('button', { name: '上架商品' }).click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '上架积分商品' });
  await dialog.locator('.el-form-item').filter({ hasText: '商品名称' }).locator('input').fill('洗衣液一瓶');
  await dialog.locator('.el-form-item').filter({ hasText: '所需积分' }).locator('input').fill('30');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(message(page)).toContainText('已上架 洗衣液一瓶');
  await expect(page.locator('.el-table__row').filter({ hasText: '洗衣液一瓶' })).toBeVisible();
  await shoot(page, 'community-mall-items');
  await open(page, '积分商家');
  await expect(page.locator('.el-table__row').filter({ hasText: '城西物业服务中心' })).toContainText('物业公司');
  await open(page, '光荣榜');
  await expect(page.locator('.el-table__row').first()).toBeVisible();
  await shoot(page, 'community-leaderboard');
});
