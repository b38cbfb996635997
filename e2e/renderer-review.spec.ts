import { expect, test } from './fixtures.ts';
import { connectAndOpen, gridIdle, gridRows } from './ui-flows.ts';

// Keyboard use of the grid, unapplied inline edits guarded like a form's, and a locked reference field
// named by its record's label (Simply CRM's Organizations: "Last Modified By" points at Users).

test('grid: F2 edits from the keyboard, Enter gives focus back to the grid', async ({ appPage: page }) => {
  await connectAndOpen(page, 'simply', 'Accounts');
  const grid = page.locator('.grid');
  await grid.focus();
  await grid.press('ArrowDown');
  const row = gridRows(page).nth(1);
  await expect(row).toHaveClass(/active/);
  await grid.press('F2');
  const editor = row.locator('.inline-editor input').first();
  await expect(editor).toBeFocused();
  await editor.fill('Keyboard edit');
  await editor.press('Enter');
  await expect(row.locator('.grid-cell.changed')).toHaveCount(1);
  await expect(grid).toBeFocused();
  // Arrow keys work again without reaching for the mouse.
  await grid.press('ArrowDown');
  await expect(gridRows(page).nth(2)).toHaveClass(/active/);

  // Leaving the module would drop the unapplied edit: the app asks first, and Cancel keeps it.
  await page.locator('.sidebar li[data-vendor="simply"] [data-module="Contacts"]').click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('Discard unsaved changes?');
  // The safe answer has the focus and Tab stays inside the question.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Discard changes' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('pending-bar')).toContainText('1 row');
  // Opening a record keeps the grid (and its edit) underneath: no question asked.
  await row.getByRole('button', { name: /Open record/ }).click();
  await expect(page.getByTestId('record-view')).toBeVisible();
  await expect(dialog).toHaveCount(0);
  await page.getByRole('button', { name: 'Back to the list' }).click();
  await expect(page.getByTestId('pending-bar')).toContainText('1 row');
  // Discarding leaves for real.
  await page.locator('.sidebar li[data-vendor="simply"] [data-module="Contacts"]').click();
  await dialog.getByRole('button', { name: 'Discard changes' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contacts');
  await gridIdle(page);
  await expect(page.getByTestId('pending-bar')).toHaveCount(0);
});

test('form: a locked reference shows the label of the record it points at', async ({ appPage: page }) => {
  await connectAndOpen(page, 'simply', 'Accounts');
  await gridRows(page)
    .first()
    .getByRole('button', { name: /Open record/ })
    .click();
  await page.getByRole('button', { name: /Record info/ }).click();
  // Shown as text, not as an input.
  const locked = page.locator('[data-field="modifiedby"] .fact-value');
  // Simply ids are "<module>x<number>"; the label is a user's name.
  await expect(locked).not.toHaveText(/^(\d+x\d+|—)?$/);
  await expect(locked).toHaveAttribute('title', /^Read-only · \d+x\d+$/);
});

test('export dialog: names the module and sort field by their labels, Escape closes it', async ({ appPage: page }) => {
  await connectAndOpen(page, 'simply', 'Accounts');
  await page.locator('.grid-head [data-column="accountname"]').getByRole('button').first().click();
  await gridIdle(page);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog.getByRole('heading')).toHaveText('Export Organizations');
  await expect(dialog).toContainText('sorted by Organization Name');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('form: Revert brings the stored values back and drops the messages about the dropped edits', async ({
  appPage: page,
}) => {
  await connectAndOpen(page, 'simply', 'Accounts');
  await gridRows(page)
    .first()
    .getByRole('button', { name: /Open record/ })
    .click();
  const input = page.locator('[data-field="accountname"] input');
  const stored = await input.inputValue();
  await input.fill('');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('error-accountname')).toBeVisible();
  await page.getByRole('button', { name: 'Revert' }).click();
  await expect(input).toHaveValue(stored);
  await expect(page.getByTestId('error-accountname')).toHaveCount(0);
});
