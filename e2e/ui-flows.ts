import { expect, type Locator, type Page } from '@playwright/test';

/** The simulators' JSON line, as far as these flows need it (its control endpoint). */
export interface SimControl {
  control: { url: string; token: string };
}

/** Reads a record straight from a simulator's store (vendor field names), or null when it is gone. */
export async function readSimRecord(sim: SimControl, vendor: string, module: string, id: string) {
  const res = await fetch(`${sim.control.url}/${vendor}/records/${module}/${encodeURIComponent(id)}`, {
    headers: { Authorization: `Bearer ${sim.control.token}` },
  });
  if (res.status === 404) return null;
  expect(res.ok, `control GET ${vendor}/${module}/${id}`).toBe(true);
  return (await res.json()) as Record<string, unknown>;
}

/** Every scalar of a raw vendor record (nested objects included), as text, to find a value we wrote. */
export function rawValues(raw: unknown): string[] {
  if (raw === null || raw === undefined) return [];
  if (Array.isArray(raw)) return raw.flatMap(rawValues);
  if (typeof raw === 'object') return Object.values(raw).flatMap(rawValues);
  return [String(raw)];
}

export async function gridIdle(page: Page) {
  await expect(page.locator('.grid')).toHaveAttribute('aria-busy', 'false');
}

export function gridRows(page: Page): Locator {
  return page.locator('.grid-body .grid-row');
}

export async function firstRowId(page: Page): Promise<string> {
  return (await gridRows(page).first().getAttribute('data-row-id')) ?? '';
}

/** Tests the vendor's demo connection from the connection manager and opens its module. */
export async function connectAndOpen(page: Page, vendor: string, module: string) {
  const row = page.locator(`[data-testid=connections-table] tr[data-vendor="${vendor}"]`).first();
  await row.getByRole('button', { name: 'Test' }).click();
  await expect(row.getByTestId('test-result')).toContainText('Connected');
  await page.locator(`.sidebar li[data-vendor="${vendor}"] > button`).click();
  await page.locator(`.sidebar li[data-vendor="${vendor}"] [data-module="${module}"]`).click();
  await expect(gridRows(page).first()).toBeVisible();
  await gridIdle(page);
}

/** A value for a field of each simple type; `token` makes text values unique to this run. */
export function sampleFor(type: string, token: string, n: number): string | null {
  switch (type) {
    case 'string':
      return `E2E ${token} s${n}`;
    case 'text':
      return `E2E ${token} text ${n}`;
    case 'email':
      return `e2e.${token.toLowerCase()}${n}@example.com`;
    case 'url':
      return `https://e2e-${token.toLowerCase()}-${n}.example.com`;
    case 'phone':
      return `+31 20 555 ${String(1000 + n)}`;
    case 'integer':
      return String(4200 + n);
    case 'decimal':
      return `${1234 + n}.5`;
    case 'currency':
      return `${9876 + n}.25`;
    case 'percent':
      return String(30 + n);
    case 'date':
      return `2024-03-${String(10 + n).padStart(2, '0')}`;
    default:
      return null;
  }
}

/** The spellings a vendor may store a date in (ISO, or a day-first / month-first pattern). */
export function dateSpellings(iso: string): string[] {
  const [y, m, d] = iso.split('-');
  return [iso, `${d}-${m}-${y}`, `${m}/${d}/${y}`, `${d}/${m}/${y}`, `${y}/${m}/${d}`, `${d}.${m}.${y}`];
}

export interface EditedField {
  name: string;
  type: string;
  /** What the vendor's record must contain afterwards (any of these spellings). */
  expect: string[] | null;
  /** What the form must show after a fresh load. */
  shown: { kind: 'value'; value: string } | { kind: 'checked'; value: boolean } | { kind: 'select'; value: string };
}

/**
 * In the open record form, changes the first editable field of every simple type the vendor describes
 * and returns what was written.
 */
export async function editOneFieldPerType(
  page: Page,
  token: string,
  skip: ReadonlySet<string>,
): Promise<{ edited: EditedField[]; missed: string[] }> {
  const form = page.getByTestId('record-form');
  const fields = form.locator('.form-field:not([data-readonly])');
  const count = await fields.count();
  const seen = new Set<string>();
  const edited: EditedField[] = [];
  const present = new Set<string>();
  for (let i = 0; i < count; i++) {
    const f = fields.nth(i);
    const type = (await f.getAttribute('data-type')) ?? '';
    const name = (await f.getAttribute('data-field')) ?? '';
    if (skip.has(name)) continue;
    if (type === 'boolean' || type === 'picklist' || sampleFor(type, token, 0) !== null) present.add(type);
    if (seen.has(type)) continue;
    const input = f.locator(`[name="${name}"]`).first();
    if (type === 'boolean') {
      const was = await input.isChecked();
      await input.setChecked(!was);
      edited.push({ name, type, expect: null, shown: { kind: 'checked', value: !was } });
    } else if (type === 'picklist') {
      const current = await input.inputValue();
      const values = await input.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      const next = values.find((v) => v !== '' && v !== current);
      if (next === undefined) continue;
      await input.selectOption(next);
      edited.push({ name, type, expect: null, shown: { kind: 'select', value: next } });
    } else {
      const value = sampleFor(type, token, edited.length);
      if (value === null) continue;
      await input.fill(value);
      const expectIn =
        type === 'date' ? dateSpellings(value) : type === 'phone' ? [value, value.replace(/\s/g, '')] : [value];
      edited.push({ name, type, expect: expectIn, shown: { kind: 'value', value } });
    }
    seen.add(type);
  }
  return { edited, missed: [...present].filter((t) => !seen.has(t)) };
}

export async function expectFormShows(page: Page, edits: readonly EditedField[]) {
  const form = page.getByTestId('record-form');
  for (const e of edits) {
    const input = form.locator(`.form-field[data-field="${e.name}"] [name="${e.name}"]`).first();
    if (e.shown.kind === 'checked') await expect(input, e.name).toBeChecked({ checked: e.shown.value });
    else if (e.type === 'phone') expect((await input.inputValue()).replace(/\s/g, ''), e.name).toBe(e.shown.value.replace(/\s/g, ''));
    else if (numericTypes.has(e.type)) expect(Number(await input.inputValue()), e.name).toBe(Number(e.shown.value));
    else await expect(input, e.name).toHaveValue(e.shown.value);
  }
}

const numericTypes = new Set(['integer', 'decimal', 'currency', 'percent']);

/** True when some spelling of the written value is among the raw record's values. */
export function rawHas(raw: Record<string, unknown> | null, spellings: readonly string[], type: string): boolean {
  const values = rawValues(raw);
  if (numericTypes.has(type)) {
    const n = Number(spellings[0]);
    return values.some((v) => v.trim() !== '' && Number(v) === n);
  }
  const norm = (s: string) => (type === 'phone' ? s.replace(/\s/g, '') : s);
  return values.some((v) => spellings.some((s) => norm(v).includes(norm(s))));
}

export async function saveForm(page: Page) {
  const form = page.getByTestId('record-form');
  await form.getByRole('button', { name: /^(Save|Create)$/ }).click();
  await expect(form.locator('.form-actions .muted')).toHaveText('No changes');
}
