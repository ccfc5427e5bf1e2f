import { defineConfig } from '@playwright/test';
import { chromiumExecutable } from './e2e/support/chromium';

/**
 * Two projects:
 * - browser: the real renderer in Chromium, served by the dev/test host with the core in Node,
 *   against the virtual gateway over gRPC on loopback (each test file starts its own host).
 * - electron: the desktop shell through Playwright's _electron; skipped, loudly, where the
 *   Electron binary is missing.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: '.cache/test-results/playwright.json' }]],
  projects: [
    {
      name: 'browser',
      testDir: 'e2e/browser',
      use: {
        browserName: 'chromium',
        launchOptions: {
          ...chromiumExecutable(),
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
        trace: 'retain-on-failure',
        screenshot: 'only-on-failure',
      },
    },
    { name: 'electron', testDir: 'e2e/electron' },
  ],
});
