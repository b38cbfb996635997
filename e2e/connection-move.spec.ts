import { expect, test } from './fixtures.ts';

// Editing a connection's URL to another host: the stored secrets go there only after a confirmation
// that names the new host. The demo connections keep theirs in memory, so no keychain is needed.
test('moving a connection to another host asks first, naming the host', async ({ appPage: page, sim }) => {
  const name = 'Demo · Simply CRM';
  const original = String((sim.simply as { baseUrl: string }).baseUrl);
  const elsewhere = 'http://127.0.0.1:9';
  await page.getByRole('button', { name: 'Manage connections' }).click();
  const row = page.locator(`[data-testid=connections-table] tr[data-connection="${name}"]`);
  const form = page.getByTestId('connection-form');
  const dialog = page.getByRole('alertdialog');

  await row.getByRole('button', { name: 'Edit' }).click();
  await form.locator('[name="url"]').fill(`${elsewhere}/crm`);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toContainText(elsewhere);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toContainText(original);

  // Confirmed: saved with the new URL; then moved back the same way (the worker's app is shared).
  for (const url of [`${elsewhere}/crm`, original]) {
    await row.getByRole('button', { name: 'Edit' }).click();
    await form.locator('[name="url"]').fill(url);
    await form.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('button', { name: `Send to ${new URL(url).origin}` }).click();
    await expect(row).toContainText(url);
  }
});
