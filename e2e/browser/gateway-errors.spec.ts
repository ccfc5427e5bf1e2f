import { expect, test } from '@playwright/test';
import { startHost, type RunningHost } from '../support/host';
import { closedPort } from '../../electron/gsdk/testSupport';

test.describe('a gateway that cannot be reached', () => {
  let host: RunningHost;

  test.beforeAll(async () => {
    host = await startHost(['--gateway', `127.0.0.1:${await closedPort()}`, '--insecure']);
  });
  test.afterAll(async () => {
    await host.stop();
  });

  test('shows a clear message and a retry, never a hang', async ({ page }) => {
    await page.goto(host.url);
    await expect(page.locator('body[data-ready="true"]')).toBeAttached();
    const banner = page.getByTestId('gateway-banner');
    await expect(banner).toHaveAttribute('data-state', 'unreachable', { timeout: 10_000 });
    await expect(banner).toContainText(/unreachable/i);
    const retry = banner.getByRole('button', { name: 'Retry now' });
    await expect(retry).toBeEnabled();
    await retry.click();
    // The retry runs and fails again with the same clear state; the page stays usable.
    await expect(banner).toHaveAttribute('data-state', /unreachable|connecting/);
    await expect(banner).toHaveAttribute('data-state', 'unreachable', { timeout: 10_000 });
    await expect(page.getByTestId('device-row')).toHaveCount(0);
  });
});
