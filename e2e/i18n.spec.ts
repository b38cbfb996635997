import { existsSync, readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import { en } from '../src/shared/i18n/en.ts';
import { fa } from '../src/shared/i18n/fa.ts';
import type { Catalog } from '../src/shared/i18n/en.ts';
import { expectAccessible } from './a11y.ts';
import { simControl, simRecord, test } from './fixtures.ts';
import { gridIdle, gridRows } from './ui-flows.ts';

/**
 * The main flows in English and in Persian, found by the catalogs' own texts: the connection manager, a
 * grid with a filter, an export, a record edit the vendor refuses, and a conflict in the outbox. Persian mode is chosen in the app (the
 * language picker in the top bar) and must lay the chrome out right to left; its screens are saved as
 * e2e/artifacts/i18n-fa-*.png.
 */
type Lang = 'en' | 'fa';
const catalogs: Record<Lang, Catalog> = { en, fa };
const persianDigit = /[۰-۹]/;

/** Saves the screen as e2e/artifacts/i18n-<lang>-<name>.png and runs axe on it (both directions stay clean). */
async function shot(page: Page, lang: Lang, name: string) {
  await page.screenshot({ path: `e2e/artifacts/i18n-${lang}-${name}.png` });
  await expectAccessible(page, `i18n ${lang} ${name}`);
}

/** Chooses the language in the top bar; the switch needs no reload. */
async function useLanguage(page: Page, lang: Lang) {
  await page.getByTestId('language').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(page.locator('html')).toHaveAttribute('dir', lang === 'fa' ? 'rtl' : 'ltr');
}

/** Whether `a` lies to the right of `b` on screen. */
async function rightOf(a: Locator, b: Locator): Promise<boolean> {
  const [boxA, boxB] = [await a.boundingBox(), await b.boundingBox()];
  if (!boxA || !boxB) throw new Error('element not laid out');
  return boxA.x > boxB.x;
}

/** Where a block starts in the reading direction: its left edge in English, its right edge in Persian. */
async function startEdge(l: Locator, lang: Lang): Promise<number> {
  const box = await l.boundingBox();
  if (!box) throw new Error('element not laid out');
  return lang === 'fa' ? box.x + box.width : box.x;
}

/** The catalog's text with `{{name}}` placeholders as a pattern that matches any value. */
function pattern(text: string): RegExp {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(escaped.replace(/\\\{\\\{\w+\\\}\\\}/g, '.+'));
}

for (const lang of ['en', 'fa'] as const) {
  const m = catalogs[lang];

  test(`${lang}: connection manager, laid out ${lang === 'fa' ? 'right to left' : 'left to right'}`, async ({
    appPage: page,
  }) => {
    await useLanguage(page, lang);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.connections.title);
    await expect(page.getByRole('button', { name: m.connections.add })).toBeVisible();
    // The sidebar sits at the reading start: the left in English, the right in Persian.
    expect(await rightOf(page.locator('.sidebar'), page.locator('.content'))).toBe(lang === 'fa');
    // The home search is padded like the Connections block under it: both start at the same edge.
    expect(
      Math.abs((await startEdge(page.locator('.home-title'), lang)) - (await startEdge(page.locator('h1'), lang))),
    ).toBeLessThan(1);
    const row = page.locator('[data-testid=connections-table] tr[data-vendor="sarv"]').first();
    await row.getByRole('button', { name: m.connections.test, exact: true }).click();
    await expect(row.getByTestId('test-result')).toContainText(m.connections.connected);
    await shot(page, lang, 'connections');

    // The remove question is a translated dialog; cancelling it keeps the connection.
    await row.getByRole('button', { name: m.common.remove }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog.getByRole('heading')).toHaveText(pattern(m.connections.removeTitle));
    await shot(page, lang, 'remove-dialog');
    await dialog.getByRole('button', { name: m.common.cancel }).click();
    await expect(dialog).toHaveCount(0);
  });

  test(`${lang}: a grid with a filter, dates and numbers in the language`, async ({ appPage: page }) => {
    await useLanguage(page, lang);
    const row = page.locator('[data-testid=connections-table] tr[data-vendor="spotler"]').first();
    await row.getByRole('button', { name: m.connections.test, exact: true }).click();
    await page.locator('.sidebar li[data-vendor="spotler"] > button').click();
    await page.locator('.sidebar li[data-vendor="spotler"] [data-module="accounts"]').click();
    await expect(gridRows(page).first()).toBeVisible();
    await gridIdle(page);

    // Columns run in reading order: the first column is the leftmost in English, the rightmost in Persian.
    const heads = page.locator('.grid-row.head .grid-cell.head');
    expect(await rightOf(heads.nth(0), heads.nth(1))).toBe(lang === 'fa');
    // The pager counts in the language's digits and its arrows point the reading way.
    const info = page.getByTestId('page-info');
    await expect(info).toContainText(m.pager.pageOf.split(' ')[0] ?? '');
    if (lang === 'fa') await expect(info).toHaveText(persianDigit);
    else await expect(info).not.toHaveText(persianDigit);
    const next = page.getByRole('button', { name: m.pager.next });
    expect(await rightOf(page.getByRole('button', { name: m.pager.previous }), next)).toBe(lang === 'fa');
    await next.click();
    await expect(info).toHaveText(pattern(m.pager.pageOf));
    await gridIdle(page);
    await page.getByRole('button', { name: m.pager.first }).click();
    await gridIdle(page);

    // Numbers and dates in cells follow the language (Persian digits), the vendor's own values do not.
    const numeric = page.locator('.grid-body .grid-cell.num').first();
    if ((await numeric.count()) > 0) {
      const text = await numeric.innerText();
      if (text.trim() !== '') expect(persianDigit.test(text)).toBe(lang === 'fa');
    }

    // Filter the naming column on an exact value: every row shown has it.
    const column = 'name';
    const cell = (i: number) => gridRows(page).nth(i).locator(`[data-column="${column}"]`);
    const wanted = (await cell(2).innerText()).trim();
    const filterCell = page.locator(`[data-filter="${column}"]`);
    await expect(filterCell.locator('input')).toHaveAttribute('placeholder', m.filter.text);
    await filterCell.locator('select').selectOption('=');
    await filterCell.locator('input').fill(wanted);
    await filterCell.locator('input').press('Enter');
    await gridIdle(page);
    await expect(cell(0)).toHaveText(wanted);
    for (const text of await gridRows(page).locator(`[data-column="${column}"]`).allInnerTexts())
      expect(text.trim()).toBe(wanted);
    await shot(page, lang, 'grid-filter');

    // Export what the grid shows: the dialog speaks the language, the file keeps the vendor's values.
    await page.getByRole('button', { name: m.grid.export }).click();
    const dialog = page.getByRole('dialog', { name: m.export.dialog });
    await expect(dialog.getByRole('heading')).toHaveText(pattern(m.export.title));
    await shot(page, lang, 'export-dialog');
    await dialog.getByRole('button', { name: m.export.start, exact: true }).click();
    const status = dialog.getByTestId('export-status');
    await expect(status).toHaveAttribute('data-state', 'done');
    await expect(status).toContainText(m.export.state.done);
    const file = (await status.locator('.mono').innerText()).trim();
    expect(existsSync(file)).toBe(true);
    const csv = readFileSync(file, 'utf8');
    expect(csv).toContain(wanted);
    expect(persianDigit.test(csv)).toBe(false);
    await shot(page, lang, 'export-done');
    await dialog.getByRole('button', { name: m.common.close }).click();
  });

  test(`${lang}: a record edit the vendor refuses, its message framed by a translated sentence`, async ({
    appPage: page,
  }) => {
    await useLanguage(page, lang);
    await page.locator('[data-testid=connections-table] tr[data-vendor="spotler"]').first().waitFor();
    await page.locator('.sidebar li[data-vendor="spotler"] > button').click();
    await page.locator('.sidebar li[data-vendor="spotler"] [data-module="accounts"]').click();
    await expect(gridRows(page).first()).toBeVisible();
    await gridIdle(page);
    await gridRows(page)
      .first()
      .getByRole('button', { name: pattern(m.grid.openRecord) })
      .click();
    const form = page.getByTestId('record-form');
    await expect(form).toBeVisible();
    // The back button and its arrow point the reading way; the record's own values keep their direction.
    await expect(page.getByRole('button', { name: m.record.back })).toHaveText(lang === 'fa' ? /→/ : /←/);
    await shot(page, lang, 'record');

    // A clone sent without its name (past the form's own check): the vendor refuses it. Its message is
    // shown as the vendor sent it, after the kind's translated title and the translated framing sentence.
    await page.getByRole('button', { name: m.record.clone }).click();
    const name = form.locator('[name="name"]');
    await name.fill(`I18N ${lang} clone`);
    await page.route('**/rpc/records.create', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as { data: Record<string, unknown> };
      delete body.data['name'];
      await route.continue({ postData: JSON.stringify(body) });
    });
    await form.getByRole('button', { name: m.record.create, exact: true }).click();
    const box = form.getByTestId('error-box');
    await expect(box).toBeVisible();
    await expect(box.locator('strong')).toHaveText(m.errors.kind.validation);
    await expect(box).toContainText(m.errors.received);
    const vendorMessage = (await box.getByTestId('error-message').innerText()).trim();
    expect(vendorMessage).not.toBe('');
    // The vendor wrote in English: the message is not translated, only framed.
    expect(vendorMessage).toMatch(/[A-Za-z]/);
    await expect(form.getByTestId('error-name')).toBeVisible();
    await shot(page, lang, 'record-vendor-error');
    await page.unroute('**/rpc/records.create');
  });

  test(`${lang}: a conflict in the outbox, settled from the translated panel`, async ({ appPage: page, sim }) => {
    test.setTimeout(120_000);
    await useLanguage(page, lang);
    const vendor = 'spotler';
    const module = 'accounts';
    const name = 'name';
    await page.locator('[data-testid=connections-table] tr[data-vendor="spotler"]').first().waitFor();
    await page.locator('.sidebar li[data-vendor="spotler"] > button').click();
    await page.locator('.sidebar li[data-vendor="spotler"] [data-module="accounts"]').click();
    await expect(gridRows(page).first()).toBeVisible();
    await gridIdle(page);
    const bar = page.getByTestId('offline-bar');
    // The last sync is "never" on a fresh data folder, else a date in the language (workers share the app).
    await expect(bar.getByTestId('last-sync')).toHaveText(pattern(m.offline.lastSync));

    // A first sync, then work offline: the badge, the switch and the last-sync time are translated.
    await bar.getByRole('button', { name: m.offline.sync, exact: true }).click();
    await expect(bar.getByRole('button', { name: m.offline.sync, exact: true })).toBeEnabled({ timeout: 60_000 });
    await expect(bar.getByTestId('last-sync')).not.toContainText(m.common.never);
    if (lang === 'fa') await expect(bar.getByTestId('last-sync')).toHaveText(persianDigit);
    await bar.getByLabel(m.offline.workOffline).click();
    await expect(bar.getByTestId('offline-badge')).toHaveText(m.offline.offline);
    await gridIdle(page);

    const token = `I18N${lang}${Date.now().toString(36).slice(-5)}`;
    const row = gridRows(page).nth(lang === 'fa' ? 6 : 5);
    const id = (await row.getAttribute('data-row-id')) ?? '';
    const mine = `Mine ${token}`;
    await row.locator(`[data-column="${name}"]`).dblclick();
    await row.locator('.inline-editor input').fill(mine);
    await row.locator('.inline-editor input').press('Enter');
    const pending = page.getByTestId('pending-bar');
    await expect(pending).toHaveText(new RegExp(pattern(m.grid.rowsChanged_one).source));
    await pending.getByRole('button', { name: m.grid.apply }).click();
    await expect(pending).toHaveCount(0);
    await gridIdle(page);

    // Someone else changes the same field; back online and sync: a conflict waits in the outbox.
    const theirs = `Theirs ${token}`;
    await simControl(sim, vendor, 'PATCH', `records/${module}/${id}`, { [name]: theirs });
    await bar.getByLabel(m.offline.workOffline).click();
    await expect(bar.getByTestId('offline-badge')).toHaveText(m.offline.online);
    await bar.getByRole('button', { name: m.offline.sync, exact: true }).click();
    await expect(bar.getByRole('button', { name: m.offline.sync, exact: true })).toBeEnabled({ timeout: 60_000 });
    await bar.getByRole('button', { name: m.offline.outbox }).click();
    const outbox = page.getByRole('complementary', { name: m.outbox.title });
    const conflict = outbox.locator('.outbox-item.conflict');
    await expect(conflict).toHaveCount(1);
    await expect(conflict.locator('.tag')).toHaveText(m.outbox.state.conflict);
    await expect(conflict.getByRole('columnheader', { name: m.outbox.theirs })).toBeVisible();
    // The side panel sits at the reading end: right in English, left in Persian.
    expect(await rightOf(outbox, page.locator('.module-main'))).toBe(lang === 'en');
    await shot(page, lang, 'outbox-conflict');

    await conflict.getByRole('button', { name: m.outbox.keepMine }).click();
    await expect(outbox.locator('.outbox-item.pending')).toHaveCount(1);
    await bar.getByRole('button', { name: m.offline.sync, exact: true }).click();
    await expect.poll(async () => (await simRecord(sim, vendor, module, id))?.[name]).toBe(mine);
    await expect(outbox).toContainText(m.outbox.empty);
  });
}

