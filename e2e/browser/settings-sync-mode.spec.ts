import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { ControlApi } from '../support/controlApi';
import { startHost, type RunningHost } from '../support/host';

/*
 * Settings → Automatic user synchronization, end to end: the operator switches the mode, reads
 * the preview, confirms, and the devices come into sync by themselves. This file runs its own
 * host (the mode is stored in the page's database, so it would outlive a test on a shared site)
 * and one browser context, so the engine's database is the one the page shows. Four demo
 * devices: the main entrance with its reception exit reader, the server room and the loading
 * dock, so Specific devices routes users differently per door.
 */
let site: RunningHost;
let control: ControlApi;
let context: BrowserContext;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  site = await startHost(['--devices', '4']);
  control = new ControlApi(site.virtualSite!.controlPort);
  context = await browser.newContext();
  page = await context.newPage();
});

test.afterAll(async () => {
  await context?.close();
  await site?.stop();
});

const SYNC_TIMEOUT = 60_000;

async function openPage(name: 'Devices' | 'Settings'): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** Chooses a mode, presses Apply, and returns the preview dialog. */
async function previewMode(label: string) {
  const settings = page.getByRole('group', { name: 'Automatic user synchronization' });
  await settings.getByRole('radio', { name: label, exact: true }).check();
  await page.getByRole('button', { name: 'Apply', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Switch to ${label}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('mode-preview')).toContainText('Users that exist only on a device are never removed.');
  return dialog;
}

/** Per device ID, the preview's numbers. */
async function previewCounts(dialog: ReturnType<Page['getByRole']>): Promise<Record<string, { add: number; update: number; remove: number; bytes: string }>> {
  return dialog.getByTestId('mode-preview-row').evaluateAll((rows) =>
    Object.fromEntries(
      rows.map((row) => {
        const cell = (column: string): string => row.querySelector(`[data-column="${column}"]`)?.textContent ?? '';
        return [row.getAttribute('data-device-id') ?? '', { add: Number(cell('add')), update: Number(cell('update')), remove: Number(cell('remove')), bytes: cell('bytes') }];
      }),
    ),
  );
}

test('switching to All devices previews every device, and the yellow marks clear with no Sync pressed', async () => {
  await page.goto(site.url);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  const fleet = await control.devices();
  expect(fleet).toHaveLength(4);

  // Not used (the default): the demo users are not on the devices yet, so every device is yellow.
  const rows = page.getByTestId('device-row');
  await expect(rows).toHaveCount(4);
  for (const device of fleet) await expect(page.locator(`[data-testid="device-row"][data-device-id="${device.deviceID}"]`)).toHaveAttribute('data-sync', 'out-of-sync', { timeout: SYNC_TIMEOUT });

  await openPage('Settings');
  const settings = page.getByRole('group', { name: 'Automatic user synchronization' });
  await expect(settings.getByRole('radio', { name: 'Not used', exact: true })).toBeChecked();
  await expect(settings.getByRole('radio', { name: 'Not used', exact: true })).toHaveAccessibleDescription(/^In force\./);
  for (const label of ['All devices', 'All devices (including user update from device)', 'Specific devices (only devices belonging to the access group)']) {
    await expect(settings.getByRole('radio', { name: label, exact: true })).not.toBeChecked();
  }
  // Each option is explained (its description), and Apply waits for another choice.
  await expect(settings.getByRole('radio', { name: 'Specific devices (only devices belonging to the access group)', exact: true })).toHaveAccessibleDescription(/removed from a device the console placed them on/);
  await expect(page.getByRole('button', { name: 'Apply', exact: true })).toBeDisabled();

  const dialog = await previewMode('All devices');
  const counts = await previewCounts(dialog);
  expect(Object.keys(counts).sort()).toEqual(fleet.map((device) => String(device.deviceID)).sort());
  for (const device of Object.values(counts)) {
    expect(device.add).toBeGreaterThan(0);
    expect(device.remove).toBe(0);
    expect(device.bytes).toMatch(/\d (B|KB|MB)$/);
  }
  await expect(dialog.getByTestId('mode-preview-totals')).toContainText(String(Object.values(counts).reduce((sum, device) => sum + device.add, 0)));

  await dialog.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'All devices is in force. 4 of 4 devices in sync.' })).toBeVisible({ timeout: SYNC_TIMEOUT });
  await expect(settings.getByRole('radio', { name: 'All devices', exact: true })).toBeChecked();
  await expect(settings.getByRole('radio', { name: 'All devices', exact: true })).toBeFocused();
  await expect(page.getByRole('button', { name: 'Apply', exact: true })).toBeDisabled();

  // The yellow marks are gone: every device is in sync, and nobody pressed Sync.
  await openPage('Devices');
  for (const device of fleet) await expect(page.locator(`[data-testid="device-row"][data-device-id="${device.deviceID}"]`)).toHaveAttribute('data-sync', 'in-sync');
});

test('switching to Specific devices previews the users each device no longer gets as removals', async () => {
  const heldBefore = (await control.devices()).reduce((sum, device) => sum + device.userCount, 0);
  await openPage('Settings');
  const dialog = await previewMode('Specific devices (only devices belonging to the access group)');
  const counts = Object.values(await previewCounts(dialog));
  // Everyone is on every device now; routed by door, most people leave most devices.
  expect(counts.some((device) => device.remove > 0)).toBe(true);
  for (const device of counts) expect(device.add).toBe(0);
  const removed = counts.reduce((sum, device) => sum + device.remove, 0);
  await expect(dialog.getByTestId('mode-preview-totals')).toContainText(String(removed));

  // Cancel changes nothing; Confirm switches and the devices follow.
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('radio', { name: 'All devices', exact: true })).toHaveAccessibleDescription(/^In force\./);
  await expect(page.getByRole('button', { name: 'Apply', exact: true })).toBeEnabled();
  const again = await previewMode('Specific devices (only devices belonging to the access group)');
  await again.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Specific devices .* is in force\. \d of \d devices in sync\.$/ })).toBeVisible({ timeout: SYNC_TIMEOUT });
  // Applying did what the preview said: exactly that many users left the devices.
  const heldAfter = (await control.devices()).reduce((sum, device) => sum + device.userCount, 0);
  expect(heldAfter).toBe(heldBefore - removed);
});
