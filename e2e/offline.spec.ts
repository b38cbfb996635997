import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { simControl, simRecord, test, type SimLine } from './fixtures.ts';
import { expectAccessible } from './a11y.ts';
import { connectAndOpen, gridIdle, gridRows } from './ui-flows.ts';

/**
 * Issue Step 5's offline flow for one vendor, through the UI on the demo workspace: sync, cut the
 * simulator off, browse and export the offline copy, edit offline, bring the vendor back, sync, see the
 * conflict, keep mine, sync again and watch the outbox drain. `name` is the module's naming field in the
 * app; `vendorName` the same field in the simulator's own store (sim/<vendor>/).
 */
interface OfflineCase {
  vendor: string;
  module: string;
  name: string;
  vendorName: string;
}

const cases: OfflineCase[] = [
  { vendor: 'spotler', module: 'accounts', name: 'name', vendorName: 'name' },
  { vendor: 'simply', module: 'Accounts', name: 'accountname', vendorName: 'accountname' },
];

const shot = (page: Page, name: string) => page.screenshot({ path: `e2e/artifacts/${name}.png` });

for (const c of cases) {
  test(`${c.vendor}: sync, offline browse + export, offline edits, conflict, keep mine, outbox drains`, async ({
    appPage: page,
    sim,
    app,
  }) => {
    test.setTimeout(120_000);
    await runOfflineFlow(page, sim, app.dataDir, c);
  });
}

