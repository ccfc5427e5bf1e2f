import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';

/*
 * The Users page against the real path: the page's database host worker owns IndexedDB, the
 * page reads it with liveQuery, and every write goes through the contract (saveUser,
 * importUsers) to the core, which stores it through that database host. Each test has its own
 * browser context, hence its own database: empty, or with the virtual site's demo data when it
 * is the first the host sees. So the tests use IDs and names of their own and never count the
 * whole table.
 */

function csvOf(rows: string[][]): Buffer {
  return Buffer.from(rows.map((row) => row.join(',')).join('\n') + '\n');
}

async function openUsers(page: Page, url: string): Promise<void> {
  await page.goto(`${url}#/users`);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  // The database is readable (the worker created it) once the count shows.
  await expect(page.getByTestId('user-summary')).toHaveText(/^\d+ users?$/, { timeout: 15_000 });
}

async function searchUsers(page: Page, text: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search users' }).fill(text);
}

async function importCsv(page: Page, name: string, csv: Buffer): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import CSV' }).click();
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: csv });
}

const row = (page: Page, id: string) => page.locator(`[data-testid="user-row"][data-user-id="${id}"]`);

/** The user IDs of the rows in the DOM, top to bottom. */
const listedIds = (page: Page) => page.getByTestId('user-row').evaluateAll((rows) => rows.map((element) => element.getAttribute('data-user-id')));

async function importUsers(page: Page, name: string, users: [id: string, name: string][]): Promise<void> {
  await importCsv(page, name, csvOf([['id', 'name'], ...users]));
  await expect(page.getByTestId('import-report')).toContainText(`imported ${users.length} users`, { timeout: 20_000 });
}

