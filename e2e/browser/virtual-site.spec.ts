import { expect, test, type Page } from '@playwright/test';
import type { ControlApi } from '../support/controlApi';
import type { RunningHost } from '../support/host';
import { useOwnSite } from '../support/ownSite';
import { deviceRow as rowOf, goTo, logRow as logRowOf, openVirtualSitePanel } from '../support/virtualSitePanel';

/*
 * Acting at a virtual device from the Devices page (the Virtual site panel) and watching the
 * console react: the device list and the Monitoring page's real-time log, in the mode the console
 * starts in (Not used: nothing is pulled or pushed by itself; device-origin.spec.ts covers the
 * mode that pulls). One host and ONE browser context for the file: the event log lives in the
 * page's database (the browser profile), which must be the database attached while the events
 * arrive.
 */
const own = useOwnSite();
let site: RunningHost;
let control: ControlApi;
let page: Page;
test.beforeAll(() => {
  ({ site, control, page } = own);
});

test.beforeEach(async () => {
  await page.goto(site.url);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
});

const deviceRow = (deviceID: number) => rowOf(page, deviceID);
const logRow = (text: string) => logRowOf(page, text);
const openPanel = (deviceID: number) => openVirtualSitePanel(page, deviceID);
const openMonitoring = () => goTo(page, 'Monitoring');

/** The first BioStation 2 of the demo fleet (cards and fingerprints). */
async function fingerprintReader(): Promise<{ deviceID: number; name: string; userCount: number }> {
  const reader = (await control.devices()).find((device) => device.model === 'BioStation 2');
  if (!reader) throw new Error('the demo fleet has no BioStation 2');
  return reader;
}

