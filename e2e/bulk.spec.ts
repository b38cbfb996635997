import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import ExcelJS from 'exceljs';
import { test } from './fixtures.ts';
import { connectAndOpen, gridRows, readSimRecord } from './ui-flows.ts';

/**
 * Issue Step 10 through the UI on the demo workspace (SpotlerCRM accounts): import a CSV, review the dry
 * run, apply, open the report, undo the job, browse the audit log.
 */
test('bulk update: dry run, apply, report, undo, audit log', async ({ appPage: page, sim }) => {
  test.setTimeout(120_000);
  const token = `BLK${Date.now().toString(36).slice(-5)}`;
  await connectAndOpen(page, 'spotler', 'accounts');
  const ids = (await gridRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-id') ?? ''))).slice(
    0,
    3,
  );
  const before = await Promise.all(ids.map((id) => readSimRecord(sim, 'spotler', 'accounts', id)));
  const csv = ['id,Name', ...ids.map((id, i) => `${id},${token} ${i}`), 'no-such-id,Nobody'].join('\n');

  await page.getByRole('button', { name: 'Bulk update…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Bulk update' });
  await dialog
    .getByTestId('bulk-file')
    .setInputFiles({ name: 'rows.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(dialog.getByTestId('bulk-text')).toHaveValue(csv);
  await dialog.getByRole('button', { name: 'Dry run' }).click();

  // The review: three rows would change (before → after), the unknown id is refused; nothing written yet.
  await expect(dialog.getByTestId('bulk-dry-summary')).toContainText('4 rows: 3 would change');
  await expect(dialog.getByTestId('bulk-mapping')).toBeVisible();
  const review = dialog.getByTestId('bulk-review');
  await expect(review.locator('tbody tr')).toHaveCount(4);
  await expect(review.locator('tbody tr').first()).toContainText(`→ ${token} 0`);
  await expect(review.locator('tbody tr').nth(3)).toContainText('refused');
  expect((await readSimRecord(sim, 'spotler', 'accounts', ids[0] ?? ''))?.name).toBe(before[0]?.name);

  await dialog.getByRole('button', { name: 'Apply 3 changes' }).click();
  await expect(dialog.getByTestId('bulk-result')).toContainText('3 applied', { timeout: 30_000 });
  for (const [i, id] of ids.entries()) {
    expect((await readSimRecord(sim, 'spotler', 'accounts', id))?.name).toBe(`${token} ${i}`);
  }
  // The report: one line per input row.
  const report = dialog.getByTestId('bulk-report');
  await expect(report.locator('tbody tr')).toHaveCount(4);
  await expect(report.locator('tbody tr').nth(3)).toContainText('refused');
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download report' }).click();
  const file = await (await download).path();
  expect(readFileSync(file, 'utf8').split('\r\n')[0]).toBe('row,id,status,fields,message');

  // Undo the job: every row back.
  await dialog.getByRole('button', { name: 'Undo this job' }).click();
  await expect(dialog.getByRole('button', { name: 'Undone' })).toBeVisible({ timeout: 30_000 });
  for (const [i, id] of ids.entries()) {
    expect((await readSimRecord(sim, 'spotler', 'accounts', id))?.name).toBe(before[i]?.name);
  }
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The audit log shows both sides.
  await page.getByRole('button', { name: 'Audit log' }).click();
  const panel = page.getByTestId('audit-panel');
  await expect(panel.locator('tr[data-action="bulk"]')).toHaveCount(3);
  await expect(panel.locator('tr[data-action="undo"]')).toHaveCount(3);
  await expect(panel.locator('tr[data-action="bulk"]').first()).toContainText(`${token}`);
  await panel.getByLabel('Record').fill(ids[0] ?? '');
  await expect(panel.locator('tbody tr')).toHaveCount(2);
});

/**
 * An XLSX file through the dialog (its bytes go to the main process), a column mapped by hand and the
 * mapping kept with the grid's saved view, which the dialog offers again when it next opens.
 */
test('bulk update from an XLSX file; the mapping is saved with the view', async ({ appPage: page, sim }) => {
  test.setTimeout(120_000);
  const token = `XLS${Date.now().toString(36).slice(-5)}`;
  await connectAndOpen(page, 'spotler', 'accounts');
  const ids = (await gridRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-id') ?? ''))).slice(
    0,
    2,
  );
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Rows');
  sheet.addRow(['id', 'Company']);
  for (const [i, id] of ids.entries()) sheet.addRow([id, `${token} ${i}`]);
  const xlsx = Buffer.from(await book.xlsx.writeBuffer());
  const xlsxFile = {
    name: 'rows.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: xlsx,
  };

  // The grid's view, which will keep the mapping.
  const bar = page.getByTestId('view-bar');
  const viewName = `Bulk map ${token}`;
  await bar.getByRole('button', { name: 'Save view…' }).click();
  await bar.getByLabel('View name').fill(viewName);
  await bar.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(bar.getByTestId('view-select')).toHaveValue(viewName);

  await page.getByRole('button', { name: 'Bulk update…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Bulk update' });
  await dialog.getByTestId('bulk-file').setInputFiles(xlsxFile);
  await expect(dialog.getByTestId('bulk-xlsx')).toContainText('rows.xlsx');
  await dialog.getByRole('button', { name: 'Dry run' }).click();
  // "Company" is no field's name or label: nothing to change until it is mapped.
  await expect(dialog.getByTestId('bulk-dry-summary')).toContainText('2 rows: 0 would change');
  await dialog.getByLabel('Field for column Company').selectOption('name');
  await expect(dialog.getByTestId('bulk-dry-summary')).toContainText('2 rows: 2 would change');
  await expect(dialog.getByTestId('bulk-save-view')).toHaveValue(viewName);
  await dialog.getByRole('button', { name: 'Save mapping' }).click();
  await expect(dialog.getByTestId('bulk-mapping-note')).toContainText(`Mapping saved with “${viewName}”`);

  await dialog.getByRole('button', { name: 'Apply 2 changes' }).click();
  await expect(dialog.getByTestId('bulk-result')).toContainText('2 applied', { timeout: 30_000 });
  for (const [i, id] of ids.entries()) {
    expect((await readSimRecord(sim, 'spotler', 'accounts', id))?.name).toBe(`${token} ${i}`);
  }
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Opened again on the same view: the mapping comes from it.
  await page.getByRole('button', { name: 'Bulk update…' }).click();
  await expect(dialog.getByTestId('bulk-map-view')).toHaveValue(viewName);
  await dialog.getByTestId('bulk-file').setInputFiles(xlsxFile);
  await dialog.getByRole('button', { name: 'Dry run' }).click();
  await expect(dialog.getByTestId('bulk-dry-summary')).toContainText('2 rows: 0 would change');
  await expect(dialog.getByLabel('Field for column Company')).toHaveValue('name');
  await dialog.getByRole('button', { name: 'Close' }).click();
});
