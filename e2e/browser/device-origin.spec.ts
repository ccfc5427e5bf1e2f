import { expect, test, type Page } from '@playwright/test';
import type { ControlApi } from '../support/controlApi';
import type { RunningHost } from '../support/host';
import { useOwnSite } from '../support/ownSite';
import { deviceRow, goTo, logRow, openVirtualSitePanel } from '../support/virtualSitePanel';

/*
 * Issue 5 end to end, from the operator's chair: a user enrolled at a virtual device from the
 * Virtual site panel raises the device's user count, the device's event shows in the real-time
 * log, and in All devices (including user update from device) the console pulls the user into
 * its master copy (the Users page) and logs that it saved it. Its own host, started in that mode
 * on a small fleet, and ONE browser context: the database the page shows is the one the core
 * writes to.
 */
const own = useOwnSite(['--devices', '3', '--sync-mode', 'all-with-device']);
let site: RunningHost;
let control: ControlApi;
let page: Page;
test.beforeAll(() => {
  ({ site, control, page } = own);
});

test('(a) a user enrolled at a virtual device from the panel: the user count goes up, the log shows it, the console takes the user in', async () => {
  test.setTimeout(120_000);
  await page.goto(site.url);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  const reader = (await control.devices()).find((device) => device.model === 'BioStation 2')!;
  const userId = '880101';
  const row = deviceRow(page, reader.deviceID);
  const usersCell = row.getByTestId('device-user-count');

  // The mode pushes the demo users to every reader first; the count to watch is the one after that.
  await expect(row).toHaveAttribute('data-sync', 'in-sync', { timeout: 90_000 });
  await expect.poll(async () => (await control.devices()).find((device) => device.deviceID === reader.deviceID)!.userCount, { timeout: 15_000 }).toBeGreaterThanOrEqual(300);
  const held = (await control.devices()).find((device) => device.deviceID === reader.deviceID)!.userCount;
  await expect(usersCell).toHaveText(String(held));

  const panel = await openVirtualSitePanel(page, reader.deviceID);
  await expect(panel.getByTestId('virtual-device-summary')).toContainText('stores cards and fingerprints');

  // What any device refuses is caught by the form; the rest is the device's to judge.
  await panel.getByRole('button', { name: 'Enroll at device' }).click();
  await expect(panel.getByTestId('field-error')).toHaveText('Enter the user ID.');
  await panel.getByLabel('User ID').fill('abc');
  await panel.getByRole('button', { name: 'Enroll at device' }).click();
  await expect(panel.getByRole('alert')).toContainText(`${reader.name} refused`);
  await expect(panel.getByRole('alert')).toContainText('user "abc": user ID must be a number from 1 to 4294967294');

  await panel.getByLabel('User ID').fill(userId);
  await panel.getByLabel('Name', { exact: true }).fill('Night guard');
  await expect(panel.getByRole('checkbox', { name: 'Present a card' })).toBeChecked();
  await expect(panel.getByRole('checkbox', { name: 'Present a fingerprint' })).toBeChecked();
  await panel.getByRole('button', { name: 'Enroll at device' }).click();
  const outcome = panel.getByTestId('at-device-outcome');
  await expect(outcome).toContainText(
    new RegExp(`Enrolled user ${userId} at ${reader.name} with a card \\([0-9A-F]{8}\\) and a fingerprint; the device logged User enrollment succeeded \\(Device\\)\\.`),
  );

  // The console hears it as from any reader: the device list follows ...
  await expect(usersCell).toHaveText(String(held + 1));

  // ... the real-time log shows the device's event and the pipeline saving the user ...
  await outcome.getByRole('link', { name: 'See it in Monitoring' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Monitoring' })).toBeVisible();
  const enrolled = logRow(page, `User enrollment succeeded (Device): user ${userId}`);
  await expect(enrolled).toHaveCount(1);
  await expect(enrolled).toHaveAttribute('data-category', 'user');
  await expect(enrolled).toHaveAttribute('data-level', 'info');
  await expect(enrolled).toContainText(reader.name);
  const saved = logRow(page, `User ${userId} from ${reader.name} saved to the server DB (new user)`);
  await expect(saved).toHaveCount(1, { timeout: 15_000 });
  await expect(saved).toHaveAttribute('data-level', 'info');

  // ... and the user is in the master copy, as enrolled at the reader.
  await goTo(page, 'Users');
  await page.getByRole('searchbox', { name: 'Search users' }).fill(userId);
  const user = page.locator(`[data-testid="user-row"][data-user-id="${userId}"]`);
  await expect(user).toContainText('Night guard');
  await expect(user).toContainText('1 card · 1 fingerprint');
});
