import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ensureGatewayCerts } from '../../electron/sim/certs';
import { startHost, type RunningHost } from '../support/host';
import { startReadyProcess, type ReadyProcess } from '../support/readyProcess';

/**
 * The console pointed at a gateway it did not start, as at a real site: the virtual gateway
 * runs on its own (`npm run sim`) with TLS, and the host is given its address and a CA file.
 */
test.describe('a separate G-SDK gateway over TLS', () => {
  let certBase: string;
  let sim: ReadyProcess;
  let host: RunningHost | null = null;

  test.beforeAll(async () => {
    certBase = await mkdtemp(path.join(tmpdir(), 'portcullis-remote-'));
    sim = await startReadyProcess('electron/sim/cli.ts', [
      '--port', '0', '--control-port', '0', '--devices', '3', '--cert-dir', path.join(certBase, 'gateway'),
    ]);
  });

  test.afterEach(async () => {
    await host?.stop();
    host = null;
  });

  test.afterAll(async () => {
    await sim.stop();
    await rm(certBase, { recursive: true, force: true });
  });

  test('with the gateway CA pinned, its devices are listed', async ({ page }) => {
    expect(sim.ready.caCert).toEqual(expect.any(String));
    host = await startHost(['--gateway', `127.0.0.1:${String(sim.ready.grpcPort)}`, '--ca', String(sim.ready.caCert)]);
    expect(host.virtualSite).toBeNull();
    await page.goto(host.url);
    await expect(page.getByTestId('device-row')).toHaveCount(3);
    await expect(page.locator('[data-testid="device-row"][data-connection="connected"]')).toHaveCount(3);
  });

  test('with another CA, the operator is told the certificate is not trusted', async ({ page }) => {
    const stranger = await ensureGatewayCerts(path.join(certBase, 'stranger'));
    host = await startHost(['--gateway', `127.0.0.1:${String(sim.ready.grpcPort)}`, '--ca', stranger.caCertPath]);
    await page.goto(host.url);
    const banner = page.getByTestId('gateway-banner');
    await expect(banner).toHaveAttribute('data-state', 'untrusted', { timeout: 10_000 });
    await expect(banner).toContainText(/not trusted/i);
    await expect(banner.getByRole('button', { name: 'Retry now' })).toBeVisible();
    await expect(page.getByTestId('device-row')).toHaveCount(0);
  });
});
