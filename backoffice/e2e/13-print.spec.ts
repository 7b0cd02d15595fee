import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { login, open } from './support';

/**
 * The papers a secretary prints and signs, printed as Chromium prints them (to PDF, with the page's own A4 size).
 * The .NET side (BrowserTests) then reads each PDF: its pages, every column header on page 1, the page numbers and
 * the signature lines.
 */
const folder = process.env.ZHUJI_E2E_PDFS ?? 'test-results/pdfs';

/** Clicks 打印 with the print dialog replaced (a headless browser has none), and prints the page as the dialog would. */
async function printTo(page: Page, button: ReturnType<Page['locator']>, name: string, columns: string[]): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { printed: number };
    w.printed = 0;
    window.print = () => { w.printed += 1; };
  });
  await button.click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  const sheet = page.getByTestId('print-sheet');
  await expect(sheet).toBeAttached();
  await page.emulateMedia({ media: 'print' });
  await expect(sheet).toBeVisible();
  await expect(page.locator('.el-aside')).toBeHidden();
  for (const column of columns) await expect(sheet.locator('thead th').filter({ hasText: column }).first()).toBeVisible();
  mkdirSync(folder, { recursive: true });
  await page.pdf({ path: join(folder, `${name}.pdf`), preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await expect(sheet).not.toBeAttached();
}

test('the secretary prints a member\'s archive on A4 with every column and the signature lines', async ({ page }) => {
  await login(page, 'communityadmin');
  await open(page, '党员名册');
  await page.getByPlaceholder('姓名或手机号').fill('13800000001');
  await page.getByPlaceholder('姓名或手机号').press('Enter');
  await page.locator('.el-table__row').first().getByRole('button', { name: '贡献档案' }).click();
  await expect(page.getByText('红旗记录')).toBeVisible();
  await printTo(page, page.getByRole('button', { name: '打印' }), 'archive', ['服务时间', '事项', '类别', '红旗', '说明', '内容', '状态']);
});

test('the city prints the year\'s results, and a unit its members with all twelve months', async ({ page }) => {
  await login(page, 'cityadmin');
  await open(page, '考核结果');
  await printTo(page, page.getByTestId('print-compliance'), 'compliance', ['姓名', '单位', '社区', '红旗', '要求', '结果', '计算时间']);

  await login(page, 'unitadmin');
  await open(page, '单位党员');
  await printTo(page, page.getByTestId('print-members'), 'unit-members', ['姓名', '报到', '1月', '12月', '四季度', '合计', '社区评议', '进度']);
});
