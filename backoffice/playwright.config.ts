import { defineConfig } from '@playwright/test';

/**
 * End-to-end: a real browser (Debian's chromium, never a downloaded one) against the real API on the embedded default
 * with the demo city. The API is started by the .NET test fixture (BackOfficeBrowserTests), which passes its address
 * and the demo accounts file; run by hand: ZHUJI_E2E_URL=http://127.0.0.1:5080 ZHUJI_E2E_ACCOUNTS=../Api/data/demo-accounts.txt npx playwright test
 */
export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: process.env.ZHUJI_E2E_REPORT ?? 'test-results/report.json' }]],
  use: {
    baseURL: process.env.ZHUJI_E2E_URL ?? 'http://127.0.0.1:5080',
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
