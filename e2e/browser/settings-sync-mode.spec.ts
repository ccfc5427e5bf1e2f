import { expect, test, type Page } from '@playwright/test';
import { demoSiteData, type DemoSiteData } from '../../electron/sim/demoSiteData';
import type { ControlApi } from '../support/controlApi';
import type { RunningHost } from '../support/host';
import { useOwnSite } from '../support/ownSite';

/*
 * Settings → Automatic user synchronization, end to end: the operator switches the mode, reads
 * the preview, confirms, and the devices come into sync by themselves. This file runs its own
 * host (the mode is stored in the page's database, so it would outlive a test on a shared site)
 * and one browser context, so the engine's database is the one the page shows. Four demo
 * devices: the main entrance with its reception exit reader, the server room and the loading
 * dock, so Specific devices routes users differently per door.
 */
const own = useOwnSite(['--devices', '4']);
let site: RunningHost;
let control: ControlApi;
let page: Page;
test.beforeAll(() => {
  ({ site, control, page } = own);
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

/** A device row's "Placed by" cell. */
function placementCell(deviceId: number) {
  return page.locator(`[data-testid="device-row"][data-device-id="${deviceId}"]`).getByTestId('device-placement');
}

/** The demo users the console sends anywhere (the disabled ones go nowhere). */
function enabledUsers(data: DemoSiteData): number {
  return data.users.filter((user) => !user.disabled).length;
}

interface ExpectedDoor {
  name: string;
  role: string;
  users: number;
}

/**
 * Under Specific devices, the doors of a device and how many enabled demo users each brings
 * (a user whose group → level reaches the door), and how many users in all: worked out here by
 * hand from the demo data, not by the code under test.
 */
function expectedSpecific(data: DemoSiteData, deviceId: number): { users: number; doors: ExpectedDoor[] } {
  const levelDoors = new Map(data.accessLevels.map((level) => [level.id, new Set(level.doorSchedules.map((pair) => pair.doorId))]));
  const groupDoors = new Map(data.accessGroups.map((group) => [group.id, new Set(group.levelIds.flatMap((id) => [...(levelDoors.get(id) ?? [])]))]));
  const reaches = (groupIds: readonly number[], doorId: number): boolean => groupIds.some((id) => groupDoors.get(id)?.has(doorId));
  const enabled = data.users.filter((user) => !user.disabled);
  const doors = data.doors
    .filter((door) => door.entryDeviceId === deviceId || door.exitDeviceId === deviceId)
    .filter((door) => data.accessGroups.some((group) => reaches([group.id], door.id)))
    .map((door) => ({ id: door.id, name: door.name, role: door.entryDeviceId === deviceId ? 'entry' : 'exit', users: enabled.filter((user) => reaches(user.accessGroupIds, door.id)).length }))
    .sort((a, b) => b.users - a.users || a.name.localeCompare(b.name));
  const users = enabled.filter((user) => doors.some((door) => reaches(user.accessGroupIds, door.id))).length;
  return { users, doors };
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
  // Each row says which mode places users there: every demo user on every device, pushed only on Sync.
  const everyone = enabledUsers(demoSiteData(fleet));
  for (const device of fleet) await expect(placementCell(device.deviceID)).toHaveText(`Not used · ${everyone} users wanted, pushed only when you sync`);

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
  for (const device of fleet) await expect(placementCell(device.deviceID)).toHaveText(`All devices · all ${everyone} users`);
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

test('under Specific devices each device row names the doors that place users on it, with their counts', async () => {
  const fleet = await control.devices();
  const data = demoSiteData(fleet);
  await openPage('Devices');
  for (const device of fleet) {
    const { users, doors } = expectedSpecific(data, device.deviceID);
    const named = doors.slice(0, 2).map((door) => `${door.name} (${door.role})`).join(', ');
    const more = doors.length > 2 ? ` +${doors.length - 2} more` : '';
    const cell = placementCell(device.deviceID);
    await expect(cell).toHaveText(`Specific devices · ${users} users via ${named}${more}`);
    // The tooltip has every door with its users.
    for (const door of doors) await expect(cell).toHaveAttribute('title', new RegExp(`\\n${door.name} \\(${door.role}\\): ${door.users} users?(\\n|$)`));
  }

  // The device panel's mode line says the same, with the doors listed.
  const reception = fleet.find((device) => device.name === 'Reception');
  expect(reception, 'the demo fleet has the main entrance exit reader').toBeDefined();
  const expected = expectedSpecific(data, reception!.deviceID);
  await page.locator(`[data-testid="device-row"][data-device-id="${reception!.deviceID}"]`).getByRole('button', { name: 'Reception' }).click();
  const detail = page.getByTestId('device-detail');
  await expect(detail.getByTestId('sync-mode-line')).toHaveText(`Automatic sync: Specific devices · ${expected.users} users wanted here, through 1 door:`);
  await expect(detail.getByTestId('placement-doors').getByRole('listitem')).toHaveText([`Main entrance (exit): ${expected.doors[0]?.users} users`]);
  await detail.getByRole('button', { name: 'Close', exact: true }).click();
});

test('a device offline now is previewed from the last sync, marked as an estimate', async () => {
  const fleet = await control.devices();
  // The server room holds only IT and security under Specific devices: All devices adds the rest.
  const away = fleet.find((device) => device.name === 'Server room');
  expect(away, 'the demo fleet has a server room reader').toBeDefined();
  const awayRow = page.locator(`[data-testid="device-row"][data-device-id="${away!.deviceID}"]`);
  await control.setNetwork(away!.deviceID, false);
  try {
    await openPage('Devices');
    await expect(awayRow).toHaveAttribute('data-connection', 'disconnected', { timeout: SYNC_TIMEOUT });
    await openPage('Settings');
    // Back to All devices: the users Specific devices took off a device come back, offline or not.
    const dialog = await previewMode('All devices');
    const rows = dialog.getByTestId('mode-preview-row');
    await expect(rows).toHaveCount(fleet.length);
    const offlineRow = rows.and(page.locator(`[data-device-id="${away!.deviceID}"]`));
    await expect(offlineRow).toHaveAttribute('data-offline', 'true');
    await expect(offlineRow.getByTestId('mode-preview-offline')).toHaveText('offline: estimated from the last sync; applied when it is back');
    await expect(rows.and(page.locator('[data-offline="true"]'))).toHaveCount(1);
    const counts = await previewCounts(dialog);
    expect(counts[String(away!.deviceID)]?.add).toBeGreaterThan(0);
    await expect(dialog).toContainText('The total includes the device offline now');
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(dialog).toBeHidden();
  } finally {
    await control.setNetwork(away!.deviceID, true);
  }
});
