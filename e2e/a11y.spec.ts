import { expect, test } from './fixtures.ts';
import { expectAccessible, findings } from './a11y.ts';
import { connectAndOpen, gridRows } from './ui-flows.ts';

// axe-core on every screen of the app, light and dark: the connection manager, each vendor's grid,
// the record form, the export dialog and the outbox. Zero serious or critical violations.
const grids = [
  { vendor: 'simply', module: 'Accounts' },
  { vendor: 'simplicate', module: 'crm/organization' },
  { vendor: 'smartsimple', module: 'company' },
  { vendor: 'sarv', module: 'Accounts' },
  { vendor: 'spotler', module: 'accounts' },
];

test.afterAll(() => {
  process.stdout.write(`a11y: ${findings.length} serious or critical violations\n`);
});

test('connection manager', async ({ appPage: page }) => {
  await expect(page.getByRole('button', { name: /Demo · Simply CRM/ }).first()).toBeVisible();
  await expectAccessible(page, 'connection manager', { bothThemes: true });
});

for (const { vendor, module } of grids) {
  test(`${vendor}: grid and record form`, async ({ appPage: page }) => {
    test.setTimeout(180_000);
    await connectAndOpen(page, vendor, module);
    await expectAccessible(page, `${vendor} grid`, { bothThemes: true });

    await gridRows(page)
      .first()
      .getByRole('button', { name: /Open record/ })
      .click();
    await expect(page.getByTestId('record-form')).toBeVisible();
    await expectAccessible(page, `${vendor} record form`, { bothThemes: true });
  });
}

test('export dialog and outbox', async ({ appPage: page }) => {
  test.setTimeout(180_000);
  await connectAndOpen(page, 'simply', 'Accounts');
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, 'export dialog', { bothThemes: true });
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.getByTestId('offline-bar').getByRole('button', { name: 'Outbox' }).click();
  await expect(page.getByTestId('outbox')).toBeVisible();
  await expectAccessible(page, 'outbox', { bothThemes: true });
});
