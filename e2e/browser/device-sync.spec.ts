import { expect, test, type Page } from '@playwright/test';
import { syncStates } from '../../shared/devices';
import type { ControlApi } from '../support/controlApi';
import type { RunningHost } from '../support/host';
import { useOwnSite } from '../support/ownSite';

/*
 * The sync state on the Devices page, end to end: the page's database host worker, the core's
 * sync engine and the virtual site. This file runs its own host and ONE browser context for all
 * its tests: the database lives in the browser profile, and the engine's view of the master copy
 * must be the database the page shows (a fresh context per test would be a fresh, different
 * database behind the same engine). The virtual site seeds its demo data into it at first.
 */
const own = useOwnSite();
let site: RunningHost;
let control: ControlApi;
let page: Page;
test.beforeAll(() => {
  ({ site, control, page } = own);
});

/** The virtual device's own user table, through the control API (acting *at* the device). */
async function deviceUsers(controlPort: number, deviceID: number): Promise<{ ID: string; name: string; numOfCard: number }[]> {
  const response = await fetch(`http://127.0.0.1:${controlPort}/devices/${deviceID}/users`);
  if (!response.ok) throw new Error(`GET /devices/${deviceID}/users: ${response.status}`);
  return (await response.json()) as { ID: string; name: string; numOfCard: number }[];
}

/**
 * "Manage users in device" for one device: uploads every user found only on the device (New
 * user) to the console, so the console and the device hold the same users. Returns their IDs.
 */
async function uploadNewUsers(deviceID: number): Promise<string[]> {
  await page.getByRole('navigation').getByRole('link', { name: 'Devices', exact: true }).click();
  await deviceRow(deviceID).click();
  await page.getByTestId('device-detail').getByRole('button', { name: 'Manage users in device', exact: true }).click();
  const dialog = page.getByTestId('manage-device-users');
  await expect(dialog.getByRole('button', { name: 'Upload to console', exact: true })).toBeVisible({ timeout: 15_000 });
  await dialog.getByRole('radio', { name: /^New user/ }).check();
  const rows = dialog.getByTestId('device-user-row');
  const ids = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-user-id') ?? ''));
  if (ids.length > 0) {
    await expect(rows.first()).toHaveAttribute('data-status', 'new');
    await dialog.getByRole('checkbox', { name: 'Select all shown' }).check();
    await expect(dialog.getByTestId('selection-count')).toHaveText(`${ids.length} selected`);
    await dialog.getByRole('button', { name: 'Upload to console', exact: true }).click();
    await expect(dialog.getByTestId('upload-report')).toContainText(`Uploaded ${ids.length} ${ids.length === 1 ? 'user' : 'users'} to the console.`);
    // Compared again: nothing is only on the device any more.
    await expect(dialog.getByRole('radio', { name: /^New user/ })).toHaveAccessibleName('New user (0)');
  }
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  return ids;
}

const deviceRow = (deviceID: number) => page.locator(`[data-testid="device-row"][data-device-id="${deviceID}"]`);
const syncStatePattern = new RegExp(`^(${syncStates.join('|')})$`);