test.describe('Users page', () => {
  test.beforeEach(async ({ page, site }) => {
    await openUsers(page, site.url);
  });

  test('imports a CSV and reports each refused row with its line and reason', async ({ page }) => {
    await importCsv(
      page,
      'staff.csv',
      csvOf([
        ['id', 'name', 'department', 'cards'],
        ['7001001', 'Ada Lovelace', 'Engineering', '0A0B0C0D'],
        ['abc', 'Not a number', '', ''],
        ['7001002', 'Grace Hopper', 'Engineering', 'zz'],
        ['7001003', 'Alan Turing', 'Research', ''],
        ['7001001', 'Ada again', '', ''],
      ]),
    );
    const report = page.getByTestId('import-report');
    await expect(report).toContainText('imported 2 users; 3 rows refused');
    const refused = report.getByTestId('import-refused-row');
    await expect(refused).toHaveCount(3);
    await expect(refused.nth(0)).toHaveAttribute('data-line', '3');
    await expect(refused.nth(0)).toContainText('user ID must be a number');
    await expect(refused.nth(1)).toHaveAttribute('data-line', '4');
    await expect(refused.nth(1)).toContainText('is not a card number in hex');
    await expect(refused.nth(2)).toHaveAttribute('data-line', '6');
    await expect(refused.nth(2)).toContainText('already on line 2');

    await searchUsers(page, '700100');
    await expect(page.getByTestId('user-summary')).toHaveText('2 matches');
    await expect(row(page, '7001001')).toContainText('Ada Lovelace');
    await expect(row(page, '7001001')).toContainText('Engineering');
    await expect(row(page, '7001001')).toContainText('1 card');
    await expect(row(page, '7001003')).toContainText('Alan Turing');
  });

  test('lists thousands of users windowed, and searches by ID, name and card number', async ({ page }) => {
    const before = Number((await page.getByTestId('user-summary').textContent())?.split(' ')[0]);
    const count = 3_000;
    const rows = [['id', 'name', 'department', 'cards']];
    for (let i = 0; i < count; i++) rows.push([String(55_500_000 + i), `Person ${i}`, `Dept ${i % 7}`, (0x10_00_00 + i).toString(16).padStart(8, '0')]);
    rows.push(['55599999', 'Zelda Quartermaine', 'Security', 'CAFEF00D']);
    await importCsv(page, 'site.csv', csvOf(rows));
    await expect(page.getByTestId('import-report')).toContainText(`imported ${count + 1} users`, { timeout: 20_000 });
    await expect(page.getByTestId('user-summary')).toHaveText(`${before + count + 1} users`);

    // Windowed: a screenful of rows in the DOM, not thousands; scrolling loads the blocks in view.
    await searchUsers(page, '5550');
    await expect(page.getByTestId('user-summary')).toHaveText(`${count} matches`);
    await expect(row(page, '55500000')).toBeVisible();
    expect(await page.getByTestId('user-row').count()).toBeLessThan(200);
    await page.locator('.table-scroll').evaluate((element) => element.scrollTo(0, element.scrollHeight));
    await expect(row(page, '55502999')).toBeVisible();
    await expect(row(page, '55500000')).toHaveCount(0);
    expect(await page.getByTestId('user-row').count()).toBeLessThan(200);

    await searchUsers(page, 'zelda');
    await expect(page.getByTestId('user-summary')).toHaveText('1 match');
    await expect(page.getByTestId('user-row')).toHaveCount(1);
    await expect(row(page, '55599999')).toContainText('Zelda Quartermaine');

    await searchUsers(page, 'cafe:f0:0d');
    await expect(page.getByTestId('user-summary')).toHaveText('1 match');
    await expect(row(page, '55599999')).toBeVisible();

    await searchUsers(page, '5550299');
    await expect(page.getByTestId('user-summary')).toHaveText('10 matches');
    await expect(row(page, '55502990')).toBeVisible();

    await searchUsers(page, 'nobody here');
    await expect(page.getByTestId('users-empty')).toContainText('No user matches');
  });

  test('shows validation errors on their fields before anything is sent', async ({ page }) => {
    const summary = await page.getByTestId('user-summary').textContent();
    await page.getByRole('button', { name: 'Add user' }).click();
    const editor = page.getByTestId('user-editor');
    await editor.getByLabel('User ID').fill('12ab');
    await editor.getByLabel('Name', { exact: true }).fill('N'.repeat(49));
    await editor.getByLabel('Email').fill('not-an-address');
    await editor.getByLabel('Card (hex)').fill('XYZ');
    await editor.getByRole('button', { name: 'Save' }).click();

    await expect(editor.locator('[data-testid="field-error"][data-field="id"]')).toContainText('user ID must be a number');
    await expect(editor.locator('[data-testid="field-error"][data-field="name"]')).toContainText('longer than 48 characters');
    await expect(editor.locator('[data-testid="field-error"][data-field="email"]')).toContainText('not an address');
    await expect(editor.locator('[data-testid="field-error"][data-field="cards"]')).toContainText('hex digits');
    // The first invalid field has the focus, and is marked invalid for assistive technology.
    await expect(editor.getByLabel('User ID')).toBeFocused();
    await expect(editor.getByLabel('User ID')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('user-summary')).toHaveText(summary ?? '');
  });

  test('adds, edits and deletes a user', async ({ page }) => {
    await page.getByRole('button', { name: 'Add user' }).click();
    let editor = page.getByTestId('user-editor');
    await editor.getByLabel('User ID').fill('64242');
    await editor.getByLabel('Name', { exact: true }).fill('Katherine Johnson');
    await editor.getByLabel('Department').fill('Flight Research');
    await editor.getByLabel('Period start').fill('2025-01-01');
    await editor.getByLabel('Period end').fill('2035-12-31');
    await editor.getByLabel('Card (hex)').fill('0x1234ABCD');
    await editor.getByRole('button', { name: 'Add card' }).click();
    await expect(editor.getByTestId('user-card')).toContainText('1234ABCD');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor).toHaveCount(0);
    await expect(page.getByRole('status')).toContainText('User 64242 added.');
    await searchUsers(page, '64242');
    await expect(row(page, '64242')).toContainText('Katherine Johnson');
    await expect(row(page, '64242')).toContainText('2025-01-01 – 2035-12-31');

    // A new user may not take an ID already in use.
    await page.getByRole('button', { name: 'Add user' }).click();
    editor = page.getByTestId('user-editor');
    await editor.getByLabel('User ID').fill('64242');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.locator('[data-testid="field-error"][data-field="id"]')).toContainText('user ID 64242 already exists');
    await editor.getByRole('button', { name: 'Cancel' }).click();

    await row(page, '64242').getByRole('button', { name: '64242' }).click();
    editor = page.getByTestId('user-editor');
    await expect(editor.getByLabel('User ID')).toBeDisabled();
    await editor.getByLabel('Name', { exact: true }).fill('Katherine G. Johnson');
    await editor.getByLabel(/^Disabled/).check();
    await editor.getByRole('button', { name: 'Remove card 1234ABCD' }).click();
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(row(page, '64242')).toContainText('Katherine G. Johnson');
    await expect(row(page, '64242')).toContainText('Disabled');
    await expect(row(page, '64242')).toContainText('None');

    await row(page, '64242').getByRole('button', { name: '64242' }).click();
    await page.getByTestId('user-editor').getByRole('button', { name: 'Delete user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete user 64242?' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(row(page, '64242')).toHaveCount(0);
    await expect(page.getByRole('status')).toContainText('User 64242 deleted.');
  });

  test('sorts by ID with numbers by value, and by name, each way, saying so on the header', async ({ page }) => {
    await importUsers(page, 'sort.csv', [
      ['8809', 'Sortcheck Delta'],
      ['88010', 'Sortcheck Alpha'],
      ['880100', 'Sortcheck Charlie'],
      ['88020', 'Sortcheck Bravo'],
    ]);
    await searchUsers(page, 'sortcheck');
    await expect(page.getByTestId('user-summary')).toHaveText('4 matches');
    const table = page.getByRole('table', { name: 'Users' });
    const idHeader = table.getByRole('columnheader', { name: 'ID' });
    const nameHeader = table.getByRole('columnheader', { name: 'Name' });

    // By ID, ascending, is the default: 8809 before 88010 (a string order would put it last).
    await expect(idHeader).toHaveAttribute('aria-sort', 'ascending');
    await expect.poll(() => listedIds(page)).toEqual(['8809', '88010', '88020', '880100']);

    await idHeader.getByRole('button').click();
    await expect(idHeader).toHaveAttribute('aria-sort', 'descending');
    await expect.poll(() => listedIds(page)).toEqual(['880100', '88020', '88010', '8809']);

    await nameHeader.getByRole('button').click();
    await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
    await expect(idHeader).toHaveAttribute('aria-sort', 'none');
    await expect.poll(() => listedIds(page)).toEqual(['88010', '88020', '880100', '8809']);

    await nameHeader.getByRole('button').click();
    await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
    await expect.poll(() => listedIds(page)).toEqual(['8809', '880100', '88020', '88010']);
  });

  test('ticks three users (one, then Shift-click), deletes them after confirming, and keeps the rest', async ({ page }) => {
    const ids = ['66001', '66002', '66003', '66004', '66005'];
    await importUsers(
      page,
      'delete.csv',
      ids.map((id) => [id, `Deltest ${id}`]),
    );
    await searchUsers(page, 'deltest');
    await expect(page.getByTestId('user-summary')).toHaveText('5 matches');

    await row(page, '66001').getByRole('checkbox', { name: 'Select user 66001' }).click();
    await row(page, '66003').getByRole('checkbox', { name: 'Select user 66003' }).click({ modifiers: ['Shift'] });
    for (const id of ['66001', '66002', '66003']) await expect(row(page, id).getByRole('checkbox')).toBeChecked();
    await expect(row(page, '66004').getByRole('checkbox')).not.toBeChecked();
    await expect(page.getByTestId('user-selection-count')).toHaveText('3 selected');

    await page.getByRole('button', { name: 'Delete 3 users' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete 3 users?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Delete' }).click();

    await expect(page.getByRole('status').filter({ hasText: '3 users deleted.' })).toBeVisible();
    await expect(page.getByTestId('user-summary')).toHaveText('2 matches');
    await expect.poll(() => listedIds(page)).toEqual(['66004', '66005']);
    await expect(page.getByTestId('user-selection-count')).toHaveCount(0);
  });

  test('selects every user a search matched and deletes them in several requests', async ({ page }) => {
    // More than one deleteUsers request holds (USERS_PER_DELETE), fewer than the search cap.
    const count = 5_300;
    const users: [string, string][] = Array.from({ length: count }, (_, i) => [String(67_000_000 + i), `Bulkgone ${i}`]);
    await importUsers(page, 'bulk.csv', users);
    await searchUsers(page, 'bulkgone');
    await expect(page.getByTestId('user-summary')).toHaveText(`${count} matches`);

    await page.getByRole('checkbox', { name: `Select all ${count} matches` }).click();
    await expect(page.getByTestId('user-selection-count')).toHaveText(`${count} selected`);
    await page.getByRole('button', { name: `Delete ${count} users` }).click();
    await page.getByRole('dialog', { name: `Delete ${count} users?` }).getByRole('button', { name: 'Delete' }).click();

    await expect(page.getByRole('status').filter({ hasText: `${count} users deleted.` })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('users-empty')).toContainText('No user matches');
  });

  test('refuses to add a user whose ID is taken, on the ID field, and leaves that user as it was', async ({ page }) => {
    await importCsv(
      page,
      'taken.csv',
      csvOf([
        ['id', 'name', 'department'],
        ['68001', 'Original Owner', 'Operations'],
      ]),
    );
    await expect(page.getByTestId('import-report')).toContainText('imported 1 user');

    await page.getByRole('button', { name: 'Add user' }).click();
    const editor = page.getByTestId('user-editor');
    await editor.getByLabel('User ID').fill('68001');
    await editor.getByLabel('Name', { exact: true }).fill('Impostor');
    await editor.getByLabel('Department').fill('Nowhere');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.locator('[data-testid="field-error"][data-field="id"]')).toHaveText(/user ID 68001 already exists/);
    await expect(editor.getByLabel('User ID')).toBeFocused();
    await editor.getByRole('button', { name: 'Cancel' }).click();

    await searchUsers(page, '68001');
    await expect(row(page, '68001')).toContainText('Original Owner');
    await expect(row(page, '68001')).toContainText('Operations');
  });
});
