import { expect, test, type Page } from '@playwright/test';
import type { ControlApi } from '../support/controlApi';
import type { RunningHost } from '../support/host';
import { useOwnSite } from '../support/ownSite';
import { goTo, openVirtualSitePanel } from '../support/virtualSitePanel';

/*
 * Issue 6: site traffic started from the Virtual site panel arrives live in the real-time log;
 * the Overview counts the devices, charts the events per minute and lists the last alerts; a
 * device whose cable is pulled at the panel shows as disconnected there, with the console's own
 * "disconnected" event. One host and ONE browser context for the file (the event log lives in
 * the page's database).
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

async function firstDevice(): Promise<{ deviceID: number; name: string }> {
  const [device] = await control.devices();
  if (!device) throw new Error('the demo fleet is empty');
  return device;
}

test.describe('Site traffic, the real-time log and the Overview', () => {
  test('traffic started from the Virtual site panel arrives live in the real-time log', async () => {
    const panel = await openVirtualSitePanel(page, (await firstDevice()).deviceID);
    const traffic = panel.getByTestId('site-traffic');
    await expect(traffic.getByTestId('site-traffic-state')).toHaveText('Stopped');
    await traffic.getByLabel('Events per second (whole site)').fill('9000');
    await traffic.getByRole('button', { name: 'Start traffic' }).click();
    await expect(traffic.getByTestId('field-error')).toHaveText('At most 5,000 events per second.');
    await traffic.getByLabel('Events per second (whole site)').fill('40');
    await traffic.getByRole('button', { name: 'Start traffic' }).click();
    await expect(traffic.getByTestId('site-traffic-state')).toContainText('Running at 40 events/s');
    await expect(traffic).toHaveAttribute('data-running', 'true');
    expect((await control.traffic()).running).toBe(true);

    await goTo(page, 'Monitoring');
    const accessRows = page.locator('[data-testid="event-row"][data-category="authentication"], [data-testid="event-row"][data-category="door"]');
    await expect(accessRows.first()).toBeVisible({ timeout: 15_000 });
    // Live: newer ones keep arriving on top.
    const newest = await page.getByTestId('event-row').first().getAttribute('data-seq');
    await expect.poll(async () => Number(await page.getByTestId('event-row').first().getAttribute('data-seq')), { timeout: 10_000 }).toBeGreaterThan(Number(newest));
    await expect(page.getByTestId('event-message').filter({ hasText: /^(Verify success|Identify success|Access denied|Door (opened|forced open|held open))/ }).first()).toBeVisible();
  });

  test('the Overview counts the devices and charts the events per minute by category', async () => {
    const devices = await control.devices();
    await goTo(page, 'Overview');
    await expect(page.getByTestId('tile-connected')).toHaveAttribute('data-count', String(devices.length));
    await expect(page.getByTestId('tile-disconnected')).toHaveAttribute('data-count', '0');
    const chart = page.getByTestId('event-rate-chart');
    await expect(chart.locator('canvas')).toBeAttached();
    await expect.poll(async () => Number(await chart.getAttribute('data-total')), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('events-last-hour')).toContainText(/events in the last hour: .*Authentication \d/);
    // The traffic's forced and held doors are alerts.
    await expect(page.getByTestId('alert').filter({ hasText: /Door (forced|held) open/ }).first()).toBeVisible({ timeout: 15_000 });
  });

  test('a device cut from the panel shows as disconnected on the Overview, with the console’s own event', async () => {
    await control.stopTraffic();
    const device = await firstDevice();
    const panel = await openVirtualSitePanel(page, device.deviceID);
    await panel.getByRole('tab', { name: 'Network' }).click();
    await panel.getByRole('button', { name: 'Pull network cable' }).click();
    await expect(panel.getByTestId('at-device-outcome')).toContainText('Pulled the network cable');

    await goTo(page, 'Overview');
    await expect(page.getByTestId('tile-disconnected')).toHaveAttribute('data-count', '1');
    const alert = page.locator('[data-testid="alert"][data-kind="device.disconnected"]').first();
    await expect(alert).toContainText(`${device.name} disconnected`);
    await expect(alert).toHaveAttribute('data-level', 'warning');

    await goTo(page, 'Monitoring');
    await expect(page.getByTestId('event-row').filter({ hasText: `${device.name} disconnected` }).first()).toHaveAttribute('data-category', 'device');

    await control.setNetwork(device.deviceID, true);
    await goTo(page, 'Overview');
    await expect(page.getByTestId('tile-disconnected')).toHaveAttribute('data-count', '0');
  });
});
