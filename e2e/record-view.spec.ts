import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { connectAndOpen, gridRows } from './ui-flows.ts';

// Issue Step 13: the record view reads identity first, then collapsible sections; read-only facts are
// text; the create form puts required fields first. Screenshots: e2e/artifacts/record-view-<vendor>.png.

const WIDTH = 1280;
const HEIGHT = 800;
test.use({ viewport: { width: WIDTH, height: HEIGHT } });

interface Case {
  vendor: string;
  module: string;
  /** A module of the vendor with required fields, for the create form. */
  createModule: string;
}

const cases: Case[] = [
  { vendor: 'simply', module: 'Accounts', createModule: 'Accounts' },
  { vendor: 'simplicate', module: 'crm/organization', createModule: 'crm/person' },
  { vendor: 'smartsimple', module: 'company', createModule: 'levelone' },
  { vendor: 'sarv', module: 'Accounts', createModule: 'Opportunities' },
  { vendor: 'spotler', module: 'accounts', createModule: 'contacts' },
];

async function openFirstRecord(page: Page, vendor: string, module: string) {
  await connectAndOpen(page, vendor, module);
  await gridRows(page)
    .first()
    .getByRole('button', { name: /Open record/ })
    .click();
  await expect(page.getByTestId('record-form')).toBeVisible();
  await expect(page.getByTestId('record-identity')).toBeVisible();
}

/** True when the whole element is inside the window as it first shows (nothing scrolled). */
async function onFirstScreen(el: Locator): Promise<boolean> {
  const box = await el.boundingBox();
  return box !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= HEIGHT && box.x + box.width <= WIDTH;
}

function section(page: Page, label: string): Locator {
  return page.locator('.form-section').filter({ has: page.getByRole('button', { name: label, exact: false }) });
}

for (const c of cases) {
  test(`${c.vendor}: the first screen shows the naming field and the record's identity`, async ({ appPage: page }) => {
    await openFirstRecord(page, c.vendor, c.module);
    const identity = page.getByTestId('record-identity');
    const naming = identity.locator('.form-field:has(label.label-field)').first();
    await expect(naming).toBeVisible();
    expect(await onFirstScreen(naming), 'naming field on the first screen').toBe(true);
    // The record view has not been scrolled to get there.
    expect(await page.locator('.record-view').evaluate((el) => el.scrollTop)).toBe(0);
    const others = identity.locator('[data-field]:not(:has(label.label-field))');
    const shown: string[] = [];
    for (const el of await others.all()) {
      if (await onFirstScreen(el)) shown.push((await el.getAttribute('data-field')) ?? '');
    }
    expect(shown.length, `identity fields on the first screen: ${shown.join(', ')}`).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: `e2e/artifacts/record-view-${c.vendor}.png` });
  });

  test(`${c.vendor}: the create form lists its required fields first`, async ({ appPage: page }) => {
    await connectAndOpen(page, c.vendor, c.createModule);
    await page.getByRole('button', { name: 'New', exact: true }).click();
    const form = page.getByTestId('record-form');
    await expect(form).toBeVisible();
    const expand = form.getByRole('button', { name: 'Expand all' });
    if ((await expand.count()) > 0) await expand.click();
    const required = await form
      .locator('.form-field')
      .evaluateAll((els) => els.map((el) => el.querySelector(':scope > label.required') !== null));
    const count = required.filter(Boolean).length;
    expect(count, 'required fields').toBeGreaterThan(0);
    expect(required.slice(0, count), 'required fields come first').toEqual(Array(count).fill(true));
    await expect(form.getByRole('group', { name: 'Required fields' })).toContainText('Required');
    // Nothing to fill in is left out of a create form: no read-only facts.
    await expect(form.locator('.form-field[data-readonly]')).toHaveCount(0);
    await page.screenshot({ path: `e2e/artifacts/create-form-${c.vendor}.png` });
  });
}