test.describe('Virtual site panel and the real-time log', () => {
  test('(b) a user edited and deleted at the device: the device logs both, and so does the console', async () => {
    const reader = await fingerprintReader();
    const userId = '880202';
    await control.enrollAtDevice(reader.deviceID, { ID: userId, name: 'Temp', cards: [{ data: 'iIKCAg==' }] });
    const panel = await openPanel(reader.deviceID);
    const usersCell = deviceRow(reader.deviceID).getByTestId('device-user-count');
    await expect(usersCell).toHaveText(String(reader.userCount + 1));

    await panel.getByRole('tab', { name: 'Edit' }).click();
    await panel.getByRole('button', { name: 'Save at device' }).click();
    await expect(panel.getByTestId('field-error').first()).toHaveText('Enter the user ID.');
    await panel.getByLabel('User ID').fill(userId);
    await panel.getByRole('button', { name: 'Save at device' }).click();
    await expect(panel.locator('[data-field="changes"]')).toHaveText('Give a new name or a credential to add.');
    await panel.getByLabel('New name').fill('Contractor');
    await panel.getByRole('checkbox', { name: 'Add a card' }).check();
    await panel.getByRole('button', { name: 'Save at device' }).click();
    await expect(panel.getByTestId('at-device-outcome')).toContainText(
      new RegExp(`Edited user ${userId} at ${reader.name}: a new name; a card \\([0-9A-F]{8}\\) added; the device logged User update succeeded \\(Device\\)\\.`),
    );

    await panel.getByRole('tab', { name: 'Delete' }).click();
    await panel.getByLabel('User ID').fill(userId);
    await panel.getByRole('button', { name: 'Delete at device' }).click();
    await expect(panel.getByTestId('at-device-outcome')).toContainText(`Deleted user ${userId} at ${reader.name}; the device logged User delete succeeded (Device).`);
    await expect(usersCell).toHaveText(String(reader.userCount));

    // A user the device does not hold: its own refusal.
    await panel.getByRole('button', { name: 'Delete at device' }).click();
    await expect(panel.getByRole('alert')).toContainText(`user ${userId} not found`);

    await openMonitoring();
    await expect(logRow(`User update succeeded (Device): user ${userId}`)).toHaveCount(1);
    await expect(logRow(`User delete succeeded (Device): user ${userId}`)).toHaveCount(1);
    // Newest first: the delete above the update.
    const messages = await page.getByTestId('event-message').allTextContents();
    const deleted = messages.indexOf(`User delete succeeded (Device): user ${userId}`);
    const updated = messages.indexOf(`User update succeeded (Device): user ${userId}`);
    expect(deleted).toBeGreaterThanOrEqual(0);
    expect(deleted).toBeLessThan(updated);
  });

  test('(c) Pause holds the list still and counts what arrives; Resume shows it; Clear view empties the view', async () => {
    const reader = await fingerprintReader();
    const userId = '880303';
    await openMonitoring();
    const rows = page.getByTestId('event-row');
    await expect(rows.first()).toBeVisible();

    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByRole('button', { name: 'Resume' })).toHaveAttribute('aria-pressed', 'true');
    const counter = page.getByTestId('new-events-count');
    await expect(counter).toHaveText(/^Paused · \d+ new events?$/);
    const counted = async (): Promise<number> => Number((await counter.textContent())?.replace(/\D/g, ''));
    const countedBefore = await counted();
    const topBefore = await rows.first().getAttribute('data-seq');
    const countBefore = await rows.count();

    await control.enrollAtDevice(reader.deviceID, { ID: userId, name: 'Paused probe' });
    await control.deleteAtDevice(reader.deviceID, userId);
    // Both device events (and whatever the console logs about them) are counted ...
    await expect.poll(counted).toBeGreaterThanOrEqual(countedBefore + 2);
    // ... while the list stays exactly as it was.
    await expect(rows.first()).toHaveAttribute('data-seq', topBefore!);
    expect(await rows.count()).toBe(countBefore);
    await expect(logRow(`User enrollment succeeded (Device): user ${userId}`)).toHaveCount(0);

    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(counter).toHaveCount(0);
    await expect(logRow(`User enrollment succeeded (Device): user ${userId}`)).toHaveCount(1);
    await expect(logRow(`User delete succeeded (Device): user ${userId}`)).toHaveCount(1);
    expect(Number(await rows.first().getAttribute('data-seq'))).toBeGreaterThan(Number(topBefore));

    // Clear view hides what was shown; the next event appears alone.
    await page.getByRole('button', { name: 'Clear view' }).click();
    await expect(page.getByTestId('events-empty')).toBeVisible();
    await control.enrollAtDevice(reader.deviceID, { ID: userId, name: 'After clear' });
    try {
      await expect(logRow(`User enrollment succeeded (Device): user ${userId}`)).toHaveCount(1);
      await expect(logRow(`User delete succeeded (Device): user ${userId}`)).toHaveCount(0);
    } finally {
      await control.deleteAtDevice(reader.deviceID, userId);
    }
  });

  test('the network cable pulled and plugged back from the panel: the console loses the device and gets it back', async () => {
    const fleet = await control.devices();
    const gate = fleet.find((device) => device.model === 'XPass 2')!;
    const panel = await openPanel(gate.deviceID);
    await expect(panel.getByTestId('virtual-device-summary')).toContainText('Cable plugged in');
    await expect(panel.getByTestId('virtual-device-summary')).toContainText('stores cards');

    await panel.getByRole('tab', { name: 'Network' }).click();
    await panel.getByRole('button', { name: 'Pull network cable' }).click();
    await expect(panel.getByTestId('at-device-outcome')).toContainText(`Pulled the network cable of ${gate.name}; the device logged Link disconnected.`);
    await expect(deviceRow(gate.deviceID)).toHaveAttribute('data-connection', 'disconnected', { timeout: 5_000 });

    await panel.getByRole('button', { name: 'Plug network cable back in' }).click();
    await expect(panel.getByTestId('at-device-outcome')).toContainText(`Plugged the network cable of ${gate.name} back in; the device logged Link connected.`);
    await expect(deviceRow(gate.deviceID)).toHaveAttribute('data-connection', 'connected', { timeout: 10_000 });

    // What the device logged while cut off reaches the log once the console reads it back.
    await openMonitoring();
    await expect(logRow('Link disconnected').filter({ hasText: gate.name }).first()).toHaveAttribute('data-level', 'warning', { timeout: 10_000 });
  });
});
