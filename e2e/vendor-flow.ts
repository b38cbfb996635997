import { expect, type Page } from '@playwright/test';
import {
  connectAndOpen,
  editOneFieldPerType,
  expectFormShows,
  firstRowId,
  gridIdle,
  gridRows,
  rawHas,
  readSimRecord,
  rawValues,
  saveForm,
  type SimControl,
} from './ui-flows.ts';
import { nativeMatches, nativeText, rawSpellings } from './vendor-raw.ts';

export interface VendorCase {
  vendor: string;
  module: string;
  /** Names the case's screenshots when a vendor has more than one case (default: the vendor). */
  tag?: string;
}

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/artifacts/${name}.png` });

/**
 * The whole browse-and-edit flow of issue Step 4 for one vendor, checked against the simulator's own
 * store: connect, open a module, page, sort, filter, open a record, edit one field of each type the
 * module describes as editable (references through the search picker), see a vendor validation error on its field, inline-edit two rows and apply, clone (create) and delete.
 */
export async function runVendorFlow(page: Page, sim: SimControl, { vendor, module, tag = vendor }: VendorCase) {
  const token = `${vendor.slice(0, 3).toUpperCase()}${Date.now().toString(36).slice(-5)}`;
  await connectAndOpen(page, vendor, module);
  await shot(page, `${tag}-grid`);

  // Page: the next page shows other records, and the pager says where we are.
  const page1First = await firstRowId(page);
  const page1Ids = (
    await gridRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-id') ?? ''))
  ).filter((x) => x !== '');
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByTestId('page-info')).toContainText('Page 2');
  await gridIdle(page);
  expect(await firstRowId(page)).not.toBe(page1First);
  await page.getByRole('button', { name: 'First page' }).click();
  await expect(page.getByTestId('page-info')).toContainText('Page 1');
  await gridIdle(page);

  // The naming field: the first required, editable text column (used to sort, filter and inline-edit).
  await gridRows(page)
    .first()
    .getByRole('button', { name: /Open record/ })
    .click();
  const form = page.getByTestId('record-form');
  await expect(form).toBeVisible();
  // The module's own naming field when it is editable text, else a required one, else any.
  const editableStrings = form.locator('.form-field[data-type="string"]:not([data-readonly])');
  const labelStrings = editableStrings.filter({ has: page.locator('label.label-field') });
  const requiredStrings = editableStrings.filter({ has: page.locator('label.required') });
  const useLabel = (await labelStrings.count()) > 0;
  const chosen = useLabel ? labelStrings : (await requiredStrings.count()) > 0 ? requiredStrings : editableStrings;
  const nameField = (await chosen.first().getAttribute('data-field')) ?? '';
  expect(nameField, 'an editable text field').not.toBe('');
  await page.getByRole('button', { name: 'Back to the list' }).click();

  // Sort by it both ways: the server returns a different first row, the header says which way.
  const header = page.locator(`.grid-cell.head[data-column="${nameField}"]`);
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await gridIdle(page);
  const ascFirst = await gridRows(page).first().locator(`[data-column="${nameField}"]`).innerText();
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await gridIdle(page);
  const descFirst = await gridRows(page).first().locator(`[data-column="${nameField}"]`).innerText();
  expect(descFirst).not.toBe(ascFirst);
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'none');
  await gridIdle(page);

  // Filter on an exact value: every row shown has it.
  const wanted = (await gridRows(page).nth(2).locator(`[data-column="${nameField}"]`).innerText()).trim();
  const filterCell = page.locator(`[data-filter="${nameField}"]`);
  await filterCell.locator('select').selectOption('=');
  await filterCell.locator('input').fill(wanted);
  await filterCell.locator('input').press('Enter');
  await gridIdle(page);
  await expect(gridRows(page).first().locator(`[data-column="${nameField}"]`)).toHaveText(wanted);
  for (const text of await gridRows(page).locator(`[data-column="${nameField}"]`).allInnerTexts()) {
    expect(text.trim()).toBe(wanted);
  }

  // Open that record and edit one field of every type the vendor describes as editable.
  await gridRows(page)
    .first()
    .getByRole('button', { name: /Open record/ })
    .click();
  await expect(form).toBeVisible();
  const id = ((await page.getByTestId('record-id').innerText()) ?? '').replace(/^#/, '');
  // An owner or reference the vendor offers no lookup for is typed as an id: another record's value.
  const otherValue = async (name: string, current: string) => {
    for (const other of page1Ids.filter((x) => x !== id)) {
      const v = nativeText(vendor, await readSimRecord(sim, vendor, module, other), name);
      if (v !== '' && v !== current) return v;
    }
    return null;
  };
  expect(rawSpellings[vendor], `raw spellings of ${vendor}`).toBeDefined();
  const { edited: edits, missed } = await editOneFieldPerType(page, token, new Set([nameField]), {
    recordId: id,
    otherValue,
  });
  expect(edits.length, 'fields edited').toBeGreaterThan(0);
  expect(missed, 'types described but not edited').toEqual([]);
  await shot(page, `${tag}-form`);
  await saveForm(page);
  const afterEdit = await readSimRecord(sim, vendor, module, id);
  for (const e of edits) {
    if (e.expect) expect(rawHas(afterEdit, e.expect, e.type), `${e.name} (${e.type}) in the simulator`).toBe(true);
    if (e.native) {
      const stored = nativeText(vendor, afterEdit, e.name);
      expect(
        nativeMatches(vendor, afterEdit, e.name, e.native),
        `${e.name} (${e.type}) in the simulator: ${stored}`,
      ).toBe(true);
    }
  }
  // Reloaded from the vendor (not the cache): every edit, booleans and picklists included, came back.
  await page.reload();
  await expect(form).toBeVisible();
  await expectFormShows(page, edits);

  // Clone it into a new record (create). The first attempt goes out without the naming field (past
  // the form's own check): the vendor refuses it and its error shows on that field. Every vendor's
  // naming field is mandatory on create (SmartSimple's company: the connector states it, no Get Meta).
  await page.getByRole('button', { name: 'Clone' }).click();
  await form.locator(`[name="${nameField}"]`).fill(`E2E ${token} clone`);
  await page.route('**/rpc/records.create', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as { data: Record<string, unknown> };
    delete body.data[nameField];
    await route.continue({ postData: JSON.stringify(body) });
  });
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(form.getByTestId(`error-${nameField}`)).toBeVisible();
  await expect(page.getByTestId('record-id')).toHaveCount(0);
  await page.unroute('**/rpc/records.create');
  // Then the real create, checked in the simulator; then delete it where the vendor allows.
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('record-id')).toBeVisible();
  const newId = (await page.getByTestId('record-id').innerText()).replace(/^#/, '');
  expect(newId).not.toBe(id);
  expect(rawValues(await readSimRecord(sim, vendor, module, newId))).toContain(`E2E ${token} clone`);
  const del = page.getByRole('button', { name: 'Delete', exact: true });
  if (await del.isVisible()) {
    await del.click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByTestId('grid')).toBeVisible();
    await expect.poll(() => readSimRecord(sim, vendor, module, newId)).toBeNull();
  } else {
    await page.getByRole('button', { name: 'Back to the list' }).click();
  }

  // Inline-edit two rows, see them pending, apply: both reach the vendor.
  await filterCell.locator('input').fill('');
  await filterCell.locator('input').press('Enter');
  await gridIdle(page);
  const targets: { id: string; value: string }[] = [];
  for (const i of [3, 4]) {
    const row = gridRows(page).nth(i);
    const rowId = (await row.getAttribute('data-row-id')) ?? '';
    const value = `E2E ${token} row${i}`;
    await row.locator(`[data-column="${nameField}"]`).dblclick();
    const editor = row.locator('.inline-editor input');
    await editor.fill(value);
    await editor.press('Enter');
    await expect(row.locator(`[data-column="${nameField}"]`)).toHaveClass(/changed/);
    targets.push({ id: rowId, value });
  }
  await expect(page.getByTestId('pending-bar')).toContainText('2 rows changed');
  await page.getByTestId('pending-bar').getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('pending-bar')).toHaveCount(0);
  for (const t of targets) {
    expect(rawValues(await readSimRecord(sim, vendor, module, t.id)), `row ${t.id}`).toContain(t.value);
  }
}
