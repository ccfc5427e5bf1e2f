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