test('sections collapse and open, and the choice survives a reload', async ({ appPage: page }) => {
  await openFirstRecord(page, 'simply', 'Accounts');
  const details = section(page, 'Details');
  const facts = section(page, 'Record info');
  const detailsButton = details.getByRole('button', { name: /Details/ });
  const factsButton = facts.getByRole('button', { name: /Record info/ });
  // Record info holds read-only facts only: closed at first. Details holds editable values: open.
  await expect(factsButton).toHaveAttribute('aria-expanded', 'false');
  await expect(facts.locator('[data-field="modifiedby"]')).toBeHidden();
  await expect(detailsButton).toHaveAttribute('aria-expanded', 'true');
  await detailsButton.click();
  await expect(detailsButton).toHaveAttribute('aria-expanded', 'false');
  await expect(details.locator('.form-field').first()).toBeHidden();
  await factsButton.press('Enter');
  await expect(factsButton).toHaveAttribute('aria-expanded', 'true');
  // A read-only fact is text, not a locked input: the user's name, with the raw id in the tooltip.
  const modifiedBy = facts.locator('[data-field="modifiedby"]');
  await expect(modifiedBy.locator('input')).toHaveCount(0);
  await expect(modifiedBy.locator('.fact-value')).not.toHaveText(/^(\d+x\d+|—)?$/);
  await expect(modifiedBy.locator('.fact-value')).toHaveAttribute('title', /^Read-only · \d+x\d+$/);

  await page.reload();
  await expect(page.getByTestId('record-form')).toBeVisible();
  await expect(section(page, 'Details').getByRole('button', { name: /Details/ })).toHaveAttribute(
    'aria-expanded',
    'false',
  );
  await expect(section(page, 'Record info').getByRole('button', { name: /Record info/ })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  // Remembered per module: another module keeps its own default.
  await page.getByRole('button', { name: 'Back to the list' }).click();
  await page.locator('.sidebar li[data-vendor="simply"] [data-module="Contacts"]').click();
  await gridRows(page)
    .first()
    .getByRole('button', { name: /Open record/ })
    .click();
  await expect(section(page, 'Record info').getByRole('button', { name: /Record info/ })).toHaveAttribute(
    'aria-expanded',
    'false',
  );
});

test('simplicate: an organization reads as its nested groups, with the relation manager on one line', async ({
  appPage: page,
}) => {
  await openFirstRecord(page, 'simplicate', 'crm/organization');
  for (const label of ['Visiting address', 'Postal address', 'Debtor', 'Accountancy']) {
    await expect(page.locator(`.form-section[aria-label="${label}"]`), label).toHaveCount(1);
  }
  // Inside its section a field goes by its own name.
  const visiting = page.locator('.form-section[aria-label="Visiting address"]');
  const toggle = visiting.getByRole('button', { name: /Visiting address/ });
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
  const locality = visiting.locator('[data-field="visiting_address.locality"]');
  await expect(locality).toBeVisible();
  await expect(locality.locator('label')).toHaveText('Locality');
  await page.screenshot({ path: 'e2e/artifacts/record-view-simplicate-sections.png', fullPage: true });

  // The vendor's own description of a field is shown beside it.
  const debtor = page.locator('.form-section[aria-label="Debtor"]');
  const debtorToggle = debtor.getByRole('button', { name: /Debtor/ });
  if ((await debtorToggle.getAttribute('aria-expanded')) === 'false') await debtorToggle.click();
  await expect(debtor.locator('[data-field="debtor.attention_to_person_id"] .field-help')).toHaveText(
    'See /crm/person',
  );

  // The relation manager's copied fields are folded into its one line in the header, as text.
  const identity = page.getByTestId('record-identity');
  const manager = identity.locator('.link-line[data-link="Relation manager"]');
  await expect(manager).toBeVisible();
  await expect(manager.locator('label')).toHaveText('Relation manager');
  await expect(page.locator('[name="relation_manager.work_mobile"]')).toHaveCount(0);
  const copies = manager.locator('details.link-copies');
  await expect(copies.locator('[data-field="relation_manager.work_mobile"]')).toBeHidden();
  await copies.locator('summary').click();
  await expect(copies.locator('[data-field="relation_manager.work_mobile"] .fact-label')).toHaveText('Work mobile');
});

test('simplicate: a link to another record opens it', async ({ appPage: page }) => {
  await openFirstRecord(page, 'simplicate', 'sales/sales');
  const organization = page.locator('.link-line[data-link="Organization"]');
  await expect(organization).toBeVisible();
  const open = organization.getByRole('button', { name: 'Open Organization' });
  await expect(open).toBeVisible();
  await open.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Organizations');
  await expect(page.getByTestId('record-id')).toHaveText(/^#organization:/);
  await expect(page.getByTestId('record-form')).toBeVisible();
});

test('keyboard order follows the visual order, in both themes', async ({ appPage: page }) => {
  await openFirstRecord(page, 'sarv', 'Accounts');
  const form = page.getByTestId('record-form');
  await form.locator('[data-testid=record-identity] input').first().focus();
  const stops: { top: number; left: number; field: string }[] = [];
  for (let i = 0; i < 20; i++) {
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const form = document.querySelector('[data-testid=record-form]') as HTMLElement;
      const r = el.getBoundingClientRect();
      const f = form.getBoundingClientRect();
      return { top: r.top - f.top, left: r.left - f.left, field: el.getAttribute('name') ?? el.textContent ?? '' };
    });
    // A date input takes several Tabs (day, month, year): one stop.
    if (stops.at(-1)?.field !== stop.field) stops.push(stop);
    await page.keyboard.press('Tab');
  }
  // Persian labels: the page is right-to-left in places, but the form's grid runs in document order.
  for (let i = 1; i < stops.length; i++) {
    const a = stops[i - 1]!;
    const b = stops[i]!;
    const later = b.top > a.top + 4 || (Math.abs(b.top - a.top) <= 4 && b.left > a.left);
    expect(later, `${b.field} comes after ${a.field} on screen`).toBe(true);
  }
  await page.screenshot({ path: 'e2e/artifacts/record-view-sarv-light.png' });
  await page.getByTestId('theme-toggle').click();
  await page.screenshot({ path: 'e2e/artifacts/record-view-sarv-dark.png' });
});
