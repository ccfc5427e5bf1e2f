import { expect, test } from '../support/fixtures';

test.describe('Access control page', () => {
  test.beforeEach(async ({ page, site }) => {
    await page.goto(`${site.url}#/access-control`);
    await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  });

  test('creates, renames and deletes an access group, with validation messages', async ({ page }) => {
    await expect(page.getByRole('tab', { name: 'Access groups' })).toHaveAttribute('aria-selected', 'true');
    // The list is read (empty, or the virtual site's demo groups): the database is there.
    await expect(page.getByRole('button', { name: 'New access group' })).toBeVisible();
    await expect(page.getByText('Loading…')).toHaveCount(0, { timeout: 15_000 });

    // An access level first, so the group has something to grant.
    await page.getByRole('tab', { name: 'Access levels' }).click();
    await page.getByRole('button', { name: 'New access level' }).click();
    let editor = page.getByTestId('access-editor');
    await editor.getByLabel('Name').fill('E2E level A');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('[data-testid="access-row"][data-kind="access-level"]', { hasText: 'E2E level A' })).toHaveCount(1);

    await page.getByRole('tab', { name: 'Access groups' }).click();
    await page.getByRole('button', { name: 'New access group' }).click();
    editor = page.getByTestId('access-editor');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.locator('[data-testid="field-error"][data-field="name"]')).toHaveText(/enter a name/);
    await editor.getByLabel('Name').fill('G'.repeat(49));
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.locator('[data-testid="field-error"][data-field="name"]')).toHaveText(/at most 48 characters/);

    await editor.getByLabel('Name').fill('E2E day staff');
    await editor.getByLabel('E2E level A').check();
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status')).toContainText('Access group “E2E day staff” saved.');
    const groups = page.locator('[data-testid="access-row"][data-kind="access-group"]');
    const group = groups.filter({ hasText: 'E2E day' });
    await expect(group).toHaveCount(1);
    await expect(group).toContainText('E2E day staff');
    await expect(group).toContainText('E2E level A');
    const id = await group.getAttribute('data-record-id');

    await group.getByRole('button', { name: 'Edit E2E day staff' }).click();
    editor = page.getByTestId('access-editor');
    await expect(editor.getByLabel('Name')).toHaveValue('E2E day staff');
    await editor.getByLabel('Name').fill('E2E day shift');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(group).toContainText('E2E day shift');
    // Renamed in place: the same record.
    await expect(group).toHaveAttribute('data-record-id', id ?? '');

    await group.getByRole('button', { name: 'Delete E2E day shift' }).click();
    await page.getByRole('dialog', { name: 'Delete access group “E2E day shift”?' }).getByRole('button', { name: 'Delete' }).click();
    await expect(group).toHaveCount(0);
    await expect(page.getByRole('status')).toContainText('Access group “E2E day shift” deleted.');
  });

  test('creates a door with a sensor and an exit button, and a zone with entry and exit readers', async ({ page, control }) => {
    const devices = await control.devices();
    const byName = (name: string) => {
      const device = devices.find((candidate) => candidate.name === name);
      if (!device) throw new Error(`no device named ${name}`);
      return `${device.name} (${device.deviceID})`;
    };
    const [serverRoom, dock, canteen] = [byName('Server room'), byName('Loading dock'), byName('Staff canteen')];

    await page.getByRole('tab', { name: 'Doors' }).click();
    await page.getByRole('button', { name: 'New door' }).click();
    let editor = page.getByTestId('access-editor');
    await editor.getByLabel('Name').fill('E2E lab door');
    await editor.getByLabel('Entry device').selectOption({ label: serverRoom });
    await editor.getByLabel('Exit device (optional)').selectOption({ label: dock });
    // A sensor on a third device, an exit button port out of range: each said on its field.
    await editor.getByLabel('Door sensor: device').selectOption({ label: canteen });
    await editor.getByLabel('Exit button: device').selectOption({ label: dock });
    await editor.getByLabel('Exit button: input port').fill('16');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.locator('[data-testid="field-error"][data-field="sensorDeviceId"]')).toHaveText(/the door sensor must be wired to the entry or exit device/);
    await expect(editor.locator('[data-testid="field-error"][data-field="exitButtonPort"]')).toHaveText(/the input port is a number from 0 to 15/);

    await editor.getByLabel('Door sensor: device').selectOption({ label: serverRoom });
    await editor.getByLabel('Door sensor: wiring').selectOption({ label: 'Normally closed' });
    await editor.getByLabel('Exit button: input port').fill('2');
    await editor.getByLabel('Held-open alarm after (seconds)').fill('30');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status')).toContainText('Door “E2E lab door” saved.');
    const door = page.locator('[data-testid="access-row"][data-kind="door"]', { hasText: 'E2E lab door' });
    await expect(door).toHaveCount(1);
    await expect(door).toContainText('Entry device, input 0, normally closed');
    await expect(door).toContainText('Exit device, input 2, normally open');
    await expect(door).toContainText('3 s / 30 s');

    await page.getByRole('tab', { name: 'Zones' }).click();
    await page.getByRole('button', { name: 'New zone' }).click();
    editor = page.getByTestId('access-editor');
    await editor.getByLabel('Name').fill('E2E lab zone');
    await editor.getByLabel(serverRoom, { exact: true }).selectOption({ label: 'Entry reader' });
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.locator('[data-testid="field-error"][data-field="members"]')).toHaveText(/choose at least one exit reader/);
    await editor.getByLabel(dock, { exact: true }).selectOption({ label: 'Exit reader' });
    await editor.getByLabel('Violations').selectOption('soft');
    await editor.getByLabel('Reset after (minutes)').fill('90');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status')).toContainText('Zone “E2E lab zone” saved.');
    const zone = page.locator('[data-testid="access-row"][data-kind="zone"]', { hasText: 'E2E lab zone' });
    await expect(zone).toHaveCount(1);
    await expect(zone.locator('td').nth(1)).toHaveText('Soft');
    await expect(zone.locator('td').nth(2)).toHaveText(serverRoom);
    await expect(zone.locator('td').nth(3)).toHaveText(dock);
    await expect(zone.locator('td').nth(4)).toHaveText('1 h 30 min');

    // Put the site back as it was.
    await zone.getByRole('button', { name: 'Delete E2E lab zone' }).click();
    await page.getByRole('dialog', { name: 'Delete zone “E2E lab zone”?' }).getByRole('button', { name: 'Delete' }).click();
    await expect(zone).toHaveCount(0);
    await page.getByRole('tab', { name: 'Doors' }).click();
    await door.getByRole('button', { name: 'Delete E2E lab door' }).click();
    await page.getByRole('dialog', { name: 'Delete door “E2E lab door”?' }).getByRole('button', { name: 'Delete' }).click();
    await expect(door).toHaveCount(0);
  });

  test('tabs are keyboard-operable', async ({ page }) => {
    const first = page.getByRole('tab', { name: 'Access groups' });
    await first.focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Access levels' })).toBeFocused();
    await expect(page.getByRole('tab', { name: 'Access levels' })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('End');
    await expect(page.getByRole('tab', { name: 'Zones' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('button', { name: 'New zone' })).toBeVisible();
  });
});
