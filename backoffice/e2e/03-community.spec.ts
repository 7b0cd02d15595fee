import { expect, test } from '@playwright/test';
import { login, message, open, shoot } from './support';

test.beforeEach(async ({ page }) => login(page, 'communityadmin'));

test('the secretary approves the waiting registrations in one go', async ({ page }) => {
  await expect(page).toHaveURL(/\/admin\/community/);
  await expect(page.locator('.number').filter({ hasText: '待审核报到' })).toContainText('2');
  await shoot(page, 'community-home');
  const took = await open(page, '报到审核');
  console.log(`registration queue: first rows in ${took} ms`);
  const rows = page.locator('.el-table__body .el-table__row');
  await expect(rows).toHaveCount(2);
  await shoot(page, 'community-registrations');
  await page.locator('.el-table__header .el-checkbox').click();
  await page.getByRole('button', { name: /批量通过（2）/ }).click();
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
  // All went through: a passing message says so, nothing to dismiss.
  await expect(message(page)).toContainText('已通过 2 条');
  await expect(page.locator('.el-message-box')).toHaveCount(0);
  await expect(page.locator('.el-table__empty-text')).toContainText('没有待审核的报到');
});

test('the secretary confirms a record with its flags', async ({ page }) => {
  await open(page, '服务认定');
  const row = page.locator('.el-table__row').filter({ hasText: '垃圾分类定时定点督导' }).first();
  await expect(row).toContainText('在 2 号投放点引导居民分类投放');
  await shoot(page, 'community-confirmations');
  await row.getByRole('button', { name: '认定' }).click();
  await page.locator('.el-dialog').getByRole('button', { name: '认定并亮旗' }).click();
  await expect(message(page)).toContainText('获得 1 面红旗');
  await expect(page.locator('.el-table__row').filter({ hasText: '在 2 号投放点引导居民分类投放' })).toHaveCount(0);
});

test('the secretary publishes a task with shifts, then corrects it', async ({ page }) => {
  await open(page, '任务发布');
  await page.getByRole('button', { name: '发布任务' }).click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '发布任务' });
  const title = `冬季消防安全巡查${Date.now().toString().slice(-4)}`;
  await dialog.getByLabel('标题').fill(title);
  await dialog.getByLabel('地点').fill('城西社区各小区');
  const day = new Date(Date.now() + 3 * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10);
  await dialog.getByLabel('开始时间').fill(`${day} 08:00`);
  await dialog.getByLabel('开始时间').press('Enter');
  await dialog.getByLabel('结束时间').fill(`${day} 17:00`);
  await dialog.getByLabel('结束时间').press('Enter');
  await dialog.getByRole('button', { name: '添加班次' }).click();
  await dialog.getByRole('button', { name: '添加班次' }).click();
  const shifts = dialog.locator('.shift');
  await shifts.nth(0).getByPlaceholder('开始').fill(`${day.slice(5)} 08:00`);
  await shifts.nth(0).getByPlaceholder('开始').press('Enter');
  await shifts.nth(0).getByPlaceholder('结束').fill(`${day.slice(5)} 12:00`);
  await shifts.nth(0).getByPlaceholder('结束').press('Enter');
  await shifts.nth(1).getByPlaceholder('开始').fill(`${day.slice(5)} 13:00`);
  await shifts.nth(1).getByPlaceholder('开始').press('Enter');
  await shifts.nth(1).getByPlaceholder('结束').fill(`${day.slice(5)} 17:00`);
  await shifts.nth(1).getByPlaceholder('结束').press('Enter');
  await shoot(page, 'community-publish-task');
  // With its shifts the dialog still fits the 768-pixel window: 发布 is in sight without scrolling the page.
  const publish = dialog.getByRole('button', { name: '发布', exact: true });
  const box = (await publish.boundingBox())!;
  expect(box.y + box.height).toBeLessThanOrEqual(page.viewportSize()!.height);
  await publish.click();
  await expect(message(page)).toContainText('任务已发布');
  const row = page.locator('.el-table__row').filter({ hasText: title });
  await expect(row).toContainText('0 / 10');

  await row.getByRole('button', { name: '修改' }).click();
  const edit = page.locator('.el-dialog').filter({ hasText: '修改任务' });
  await edit.getByLabel('地点').fill('城西社区党群服务中心');
  await edit.getByRole('button', { name: '保存修改' }).click();
  await expect(message(page)).toContainText('任务已修改');
  await expect(page.locator('.el-table__row').filter({ hasText: title })).toContainText('城西社区党群服务中心');
  await shoot(page, 'community-tasks');
});

test('the secretary finds a member, opens his archive, prints the poster, takes a wish by phone', async ({ page }) => {
  const took = await open(page, '党员名册');
  console.log(`members: first rows in ${took} ms`);
  await page.getByPlaceholder('姓名或手机号').fill('13800000001');
  await page.getByPlaceholder('姓名或手机号').press('Enter');
  const member = page.locator('.el-table__row').first();
  await expect(member).toContainText('13800000001');
  await shoot(page, 'community-members');
  await member.getByRole('button', { name: '贡献档案' }).click();
  await expect(page.getByText(/年社区贡献档案/)).toBeVisible();
  await expect(page.getByText('红旗记录')).toBeVisible();
  await shoot(page, 'community-archive');

  await page.locator('.el-aside').getByText('报到二维码', { exact: true }).click();
  await expect(page.locator('img.code')).toBeVisible();
  await expect(page.getByText(/报到码：\w+/)).toBeVisible();
  await shoot(page, 'community-poster');

  await page.locator('.el-aside').getByText('微心愿', { exact: true }).click();
  await page.getByRole('button', { name: '代居民登记' }).click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '代居民登记心愿' });
  await dialog.getByLabel('心愿').fill('帮忙更换楼道灯泡');
  await dialog.getByLabel('说明').fill('3 幢 2 单元楼道灯坏了');
  await dialog.getByLabel('联系人').fill('王阿姨');
  await dialog.getByLabel('联系电话').fill('13600001111');
  await dialog.getByRole('button', { name: '登记' }).click();
  await expect(message(page)).toContainText('心愿已登记');
  await expect(page.locator('.el-table__row').filter({ hasText: '帮忙更换楼道灯泡' })).toBeVisible();
  await shoot(page, 'community-wishes');
});