test.describe('Devices page: sync state', () => {
  test.beforeEach(async () => {
    await page.goto(site.url);
    await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  });

  test('every device row carries its sync state as shape, words and data-sync', async () => {
    const fleet = await control.devices();
    const rows = page.getByTestId('device-row');
    await expect(rows).toHaveCount(fleet.length);
    for (const device of fleet) {
      const row = deviceRow(device.deviceID);
      await expect(row).toHaveAttribute('data-sync', syncStatePattern);
      const mark = row.getByTestId('sync-mark');
      // The mark is never colour alone: an icon and the state in words.
      await expect(mark.locator('svg')).toHaveCount(1);
      await expect(mark).toHaveText(/Not checked|Checking|In sync|Out of sync|Syncing|Sync error/);
      // Row and mark say the same (read together: the state may move on between two reads).
      const [rowState, markState] = await row.evaluate((element) => [
        element.getAttribute('data-sync'),
        element.querySelector('[data-testid="sync-mark"]')?.getAttribute('data-sync'),
      ]);
      expect(markState).toBe(rowState);
    }
  });

  test('a selected device shows its detail panel with every action, and a request error in words', async () => {
    const [target] = await control.devices();
    await deviceRow(target!.deviceID).getByRole('button', { name: target!.name }).click();
    const detail = page.getByTestId('device-detail');
    await expect(detail).toHaveAttribute('data-device-id', String(target!.deviceID));
    await expect(detail).toHaveAttribute('data-sync', syncStatePattern);
    await expect(detail.getByRole('heading', { name: target!.name })).toBeVisible();
    for (const name of ['Sync device', 'Sync all', 'Wipe & resync', 'Check now', 'Manage users in device']) {
      await expect(detail.getByRole('button', { name, exact: true })).toBeVisible();
    }
    await expect(detail.getByTestId('checked-at')).toBeVisible();

    // Wipe & resync asks first; Cancel leaves everything as it was.
    await detail.getByRole('button', { name: 'Wipe & resync', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: `Wipe & resync ${target!.name}?` });
    await expect(confirm).toBeVisible();
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toBeHidden();

    await detail.getByRole('button', { name: 'Close' }).click();
    await expect(detail).toHaveCount(0);
  });

  test('Manage users in device shows a user enrolled at the device as New user, and uploads it to the console', async () => {
    const [target] = await control.devices();
    const userId = '7770001';
    await control.enrollAtDevice(target!.deviceID, { ID: userId, name: 'Walk-in visitor' });
    try {
      await deviceRow(target!.deviceID).click();
      await page.getByTestId('device-detail').getByRole('button', { name: 'Manage users in device', exact: true }).click();
      const dialog = page.getByTestId('manage-device-users');
      await expect(dialog.getByRole('button', { name: 'Upload to console', exact: true })).toBeDisabled({ timeout: 15_000 });
      await dialog.getByRole('radio', { name: /^New user/ }).check();
      const visitor = dialog.locator(`[data-testid="device-user-row"][data-user-id="${userId}"]`);
      await expect(visitor).toHaveAttribute('data-status', 'new');
      await expect(visitor).toContainText('Walk-in visitor');
      await expect(visitor).toContainText('New user');
      await visitor.getByRole('checkbox', { name: `Select user ${userId}` }).check();
      await expect(dialog.getByTestId('selection-count')).toHaveText('1 selected');
      await dialog.getByRole('button', { name: 'Upload to console', exact: true }).click();
      await expect(dialog.getByTestId('upload-report')).toContainText('Uploaded 1 user to the console.');
      // Compared again: the visitor is the console's now, the same on both sides.
      await dialog.getByRole('radio', { name: /^All/ }).check();
      await expect(visitor).toHaveAttribute('data-status', 'same');
      await dialog.getByRole('button', { name: 'Close' }).click();
      await expect(dialog).toBeHidden();

      await page.getByRole('navigation').getByRole('link', { name: 'Users', exact: true }).click();
      await page.getByRole('searchbox', { name: 'Search users' }).fill(userId);
      await expect(page.locator(`[data-testid="user-row"][data-user-id="${userId}"]`)).toContainText('Walk-in visitor');
    } finally {
      await control.deleteAtDevice(target!.deviceID, userId);
    }
  });

  test('a user edited in the console marks the device out of sync; Sync device writes it and clears the mark', async () => {
    test.setTimeout(120_000);
    const [target] = await control.devices();
    const controlPort = site.virtualSite!.controlPort;
    const userId = '987654';
    const row = deviceRow(target!.deviceID);
    const syncDevice = async (): Promise<void> => {
      await row.click();
      const detail = page.getByTestId('device-detail');
      await detail.getByRole('button', { name: 'Sync device', exact: true }).click();
      await expect(detail.getByRole('status')).toContainText('Sync queued.');
      await expect(row).toHaveAttribute('data-sync', 'in-sync', { timeout: 45_000 });
      await expect(row.getByTestId('sync-mark')).toHaveText('In sync');
    };

    // Start from a device that holds what the console says: take in the users found only on it,
    // then sync it.
    await uploadNewUsers(target!.deviceID);
    await syncDevice();

    // Edit a user in the UI.
    await page.getByRole('navigation').getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('button', { name: 'Add user' }).click();
    const editor = page.getByTestId('user-editor');
    await editor.getByLabel('User ID').fill(userId);
    await editor.getByLabel('Name', { exact: true }).fill('Sync Probe');
    await editor.getByLabel('Card (hex)').fill('5EED5EED');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status')).toContainText(`User ${userId} added.`);

    // The device shows the yellow mark, with the reason.
    await page.getByRole('navigation').getByRole('link', { name: 'Devices', exact: true }).click();
    await expect(row).toHaveAttribute('data-sync', 'out-of-sync', { timeout: 15_000 });
    await expect(row.getByTestId('sync-mark')).toHaveText('Out of sync');
    await expect(row.getByTestId('sync-reasons')).toHaveText('1 missing');

    try {
      // Sync device clears it, and the device's own table holds the record.
      await syncDevice();
      const users = await deviceUsers(controlPort, target!.deviceID);
      expect(users.find((u) => u.ID === userId)).toMatchObject({ ID: userId, name: 'Sync Probe', numOfCard: 1 });
    } finally {
      // Put the device back as it was for the next tests.
      await control.deleteAtDevice(target!.deviceID, userId).catch(() => undefined);
    }
  });
});
