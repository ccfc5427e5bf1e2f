import { expect, test } from '../support/fixtures';

test.describe('Devices page on the virtual site', () => {
  test.beforeEach(async ({ page, site }) => {
    await page.goto(site.url);
    await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  });

  test('lists the demo fleet with live connection states', async ({ page, control }) => {
    const fleet = await control.devices();
    expect(fleet.length).toBeGreaterThanOrEqual(12);
    const rows = page.getByTestId('device-row');
    await expect(rows).toHaveCount(fleet.length);

    const first = fleet[0]!;
    const row = page.locator(`[data-testid="device-row"][data-device-id="${first.deviceID}"]`);
    await expect(row).toHaveAttribute('data-connection', 'connected');
    await expect(row).toContainText(first.name);
    await expect(row).toContainText(String(first.deviceID));
    await expect(row).toContainText(first.model);
    await expect(row).toContainText('Connected');
    await expect(row).toContainText(String(first.userCount));
    await expect(page.getByTestId('device-summary')).toContainText(`${fleet.length} devices`);
    await expect(page.getByRole('heading', { level: 1, name: 'Devices' })).toBeVisible();
  });

  test('a device that loses its network turns disconnected within 2 s, and back', async ({ page, control }) => {
    const [target] = await control.devices();
    const row = page.locator(`[data-testid="device-row"][data-device-id="${target!.deviceID}"]`);
    await expect(row).toHaveAttribute('data-connection', 'connected');

    await control.setNetwork(target!.deviceID, false);
    await expect(row).toHaveAttribute('data-connection', 'disconnected', { timeout: 2_000 });
    await expect(row).toContainText('Disconnected');
    await expect(page.getByTestId('device-summary')).toContainText('1 disconnected');

    await control.setNetwork(target!.deviceID, true);
    await expect(row).toHaveAttribute('data-connection', 'connected', { timeout: 2_000 });
  });

  test('the user count follows a user enrolled and deleted at the device', async ({ page, control }) => {
    const target = (await control.devices())[1]!;
    const row = page.locator(`[data-testid="device-row"][data-device-id="${target.deviceID}"]`);
    await expect(row).toContainText(String(target.userCount));

    await control.enrollAtDevice(target.deviceID, { ID: '77001', name: 'Walk-in visitor' });
    const usersCell = row.getByTestId('device-user-count');
    await expect(usersCell).toHaveText(String(target.userCount + 1));
    await control.deleteAtDevice(target.deviceID, '77001');
    await expect(usersCell).toHaveText(String(target.userCount));
  });

  test('navigation reaches every section', async ({ page }) => {
    for (const name of ['Users', 'Access control', 'Monitoring', 'Settings', 'Devices']) {
      await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    }
  });
});
