import { readFile } from 'node:fs/promises';
import { expect, hostCall, test } from './fixtures.ts';
import { connectAndOpen, gridIdle } from './ui-flows.ts';

// Saved views: the grid's columns and sort saved under a name, kept in the data folder (they survive a
// reload), listed under the module, set as default, and shared through a file that imports back.
test('a saved view survives a reload and round-trips through its file', async ({ appPage: page }, testInfo) => {
  await connectAndOpen(page, 'spotler', 'accounts');
  const bar = page.getByTestId('view-bar');
  // Sort by the first column (descending) so the view holds a sort.
  const firstHeader = page.locator('[role=columnheader]').first();
  await firstHeader.locator('.sort-button').click();
  await gridIdle(page);
  await firstHeader.locator('.sort-button').click();
  await gridIdle(page);
  await expect(firstHeader).toHaveAttribute('aria-sort', 'descending');
  const name = `Team view ${Date.now().toString(36)}`;
  await bar.getByRole('button', { name: 'Save view…' }).click();
  await bar.getByLabel('View name').fill(name);
  await bar.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(bar.getByTestId('view-select')).toHaveValue(name);
  await bar.getByRole('button', { name: 'Set as default' }).click();
  const sidebarView = page.locator(`.sidebar [data-view="${name}"]`);
  await expect(sidebarView).toBeVisible();
  await expect(sidebarView).toContainText('default');
  const columnsBefore = await page.locator('[role=columnheader]').allTextContents();

  // Export the view to a file.
  const download = page.waitForEvent('download');
  await bar.getByRole('button', { name: 'Export view' }).click();
  const file = testInfo.outputPath('view.json');
  await (await download).saveAs(file);
  const shared = JSON.parse(await readFile(file, 'utf8')) as {
    kind: string;
    view: { name: string; columns: string[] };
  };
  expect(shared).toMatchObject({ kind: 'crm-desk.view', view: { name } });
  expect(shared.view.columns.length).toBeGreaterThan(0);

  // Restart the page: the view is still there (the data folder), and the default view applies.
  await page.reload();
  await expect(page.locator(`.sidebar [data-view="${name}"]`)).toBeVisible();
  await expect(page.getByTestId('view-select')).toHaveValue(name);
  await expect.poll(() => page.locator('[role=columnheader]').allTextContents()).toEqual(columnsBefore);
  // The sort is not part of the grid's own layout: only the view brings it back.
  await expect(page.locator('[role=columnheader]').first()).toHaveAttribute('aria-sort', 'descending');

  // Delete it, then import the file again (with one field this module does not have).
  await page.getByTestId('view-bar').getByRole('button', { name: 'Delete view' }).click();
  await expect(page.locator(`.sidebar [data-view="${name}"]`)).toHaveCount(0);
  const edited = { ...shared, view: { ...shared.view, columns: [...shared.view.columns, 'no_such_field'] } };
  await page.getByTestId('view-import').setInputFiles({
    name: 'view.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(edited)),
  });
  await expect(page.getByTestId('view-note')).toContainText('no_such_field');
  await expect(page.locator(`.sidebar [data-view="${name}"]`)).toBeVisible();
  await expect(page.getByTestId('view-select')).toHaveValue(name);
  await expect.poll(() => page.locator('[role=columnheader]').allTextContents()).toEqual(columnsBefore);
});

// Issue 13: a saved view is reachable from the command palette alone; it opens its module with the view
// applied (its columns and sort), from the home screen, with no click in the sidebar.
test('a saved view opens from the command palette alone', async ({ appPage: page, app }) => {
  const rpc = <T>(channel: string, input: unknown) => hostCall<T>(app, channel, input);
  const conns = await rpc<{ name: string; vendor: string }[]>('connections.list', {});
  const connection = conns.find((c) => c.vendor === 'spotler')?.name ?? '';
  const schema = await rpc<{ fields: { name: string; label: string; sortable?: boolean }[] }>('modules.describe', {
    connection,
    module: 'accounts',
  });
  const picked = schema.fields.filter((f) => f.sortable !== false).slice(0, 2);
  expect(picked).toHaveLength(2);
  const name = `Palette view ${Date.now().toString(36)}`;
  await rpc('views.save', {
    connection,
    module: 'accounts',
    view: { name, columns: picked.map((f) => f.name), sort: { field: picked[1]?.name, desc: true } },
  });

  await page.reload();
  await expect(page.locator('.app')).toBeVisible();
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('palette');
  await expect(palette).toBeVisible();
  await page.keyboard.type(name);
  const option = palette.getByRole('option').filter({ hasText: name });
  await expect(option).toHaveAttribute('data-kind', 'view');
  await expect(palette.getByRole('option').first()).toHaveAttribute('data-kind', 'view');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();

  await expect(page.getByTestId('view-select')).toHaveValue(name);
  await expect(page.locator(`.sidebar [data-view="${name}"]`)).toHaveAttribute('aria-current', 'page');
  const headers = page.locator('[role=columnheader]');
  await expect
    .poll(async () => (await headers.allTextContents()).filter((h) => picked.some((f) => h.includes(f.label))).length)
    .toBe(2);
  expect(await headers.count()).toBeLessThanOrEqual(3);
  await expect(headers.filter({ hasText: picked[1]?.label ?? '' }).first()).toHaveAttribute('aria-sort', 'descending');
});
