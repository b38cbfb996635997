import { expect, type Page } from '@playwright/test';
import { expectAccessible } from './a11y.ts';
import { hostCall as rpc, test, type AppProcess } from './fixtures.ts';

/**
 * Issue 13's search flows on the demo workspace: three vendors' connections synced (through the host,
 * as the app's own sync button does), one search typed once on the home screen finds a record in each
 * and Enter opens the best; the same from the command palette alone; a pinned record stays on the home
 * screen after a reload.
 */

const cases = [
  // The exact name, a name starting with the search, and one holding it as a later word.
  { vendor: 'spotler', module: 'accounts', data: (t: string) => ({ name: t, type: 'Customer' }) },
  {
    vendor: 'simply',
    module: 'Accounts',
    data: (t: string) => ({ accountname: `${t} Zoë Bakery`, industry: 'Banking' }),
  },
  { vendor: 'sarv', module: 'Accounts', data: (t: string) => ({ name: `کیان ${t}`, account_type: 'Customer' }) },
] as const;

interface Seeded {
  token: string;
  ids: Record<string, string>;
  connections: Record<string, string>;
}

/** Creates one record per vendor through the app's host and syncs the three modules into the mirror. */
async function seed(app: AppProcess): Promise<Seeded> {
  const token = `Pelikan${Date.now().toString(36).slice(-5)}`;
  const conns = await rpc<{ name: string; vendor: string }[]>(app, 'connections.list', {});
  const ids: Record<string, string> = {};
  const connections: Record<string, string> = {};
  for (const c of cases) {
    const connection = conns.find((x) => x.vendor === c.vendor)?.name ?? '';
    connections[c.vendor] = connection;
    ids[c.vendor] = (
      await rpc<{ id: string }>(app, 'records.create', { connection, module: c.module, data: c.data(token) })
    ).id;
    await rpc(app, 'sync.start', { connection, modules: [c.module] });
  }
  for (const c of cases) {
    await expect
      .poll(
        async () => (await rpc<{ state: string }>(app, 'sync.status', { connection: connections[c.vendor] })).state,
        {
          timeout: 60_000,
        },
      )
      .toBe('done');
  }
  return { token, ids, connections };
}

let seeded: Seeded | null = null;
const seededOnce = async (app: AppProcess) => (seeded ??= await seed(app));

async function goHome(page: Page) {
  await page.getByRole('button', { name: /Manage connections/ }).click();
  await expect(page.getByTestId('home-search')).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

test('one search on the home screen finds records in three vendors; Enter opens the best; pin survives a reload', async ({
  appPage: page,
  app,
}) => {
  test.setTimeout(120_000);
  const { token, ids } = await seededOnce(app);
  await goHome(page);
  await page.getByTestId('home-search').fill(token.toLowerCase());
  const options = page.getByTestId('search-results').getByRole('option');
  await expect(options.filter({ hasText: token })).toHaveCount(3);
  // Exact name first, then the name that starts with it, then the one holding it as a later word.
  await expect(options.nth(0)).toHaveAttribute('data-vendor', 'spotler');
  await expect(options.nth(1)).toHaveAttribute('data-vendor', 'simply');
  await expect(options.nth(2)).toHaveAttribute('data-vendor', 'sarv');
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  // Each hit names its module, connection and vendor.
  await expect(options.nth(2)).toContainText('SarvCRM');
  await expectAccessible(page, 'home search results', { bothThemes: true });
  // The accent and the Persian letters as an Arabic keyboard types them find the same records.
  await page.getByTestId('home-search').fill(`zoe ${token}`);
  await expect(options.first()).toHaveAttribute('data-id', ids.simply ?? '');
  await page.getByTestId('home-search').fill(`كيان ${token}`);
  await expect(options.first()).toHaveAttribute('data-id', ids.sarv ?? '');

  await page.getByTestId('home-search').fill(token);
  await expect(options.nth(0)).toHaveAttribute('data-vendor', 'spotler');
  await page.getByTestId('home-search').press('Enter');
  await expect(page.getByTestId('record-view')).toBeVisible();
  await expect(page.getByTestId('record-id')).toHaveText(`#${ids.spotler}`);
  await expect(page.getByTestId('record-view').getByRole('heading', { level: 2 })).toHaveText(token);

  // Pinned from the record view, it is on the home screen, also after a reload (kept in the data folder).
  const pin = page.getByTestId('pin-record');
  await pin.click();
  await expect(pin).toHaveAttribute('aria-pressed', 'true');
  await goHome(page);
  await page.reload();
  await expect(page.getByTestId('pinned').getByRole('button', { name: token, exact: true })).toBeVisible();
  await expect(page.getByTestId('recent').getByRole('button', { name: token, exact: true })).toBeVisible();
  // Opening it from there opens the record.
  await page.getByTestId('pinned').getByRole('button', { name: token, exact: true }).click();
  await expect(page.getByTestId('record-id')).toHaveText(`#${ids.spotler}`);
});

test('the same search from the command palette alone; actions show their shortcuts; ? lists them', async ({
  appPage: page,
  app,
}) => {
  test.setTimeout(90_000);
  const { token, ids } = await seededOnce(app);
  await expect(page.locator('.app')).toBeVisible();
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('palette');
  await expect(palette).toBeVisible();
  // Actions with their shortcuts beside them.
  await expect(palette.getByRole('option', { name: /Switch theme/ }).locator('kbd')).toHaveText('Alt+T');
  await expectAccessible(page, 'command palette');
  await page.keyboard.type(`${token} zoe`);
  const record = palette.getByRole('option').filter({ hasText: `${token} Zoë Bakery` });
  await expect(record).toBeVisible();
  await expect(palette.getByRole('option').first()).toHaveAttribute('data-kind', 'record');
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByTestId('record-id')).toHaveText(`#${ids.simply}`);

  // A module from the palette, then an action on it: the shortcuts sheet lists every shortcut.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('Keyboard shortcuts');
  await page.keyboard.press('Enter');
  const sheet = page.getByTestId('shortcuts-sheet');
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole('row', { name: /Command palette/ })).toContainText('Ctrl+K');
  await expect(sheet.getByRole('row', { name: /New record/ })).toContainText('Alt+N');
  await expectAccessible(page, 'shortcuts sheet');
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  // `?` opens it too, but not while typing in a field.
  await page.locator('body').press('?');
  await expect(sheet).toBeVisible();
  await page.keyboard.press('Escape');
  await goHome(page);
  await page.getByTestId('home-search').press('?');
  await expect(sheet).toBeHidden();
  await expect(page.getByTestId('home-search')).toHaveValue('?');
});

test('live sources: the modules never synced are searched at each vendor, each with its state', async ({
  appPage: page,
  app,
}) => {
  test.setTimeout(120_000);
  const { token } = await seededOnce(app);
  await goHome(page);
  await page.getByTestId('home-search').fill(token);
  await page.getByTestId('search-live').click();
  const sources = page.getByTestId('live-sources').locator('li');
  await expect(sources).toHaveCount(5);
  // Every source ends searched, skipped or failed, and says which.
  await expect(sources.filter({ hasText: 'Searching' })).toHaveCount(0, { timeout: 90_000 });
  for (const li of await sources.all()) {
    await expect(li).toHaveAttribute('data-state', /^(done|skipped|failed)$/);
  }
  await expect(sources.filter({ hasText: 'done' }).first()).toBeVisible();
});
