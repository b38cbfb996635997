import { expect, test } from './fixtures.ts';
import { connectAndOpen, gridRows, readSimRecord, saveForm } from './ui-flows.ts';

// Related records on a record view: an account's contacts (from SpotlerCRM's accountid reference), a
// new contact created from the list carries the link at the vendor, the list shows it and opens it.
test('an account lists its contacts; a new related contact is linked at the vendor and opens from there', async ({
  appPage: page,
  sim,
}) => {
  await connectAndOpen(page, 'spotler', 'accounts');
  await gridRows(page)
    .first()
    .getByRole('button', { name: /Open record/ })
    .click();
  const accountId = (await page.getByTestId('record-id').textContent())?.replace('#', '') ?? '';
  expect(accountId).not.toBe('');
  const contacts = page.getByTestId('related-contacts-accountid');
  await expect(contacts).toBeVisible();
  await expect(page.getByTestId('related-opportunities-accountid')).toBeVisible();

  await contacts.getByRole('button', { name: /^New / }).click();
  const form = page.getByTestId('record-form');
  await expect(form).toBeVisible();
  // The reference field starts at the account, shown by its label, not its id.
  await expect(form.getByTestId('picker-accountid')).toHaveAttribute('data-value', accountId);
  const surname = `Related ${Date.now().toString(36)}`;
  await form.locator('#f-surname').fill(surname);
  await saveForm(page);
  const contactId = (await page.getByTestId('record-id').textContent())?.replace('#', '') ?? '';
  expect(contactId).not.toBe('');
  const raw = await readSimRecord(sim, 'spotler', 'contacts', contactId);
  expect(String(raw?.['accountid'])).toBe(accountId);

  // The way back: the contact's account opens, and its Related list holds the new contact.
  const parent = page
    .getByTestId('related-parents')
    .getByRole('listitem')
    .filter({ hasText: /Account/ });
  await parent.getByRole('button').click();
  await expect(page.getByTestId('record-id')).toHaveText(`#${accountId}`);
  const row = page.getByTestId('related-contacts-accountid').getByRole('button', { name: new RegExp(surname) });
  await expect(row).toBeVisible();
  await row.click();
  await expect(page.getByTestId('record-id')).toHaveText(`#${contactId}`);
});
