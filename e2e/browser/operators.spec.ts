import { expect, test, type Page } from '@playwright/test';
import { startHost, type RunningHost } from '../support/host';

/*
 * Operators end to end, as a person meets them: the console's first start asks for the
 * administrator (nothing else is reachable), the administrator adds a Monitoring operator in
 * Settings → Operators and signs out, the Monitoring operator signs in and is offered no edit,
 * and a request forced past the hidden UI is refused by the core. This host starts NOT signed
 * in (the other specs' hosts start with --signed-in-as).
 */

let site: RunningHost;
test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  site = await startHost(['--devices', '2'], { signedIn: false });
});
test.afterAll(async () => {
  await site?.stop();
});

const ADMIN = { name: 'Ada Admin', password: 'ada-admin-password' };
const MONITOR = { name: 'Mona Monitor', password: 'mona-monitor-password' };

async function signIn(page: Page, who: { name: string; password: string }): Promise<void> {
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Name', { exact: true }).fill(who.name);
  await form.getByLabel('Password', { exact: true }).fill(who.password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('operator-status')).toContainText(who.name);
}

test('first start: the administrator is created, adds a Monitoring operator, who may only look', async ({ page }) => {
  await page.goto(site.url);
  const firstStart = page.getByRole('form', { name: 'Create the administrator' });
  await expect(firstStart).toBeVisible();
  // Nothing of the console before the administrator exists.
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);

  await firstStart.getByLabel('Name', { exact: true }).fill(ADMIN.name);
  await firstStart.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await firstStart.getByLabel('Password again', { exact: true }).fill(ADMIN.password);
  await firstStart.getByRole('button', { name: 'Create the administrator' }).click();
  await expect(page.getByTestId('operator-status')).toContainText(ADMIN.name);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();

  // Settings → Operators: add the Monitoring operator.
  await page.getByRole('navigation').getByRole('link', { name: 'Settings', exact: true }).click();
  const add = page.getByRole('form', { name: 'Add an operator' });
  await add.getByLabel('Name', { exact: true }).fill(MONITOR.name);
  await add.getByLabel('Role').selectOption('monitoringOperator');
  await add.getByLabel('Password', { exact: true }).fill(MONITOR.password);
  await add.getByLabel('Password again', { exact: true }).fill(MONITOR.password);
  await add.getByRole('button', { name: 'Add operator' }).click();
  await expect(page.locator(`[data-testid="operator-row"][data-name="${MONITOR.name}"]`)).toContainText('Monitoring operator');

  await page.getByTestId('operator-status').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();

  // A wrong password is refused in words.
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Name', { exact: true }).fill(MONITOR.name);
  await form.getByLabel('Password', { exact: true }).fill('not the password');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('wrong name or password')).toBeVisible();

  await signIn(page, MONITOR);
  await expect(page.getByTestId('operator-status')).toHaveAttribute('data-role', 'monitoringOperator');

  // Editing is not offered: no Users, Access control or Settings page, no sync buttons on a device.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Devices', exact: true })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Monitoring', exact: true })).toBeVisible();
  for (const hidden of ['Users', 'Access control', 'Settings']) await expect(nav.getByRole('link', { name: hidden, exact: true })).toHaveCount(0);
  await page.goto(`${site.url}#/users`);
  await expect(page.getByTestId('not-for-role')).toContainText('Users is not available to your role');
  await expect(page.getByRole('button', { name: /Add user/ })).toHaveCount(0);

  await page.goto(`${site.url}#/devices`);
  await page.getByTestId('device-row').first().click();
  const detail = page.getByTestId('device-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByRole('button', { name: 'Sync device' })).toHaveCount(0);
  await expect(detail.getByRole('button', { name: /Wipe/ })).toHaveCount(0);
  await expect(detail.getByTestId('virtual-site-panel')).toHaveCount(0);

  // A request forced past the UI, from the page, as the Monitoring operator: the core refuses it.
  const forced = await page.evaluate(async (monitor) => {
    const socket = new WebSocket(`ws://${location.host}/bridge`);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    const answers = new Map<number, { ok: boolean; error?: { message: string } }>();
    socket.onmessage = (message) => {
      const parsed = JSON.parse(String(message.data)) as { type: string; id: number; ok: boolean; error?: { message: string } };
      if (parsed.type === 'response') answers.set(parsed.id, parsed);
    };
    const ask = async (id: number, name: string, args: unknown) => {
      socket.send(JSON.stringify({ type: 'request', id, name, args }));
      while (!answers.has(id)) await new Promise((resolve) => setTimeout(resolve, 20));
      return answers.get(id);
    };
    const signedIn = await ask(1, 'signIn', monitor);
    const user = { id: '9001', name: 'Forced', email: '', phone: '', department: '', title: '', periodStart: null, periodEnd: null, disabled: false, pinHash: null, photo: null, cards: [], fingers: [], faces: [], accessGroupIds: [], updatedAt: 0 };
    const saved = await ask(2, 'saveUser', { user });
    socket.close();
    return { signedIn: signedIn?.ok, saved };
  }, MONITOR);
  expect(forced.signedIn).toBe(true);
  expect(forced.saved).toMatchObject({ ok: false, error: { message: expect.stringContaining('saveUser needs a User operator or a higher role; Mona Monitor is a Monitoring operator') } });

  // The refusal is in the audit, which a Monitoring operator may read.
  await page.getByRole('navigation').getByRole('link', { name: 'Monitoring', exact: true }).click();
  await expect(page.getByText('Mona Monitor (Monitoring operator) was refused saveUser').first()).toBeVisible({ timeout: 15_000 });
});

test('Lock hides the console until the password is given again; an operator changes their own password', async ({ page }) => {
  await page.goto(site.url);
  await signIn(page, MONITOR);
  await page.getByTestId('operator-status').getByRole('button', { name: 'Lock' }).click();
  const unlock = page.getByRole('form', { name: 'Unlock' });
  await expect(unlock).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await unlock.getByLabel('Password', { exact: true }).fill('not the password');
  await unlock.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('Still locked: wrong password.')).toBeVisible();
  await unlock.getByLabel('Password', { exact: true }).fill(MONITOR.password);
  await unlock.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();

  const renewed = 'mona-renewed-password';
  await page.getByTestId('operator-status').getByRole('button', { name: 'Password' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change your password' });
  await dialog.getByLabel('Current password', { exact: true }).fill(MONITOR.password);
  await dialog.getByLabel('New password', { exact: true }).fill(renewed);
  await dialog.getByLabel('New password again', { exact: true }).fill(renewed);
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog).toContainText('Your password was changed.');
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await page.getByTestId('operator-status').getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, { name: MONITOR.name, password: renewed });
});
