import { expect, test } from '@playwright/test';
import type { DeviceView } from '../../shared/devices';
import { ControlApi } from '../support/controlApi';
import { bridgeRequest } from '../support/bridgeRequest';
import { startHost, type RunningHost } from '../support/host';

/*
 * `--sync-mode` end to end: the dev/test host starts in All devices, the page's database host
 * worker attaches (and gets the demo data), and the devices receive the demo users without
 * anyone pressing Sync. A script drives the contract over the bridge, as README describes.
 */
let site: RunningHost;

test.beforeAll(async () => {
  site = await startHost(['--devices', '2', '--sync-mode', 'all']);
});

test.afterAll(async () => {
  await site?.stop();
});

/** One contract request over this host's bridge. */
const request = <T>(name: string, args?: unknown): Promise<T> => bridgeRequest<T>(site.url, name, args);

test('the host started with --sync-mode all pushes the demo users to every device by itself', async ({ page }) => {
  await page.goto(site.url);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  expect(await request<{ mode: string }>('getSyncMode')).toEqual({ mode: 'all' });
  await expect
    .poll(
      async () => {
        const devices = await request<DeviceView[]>('listDevices');
        const held = await new ControlApi(site.virtualSite!.controlPort).devices();
        // The demo data has 300 users; a device that holds them and is checked with nothing missing got them by itself.
        return (
          devices.length === 2 &&
          held.every((device) => device.userCount >= 300) &&
          devices.every((device) => device.sync.checkedAt !== null && device.sync.missing === 0 && device.sync.outdated === 0 && device.sync.progress === null)
        );
      },
      { timeout: 60_000, message: 'every device holds every demo user without an operator sync' },
    )
    .toBe(true);

  await request('setSyncMode', { mode: 'not-used' });
  expect(await request<{ mode: string }>('getSyncMode')).toEqual({ mode: 'not-used' });
  await expect(request('setSyncMode', { mode: 'sometimes' })).rejects.toThrow();
});