test('follows the OS language when none is chosen, and remembers a choice across reloads', async ({ browser, app }) => {
  test.skip(Boolean(app.electron), 'the browser host only');
  const context = await browser.newContext({ locale: 'fa-IR' });
  const page = await context.newPage();
  await page.goto(app.url);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(fa.connections.title);
  await expect(page.getByTestId('language')).toHaveValue('system');
  await page.getByTestId('language').selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.connections.title);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByTestId('language')).toHaveValue('en');
  await context.close();
});

test('fa: a date-time typed in Solar Hijri and Persian digits reaches the vendor as the same instant', async ({
  appPage: page,
  sim,
}) => {
  const m = catalogs.fa;
  await useLanguage(page, 'fa');
  await page.locator('[data-testid=connections-table] tr[data-vendor="sarv"]').first().waitFor();
  await page.locator('.sidebar li[data-vendor="sarv"] > button').click();
  await page.locator('.sidebar li[data-vendor="sarv"] [data-module="Leads"]').click();
  await expect(gridRows(page).first()).toBeVisible();
  await gridIdle(page);
  const row = gridRows(page).nth(3);
  const id = (await row.getAttribute('data-row-id')) ?? '';
  await row.getByRole('button', { name: pattern(m.grid.openRecord) }).click();
  const form = page.getByTestId('record-form');
  await expect(form).toBeVisible();
  await form.getByRole('button', { name: m.record.expandAll }).click();
  const input = form.locator('input[name="next_call"]');
  await expect(input).toHaveAttribute('data-calendar', 'persian');
  await expect(input).toHaveAttribute('placeholder', m.dateTimeInput.placeholder);

  // Not a date-time (Esfand 1405 has 29 days): marked invalid and said so under the field, nothing handed on.
  const readBack = form.getByTestId('typed-read-back');
  await input.fill('۱۴۰۵/۱۲/۳۰ ۱۰:۰۰');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(readBack).toHaveText(m.dateTimeInput.invalid);
  await expect(form.getByRole('button', { name: m.common.save, exact: true })).toBeDisabled();

  // 21 Khordad 1405, 14:30 on the wall clock, typed with Persian digits; read back in full, in Persian.
  await input.fill('۱۴۰۵/۰۳/۲۱ ۱۴:۳۰');
  await expect(input).not.toHaveAttribute('aria-invalid', 'true');
  await expect(readBack).toContainText('خرداد');
  await expect(readBack).toContainText('۱۴۰۵');
  await shot(page, 'fa', 'datetime-input');
  const expected = await page.evaluate(() => new Date(2026, 5, 11, 14, 30).getTime());
  await form.getByRole('button', { name: m.common.save, exact: true }).click();
  await expect(form.locator('.form-actions .muted')).toHaveText(m.record.noChanges);

  // SarvCRM holds the same instant, in its own format (no Persian digits, no Solar Hijri year).
  await expect.poll(async () => String((await simRecord(sim, 'sarv', 'Leads', id))?.['next_call'] ?? '')).not.toBe('');
  const raw = String((await simRecord(sim, 'sarv', 'Leads', id))?.['next_call']);
  expect(raw).toMatch(/^2026-06-1[01][ T]\d{2}:\d{2}:\d{2}/);
  expect(Date.parse(/[zZ]|[+-]\d{2}:\d{2}$/.test(raw) ? raw : `${raw.replace(' ', 'T')}Z`)).toBe(expected);
  // Leaving the field shows the stored value back in the field's own form.
  await expect(input).toHaveValue('۱۴۰۵/۰۳/۲۱ ۱۴:۳۰');
});
