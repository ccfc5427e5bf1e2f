import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ensureGatewayCerts } from '../../electron/sim/certs';
import { ControlApi } from '../support/controlApi';
import { deviceRow } from '../support/virtualSitePanel';
import { startHost, type RunningHost } from '../support/host';
import { startReadyProcess, type ReadyProcess } from '../support/readyProcess';

/*
 * Settings → Device gateways, end to end in Chromium through the dev/test host: the console runs
 * its virtual site (2 devices); a second gateway (the virtual gateway on its own, with TLS and its
 * own CA, as a real one would be) is added from Settings with its CA file, tested, saved, and its
 * devices appear beside the virtual site's; a device is added through it by IP and removed again
 * from its panel; the virtual site is switched off and on again.
 */
test.describe.configure({ mode: 'serial' });

// Serial numbers away from the demo fleet's (540M–549M).
const REMOTE_IDS = [700_000_001, 700_000_002] as const;
const SPARE = { deviceID: 700_000_003, ip: '10.20.30.40' };

let base: string;
let sim: ReadyProcess;
let host: RunningHost;
let page: Page;
let control: ControlApi;

test.beforeAll(async ({ browser }) => {
  base = await mkdtemp(path.join(tmpdir(), 'portcullis-gateways-'));
  sim = await startReadyProcess('electron/sim/cli.ts', ['--port', '0', '--control-port', '0', '--devices', '0', '--cert-dir', path.join(base, 'gateway')]);
  control = new ControlApi(Number(sim.ready.controlPort));
  await control.addDevice({ deviceID: REMOTE_IDS[0], name: 'Warehouse gate', ip: '10.20.30.1' });
  await control.addDevice({ deviceID: REMOTE_IDS[1], name: 'Warehouse office', ip: '10.20.30.2' });
  await control.addDevice({ ...SPARE, name: 'Spare reader', link: 'none' });
  host = await startHost(['--devices', '2']);
  page = await (await browser.newContext()).newPage();
});

test.afterAll(async () => {
  await page?.context().close();
  await host?.stop();
  await sim?.stop();
  await rm(base, { recursive: true, force: true });
});

async function openPage(name: 'Devices' | 'Settings'): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

const connectedRows = () => page.locator('[data-testid="device-row"][data-connection="connected"]');

test('a second gateway is added from Settings: tested first, then saved, and its devices appear', async () => {
  await page.goto(host.url);
  await expect(connectedRows()).toHaveCount(2);
  await openPage('Settings');
  await page.getByRole('button', { name: 'Add gateway…' }).click();
  const form = page.getByRole('form', { name: 'Add a gateway' });
  await form.getByLabel('Name (optional)').fill('Warehouse');
  await form.getByLabel('Address').fill('127.0.0.1');
  await form.getByLabel('Port').fill(String(sim.ready.grpcPort));

  // Without a CA the form names the missing field and sends nothing.
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByTestId('field-error').and(page.locator('[data-field="ca"]'))).toBeVisible();

  await form.getByTestId('ca-file-input').setInputFiles(String(sim.ready.caCert));
  await expect(form.getByTestId('ca-chosen')).toHaveText('Chosen: ca.crt');
  await form.getByRole('button', { name: 'Test connection' }).click();
  const result = form.getByTestId('gateway-test-result');
  await expect(result).toHaveAttribute('data-outcome', 'ok');
  await expect(result).toContainText('Reachable, TLS certificate trusted');
  await expect(result).toContainText('holds 2 devices');

  await form.getByRole('button', { name: 'Add gateway' }).click();
  const item = page.getByTestId('gateway-item').filter({ hasText: 'Warehouse' });
  await expect(item.getByTestId('gateway-state')).toHaveAttribute('data-state', 'connected');

  await openPage('Devices');
  await expect(connectedRows()).toHaveCount(4);
  // G-SDK carries no device name: a real gateway's device is shown as its model and serial number.
  await expect(page.getByTestId('device-row').filter({ hasText: String(REMOTE_IDS[0]) })).toBeVisible();
});

test('the test tells a closed port and a wrong CA apart', async () => {
  await openPage('Settings');
  await page.getByRole('button', { name: 'Add gateway…' }).click();
  const form = page.getByRole('form', { name: 'Add a gateway' });
  await form.getByLabel('Address').fill('127.0.0.1');
  await form.getByLabel('Port').fill('1');
  await form.getByTestId('ca-file-input').setInputFiles(String(sim.ready.caCert));
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByTestId('gateway-test-result')).toHaveAttribute('data-outcome', 'unreachable');

  // A CA of another installation did not sign this gateway's certificate.
  await form.getByLabel('Port').fill(String(sim.ready.grpcPort));
  const stranger = await ensureGatewayCerts(path.join(base, 'other'));
  await form.getByTestId('ca-file-input').setInputFiles({ name: 'other-ca.crt', mimeType: 'application/x-x509-ca-cert', buffer: await readFile(stranger.caCertPath) });
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByTestId('gateway-test-result')).toHaveAttribute('data-outcome', 'untrusted');
  await expect(form.getByTestId('gateway-test-result')).toContainText('Certificate not trusted');
  await form.getByRole('button', { name: 'Cancel' }).click();
});

test('a device is added through the gateway by its IP address', async () => {
  const item = page.getByTestId('gateway-item').filter({ hasText: 'Warehouse' });
  await item.getByRole('button', { name: 'Add device by IP…' }).click();
  const form = item.getByTestId('add-device-form');
  await form.getByLabel('Device IP address').fill(SPARE.ip);
  await form.getByRole('button', { name: 'Add device' }).click();
  await expect(form.getByRole('status')).toContainText(`Device ${SPARE.deviceID} at ${SPARE.ip}:51211 added`);
  await openPage('Devices');
  await expect(connectedRows()).toHaveCount(5);
  await expect(page.getByTestId('device-row').filter({ hasText: String(SPARE.deviceID) })).toBeVisible();
});

test('a device is removed from its gateway in its panel, and stays on the site network', async () => {
  await deviceRow(page, SPARE.deviceID).getByRole('button').first().click();
  const detail = page.getByTestId('device-detail');
  await expect(detail).toHaveAttribute('data-device-id', String(SPARE.deviceID));
  await detail.getByRole('button', { name: 'Remove from gateway' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove device' }).click();
  await expect(deviceRow(page, SPARE.deviceID)).toHaveCount(0);
  await expect(connectedRows()).toHaveCount(4);
  const spare = (await control.devices()).find((device) => device.deviceID === SPARE.deviceID);
  expect(spare).toMatchObject({ online: true, connected: false });
});

test('the virtual site is switched off and on again', async () => {
  await openPage('Settings');
  await page.getByRole('button', { name: 'Switch the virtual site off' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The virtual site is off' })).toBeVisible();
  await expect(page.getByTestId('virtual-site-setting')).toHaveAttribute('data-enabled', 'false');
  await openPage('Devices');
  await expect(page.getByTestId('device-row')).toHaveCount(2);
  await expect(connectedRows()).toHaveCount(2);
  await openPage('Settings');
  await page.getByRole('button', { name: 'Switch the virtual site on' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The virtual site runs' })).toBeVisible();
  await openPage('Devices');
  await expect(connectedRows()).toHaveCount(4);
});