async function runOfflineFlow(
  page: Page,
  sim: SimLine,
  dataDir: string,
  { vendor, module, name, vendorName }: OfflineCase,
) {
  const token = `OFF${Date.now().toString(36).slice(-5)}`;
  await connectAndOpen(page, vendor, module);
  const bar = page.getByTestId('offline-bar');
  await expect(bar).toContainText('last sync');
  // Another spec in this worker (search) may have synced this connection already: the flow holds
  // either way, and a connection never synced must show a sync time afterwards.
  const neverSynced = ((await bar.textContent()) ?? '').includes('last sync never');

  // Sync from the UI: progress shows while it runs, and the last sync time once it is over.
  await syncFromUi(page);
  if (neverSynced) await expect(bar).not.toContainText('last sync never');

  // Cut the simulator off: the grid falls back to the offline copy and says so, with the last sync time.
  await simControl(sim, vendor, 'POST', 'offline');
  await page.reload();
  // Rows show from the offline copy at once: either while the live page is still being fetched (the
  // placeholder page) or straight from the mirror when the app already knows the vendor is unreachable.
  await expect(page.locator('.grid .grid-body .grid-row').first()).toBeVisible({ timeout: 15_000 });
  // The live calls fail first (after the HTTP layer's retries), then the mirror answers.
  await expect(gridRows(page).first()).toBeVisible({ timeout: 45_000 });
  await gridIdle(page);
  await expect(page.getByTestId('offline-copy')).toBeVisible();
  await expect(page.getByTestId('offline-copy')).toHaveText(/offline copy · synced \S.*\d/);
  await expect(page.getByTestId('offline-copy')).not.toContainText('never');
  await shot(page, `${vendor}-offline-grid`);

  // Sort the offline copy both ways on the naming field: the first row changes, the header says so.
  const header = page.locator(`.grid-cell.head[data-column="${name}"]`);
  const cell = (i: number) => gridRows(page).nth(i).locator(`[data-column="${name}"]`);
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await gridIdle(page);
  const ascFirst = await cell(0).innerText();
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await gridIdle(page);
  expect(await cell(0).innerText()).not.toBe(ascFirst);
  await header.getByRole('button').click();
  await expect(header).toHaveAttribute('aria-sort', 'none');
  await gridIdle(page);

  // Filter the offline copy on an exact value: every row shown has it, still from the offline copy.
  const wanted = (await cell(2).innerText()).trim();
  const filterCell = page.locator(`[data-filter="${name}"]`);
  await filterCell.locator('select').selectOption('=');
  await filterCell.locator('input').fill(wanted);
  await filterCell.locator('input').press('Enter');
  await gridIdle(page);
  await expect(cell(0)).toHaveText(wanted);
  const shown = await gridRows(page).locator(`[data-column="${name}"]`).allInnerTexts();
  for (const text of shown) expect(text.trim()).toBe(wanted);
  await expect(page.getByTestId('offline-copy')).toBeVisible();

  // Export what the grid shows from the offline copy (CSV, into the data folder's exports/).
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  // The grid shows the offline copy, so the dialog exports from it unless told otherwise.
  await expect(dialog.getByLabel('From the offline copy')).toBeChecked();
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  // "1 row", "2 rows": the count is plural-aware.
  await expect(dialog.getByTestId('export-status')).toContainText(`done: ${shown.length} row`);
  const file = (await dialog.getByTestId('export-status').locator('.mono').innerText()).trim();
  expect(file.startsWith(join(dataDir, 'exports'))).toBe(true);
  const [head, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  const nameAt = head?.indexOf(name) ?? -1;
  expect(nameAt, `${name} column in ${head?.join(',')}`).toBeGreaterThanOrEqual(0);
  expect(rows).toHaveLength(shown.length);
  for (const row of rows) expect(row[nameAt]).toBe(wanted);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await filterCell.locator('input').fill('');
  await filterCell.locator('input').press('Enter');
  await gridIdle(page);

  // Edit a record while the vendor cannot be reached: the edit waits in the outbox. Then switch to
  // working offline on purpose (the badge says so) and edit a second one.
  const conflicting = await inlineEdit(page, 0, name, `Mine ${token} 0`);
  // The switch is controlled by the app's state: it flips once the app has stored the choice.
  await bar.getByLabel('Work offline').click();
  await expect(bar.getByLabel('Work offline')).toBeChecked();
  await expect(bar.getByTestId('offline-badge')).toHaveText('Offline');
  await gridIdle(page);
  const clean = await inlineEdit(page, 1, name, `Mine ${token} 1`);
  // Both wait in the outbox; nothing reached the vendor.
  await bar.getByRole('button', { name: 'Outbox' }).click();
  const outbox = page.getByTestId('outbox');
  await expect(outbox.locator('.outbox-item.pending')).toHaveCount(2);
  expect((await simRecord(sim, vendor, module, clean.id))?.[vendorName]).not.toBe(clean.mine);

  // Someone else changes the first record's same field on the server meanwhile.
  const theirs = `Theirs ${token}`;
  await simControl(sim, vendor, 'PATCH', `records/${module}/${conflicting.id}`, { [vendorName]: theirs });

  // Back online: the clean edit is pushed, the other one is a conflict and the server keeps theirs.
  await simControl(sim, vendor, 'POST', 'online');
  await bar.getByLabel('Work offline').click();
  await expect(bar.getByLabel('Work offline')).not.toBeChecked();
  await expect(bar.getByTestId('offline-badge')).toHaveText('Online');
  await syncFromUi(page, { watchProgress: false });
  const serverValue = async (id: string) => (await simRecord(sim, vendor, module, id))?.[vendorName];
  await expect.poll(() => serverValue(clean.id)).toBe(clean.mine);
  expect((await simRecord(sim, vendor, module, conflicting.id))?.[vendorName]).toBe(theirs);
  const conflict = outbox.locator('.outbox-item.conflict');
  await expect(conflict).toHaveCount(1);
  await expect(outbox.locator('.outbox-item')).toHaveCount(1);
  await expect(conflict.locator('h3')).toContainText(`#${conflicting.id}`);
  const fieldRow = conflict.locator(`tbody tr[data-field="${name}"]`);
  // The field is named by its describe label; the id is only its tooltip.
  await expect(fieldRow.getByRole('rowheader')).toHaveAttribute('title', name);
  await expect(fieldRow.getByRole('rowheader')).not.toHaveText(name);
  await expect(fieldRow).toContainText(conflicting.mine);
  await expect(fieldRow).toContainText(theirs);
  await shot(page, `${vendor}-outbox-conflict`);
  await expectAccessible(page, `${vendor} outbox conflict`, { bothThemes: true });

  // Keep mine and sync again: the server gets mine and the outbox is empty.
  await fieldRow.getByRole('button', { name: 'Keep mine' }).click();
  await expect(outbox.locator('.outbox-item.pending')).toHaveCount(1);
  await syncFromUi(page, { watchProgress: false });
  await expect.poll(() => serverValue(conflicting.id)).toBe(conflicting.mine);
  await expect(outbox.locator('.outbox-item')).toHaveCount(0);
  await expect(outbox).toContainText('Nothing waiting.');
  await expect(page.getByTestId('offline-copy')).toHaveCount(0);
}

/** RFC 4180 CSV (quoted cells may hold commas, quotes and line breaks) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  const endRow = () => {
    row.push(cell);
    rows.push(row);
    row = [];
    cell = '';
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted && ch === '"' && body[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (quoted) {
      cell += ch;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      endRow();
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}

/** Inline-edits the naming field of the grid's row `index` and applies it; returns the row's id. */
async function inlineEdit(page: Page, index: number, name: string, mine: string) {
  const row = gridRows(page).nth(index);
  const id = (await row.getAttribute('data-row-id')) ?? '';
  await row.locator(`[data-column="${name}"]`).dblclick();
  await row.locator('.inline-editor input').fill(mine);
  await row.locator('.inline-editor input').press('Enter');
  await page.getByTestId('pending-bar').getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('pending-bar')).toHaveCount(0);
  await expect(page.getByTestId('row-error')).toHaveCount(0);
  await gridIdle(page);
  // Shown from the outbox over the offline copy.
  await expect(page.locator(`.grid-row[data-row-id="${id}"] [data-column="${name}"]`)).toHaveText(mine);
  return { id, mine };
}

/**
 * Starts a sync from the offline bar. The first one (every module) runs long enough to watch its
 * progress come and go; a sync that only pushes an edit may be over before a poll sees it running, so
 * the caller then waits for what the sync does instead.
 */
async function syncFromUi(page: Page, { watchProgress = true } = {}) {
  const bar = page.getByTestId('offline-bar');
  await bar.getByRole('button', { name: 'Sync', exact: true }).click();
  if (watchProgress) await expect(bar.getByRole('progressbar', { name: 'Sync progress' })).toBeVisible();
  await expect(bar.getByRole('button', { name: 'Sync', exact: true })).toBeEnabled({ timeout: 60_000 });
  await expect(bar.getByRole('progressbar')).toHaveCount(0);
  await expect(bar).not.toContainText('Sync failed');
}
