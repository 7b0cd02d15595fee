import { expect, test } from '@playwright/test';
import { accounts, login, message } from './support';

test('an expired session asks to log in again over the page and nothing typed is lost', async ({ page }) => {
  await login(page, 'communityadmin');
  await page.locator('.el-aside').getByText('微心愿', { exact: true }).click();
  await page.getByRole('button', { name: '代居民登记' }).click();
  const dialog = page.locator('.el-dialog').filter({ hasText: '代居民登记心愿' });
  await dialog.getByLabel('心愿').fill('陪同独居老人就医');
  await dialog.getByLabel('说明').fill('每周二上午，市人民医院');
  await dialog.getByLabel('联系人').fill('李大爷');
  await dialog.getByLabel('联系电话').fill('13600002222');

  // The token lapses while the form is open (as after eight hours, or a password changed elsewhere).
  await page.evaluate(() => sessionStorage.setItem('zhuji.backoffice.token', 'expired.token.value'));
  await page.reload();
  await expect(page.getByText('登录已过期，请重新登录')).toBeVisible();
  await page.locator('.el-dialog').filter({ hasText: '登录已过期' }).getByRole('button', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/admin\/login/);

  // Mid-form, without reloading: the re-login dialog covers the page, and the submit goes through after it.
  await login(page, 'communityadmin');
  await page.locator('.el-aside').getByText('微心愿', { exact: true }).click();
  await page.getByRole('button', { name: '代居民登记' }).click();
  await dialog.getByLabel('心愿').fill('陪同独居老人就医');
  await dialog.getByLabel('说明').fill('每周二上午，市人民医院');
  await dialog.getByLabel('联系人').fill('李大爷');
  await dialog.getByLabel('联系电话').fill('13600002222');
  await page.evaluate(() => {
    // The app reads the token from its store; break the one in the store the way an expiry would.
    const app = (document.querySelector('#app') as unknown as { __vue_app__: { config: { globalProperties: { $pinia: { state: { value: { session: { token: string } } } } } } } }).__vue_app__;
    app.config.globalProperties.$pinia.state.value.session.token = 'expired.token.value';
  });
  await dialog.getByRole('button', { name: '登记' }).click();
  const relogin = page.locator('.el-dialog').filter({ hasText: '登录已过期' });
  await expect(relogin).toBeVisible();
  await relogin.getByLabel('密码').fill(accounts().communityadmin);
  await relogin.getByRole('button', { name: '登录并继续' }).click();
  await expect(message(page)).toContainText('心愿已登记');
  await expect(page.locator('.el-table__row').filter({ hasText: '陪同独居老人就医' })).toBeVisible();
});
