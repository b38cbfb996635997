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

/** What the vendor's raw record must hold for a field the generic text search cannot check. */
export type NativeCheck =
  | { kind: 'id'; value: string }
  | { kind: 'multi'; values: string[] }
  | { kind: 'instant'; iso: string }
  | { kind: 'time'; value: string };

export interface EditedField {
  name: string;
  type: string;
  /** What the vendor's record must contain afterwards (any of these spellings). */
  expect: string[] | null;
  /** What the vendor's own field must hold afterwards (reference, owner, multipicklist, datetime, time). */
  native?: NativeCheck;
  /** What the form must show after a fresh load. */
  shown:
    | { kind: 'value'; value: string }
    | { kind: 'checked'; value: boolean }
    | { kind: 'select'; value: string }
    | { kind: 'picked'; id: string; label: string }
    | { kind: 'multi'; values: string[] }
    | { kind: 'time'; value: string };
}

export interface EditContext {
  /** The open record's id (a reference is never pointed at the record itself). */
  recordId: string;
  /** Another value the vendor stores in `name` (for an owner or reference typed as a plain id). */
  otherValue?: (name: string, current: string) => Promise<string | null>;
}

/** The types edited through their own widgets, each checked in the vendor's own field. */
const richTypes = new Set(['reference', 'owner', 'multipicklist', 'datetime', 'time']);

/**
 * In the open record form, changes the first editable field of every type the vendor describes and
 * returns what was written: simple types by typing, references through the async search picker (or
 * the list / id input a vendor without lookups gets), multi-selects by their boxes, date-times and times
 * through their pickers' inputs.
 */
export async function editOneFieldPerType(
  page: Page,
  token: string,
  skip: ReadonlySet<string>,
  ctx: EditContext,
): Promise<{ edited: EditedField[]; missed: string[] }> {
  const form = page.getByTestId('record-form');
  // Sections with nothing filled in start closed: open them all to reach every field.
  const expand = form.getByRole('button', { name: 'Expand all' });
  if ((await expand.count()) > 0) await expand.click();
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
    if (type === 'boolean' || type === 'picklist' || richTypes.has(type) || sampleFor(type, token, 0) !== null)
      present.add(type);
    if (seen.has(type)) continue;
    const input = f.locator(`[name="${name}"]`).first();
    if (richTypes.has(type)) {
      const done = await editRichField(page, f, name, type, ctx, edited.length);
      if (done === null) continue;
      edited.push(done);
    } else if (type === 'boolean') {
      const was = await input.isChecked();
      await input.setChecked(!was);
      edited.push({ name, type, expect: null, shown: { kind: 'checked', value: !was } });
    } else if (type === 'picklist') {
      const next = await otherOption(input);
      if (next === null) continue;
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

/** A non-empty option of a select other than the chosen one, or null. */
async function otherOption(select: Locator): Promise<string | null> {
  const current = await select.inputValue();
  const values = await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  return values.find((v) => v !== '' && v !== current) ?? null;
}

async function editRichField(
  page: Page,
  f: Locator,
  name: string,
  type: string,
  ctx: EditContext,
  n: number,
): Promise<EditedField | null> {
  if (type === 'multipicklist') return editMulti(f, name, type);
  if (type === 'datetime') {
    // A datetime-local input takes local time; the browser says which instant that is.
    const local = `2024-03-${String(10 + n).padStart(2, '0')}T09:${String(10 + n).padStart(2, '0')}`;
    await f.locator(`[name="${name}"]`).fill(local);
    const iso = await page.evaluate((t) => new Date(t).toISOString(), local);
    return { name, type, expect: null, native: { kind: 'instant', iso }, shown: { kind: 'value', value: local } };
  }
  if (type === 'time') {
    const value = `09:${String(10 + n).padStart(2, '0')}:00`;
    await f.locator(`[name="${name}"]`).fill(value);
    return {
      name,
      type,
      expect: null,
      native: { kind: 'time', value: value.slice(0, 5) },
      shown: { kind: 'time', value: value.slice(0, 5) },
    };
  }
  // reference / owner: the search picker when the field names its target module, else a list, else an id.
  const picker = f.getByTestId(`picker-${name}`);
  if ((await picker.count()) > 0) return pickReference(page, picker, name, type, ctx.recordId);
  const input = f.locator(`[name="${name}"]`).first();
  if ((await input.evaluate((el) => el.tagName)) === 'SELECT') {
    const next = await otherOption(input);
    if (next === null) return null;
    await input.selectOption(next);
    return { name, type, expect: null, native: { kind: 'id', value: next }, shown: { kind: 'select', value: next } };
  }
  const next = await ctx.otherValue?.(name, await input.inputValue());
  if (!next) return null;
  await input.fill(next);
  return { name, type, expect: null, native: { kind: 'id', value: next }, shown: { kind: 'value', value: next } };
}

/** Selects a different set of options: the (up to two) options not selected now. */
async function editMulti(f: Locator, name: string, type: string): Promise<EditedField | null> {
  const boxes = f.locator(`input[type="checkbox"][name="${name}"]`);
  const state = await boxes.evaluateAll((els) =>
    els.map((e) => ({ value: (e as HTMLInputElement).value, on: (e as HTMLInputElement).checked })),
  );
  if (state.length === 0) return null;
  const off = state.filter((s) => !s.on).map((s) => s.value);
  const wanted = new Set(off.length > 0 ? off.slice(0, 2) : [state[0]!.value]);
  for (const s of state) {
    const box = f.locator(`input[type="checkbox"][name="${name}"][value="${cssValue(s.value)}"]`);
    if (s.on !== wanted.has(s.value)) await box.setChecked(wanted.has(s.value));
  }
  const values = [...wanted].sort();
  return { name, type, expect: null, native: { kind: 'multi', values }, shown: { kind: 'multi', values } };
}

const cssValue = (v: string) => v.replace(/["\\]/g, '\\$&');
const escapeRe = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Points a reference at another record through the async search picker: open it, take a record it
 * offers, search for that record's label, and choose it among the matches.
 */
async function pickReference(
  page: Page,
  picker: Locator,
  name: string,
  type: string,
  recordId: string,
): Promise<EditedField | null> {
  const current = (await picker.getAttribute('data-value')) ?? '';
  const box = picker.getByRole('combobox');
  await box.click();
  const options = picker.getByRole('option');
  await expect(options.first(), `${name}: the picker offers records`).toBeVisible();
  const offered = await options.evaluateAll((els) =>
    els.map((e) => ({
      id: (e.querySelector('.mono')?.textContent ?? '').replace(/^#/, ''),
      label: (e.firstChild?.textContent ?? '').trim(),
    })),
  );
  const target = offered.find((o) => o.id !== current && o.id !== recordId && o.label !== '' && o.label !== o.id);
  if (!target) return null;
  const text = target.label.slice(0, 24);
  await box.fill(text);
  // The list is the search's answer: every match holds the text, and the target is among them.
  const answer = async () => {
    const shown = await options.evaluateAll((els) =>
      els.map((e) => ({
        id: (e.querySelector('.mono')?.textContent ?? '').replace(/^#/, ''),
        label: (e.firstChild?.textContent ?? '').trim(),
      })),
    );
    return (
      shown.some((o) => o.id === target.id) && shown.every((o) => o.label.toLowerCase().includes(text.toLowerCase()))
    );
  };
  await expect.poll(answer, { message: `${name}: the picker's search for "${text}" offers #${target.id}` }).toBe(true);
  const choice = options.filter({ has: page.locator('.mono', { hasText: new RegExp(`^#${escapeRe(target.id)}$`) }) });
  await choice.click();
  await expect(picker).toHaveAttribute('data-value', target.id);
  await expect(box).toHaveValue(target.label);
  return {
    name,
    type,
    expect: null,
    native: { kind: 'id', value: target.id },
    shown: { kind: 'picked', id: target.id, label: target.label },
  };
}

export async function expectFormShows(page: Page, edits: readonly EditedField[]) {
  const form = page.getByTestId('record-form');
  for (const e of edits) {
    const field = form.locator(`.form-field[data-field="${e.name}"]`);
    const input = field.locator(`[name="${e.name}"]`).first();
    if (e.shown.kind === 'checked') await expect(input, e.name).toBeChecked({ checked: e.shown.value });
    else if (e.shown.kind === 'picked') {
      await expect(field.getByTestId(`picker-${e.name}`), e.name).toHaveAttribute('data-value', e.shown.id);
      await expect(field.getByRole('combobox'), e.name).toHaveValue(e.shown.label);
    } else if (e.shown.kind === 'multi') {
      const on = await field
        .locator(`input[type="checkbox"][name="${e.name}"]`)
        .evaluateAll((els) =>
          els.filter((x) => (x as HTMLInputElement).checked).map((x) => (x as HTMLInputElement).value),
        );
      expect(on.sort(), e.name).toEqual(e.shown.values);
    } else if (e.shown.kind === 'time') expect((await input.inputValue()).slice(0, 5), e.name).toBe(e.shown.value);
    else if (e.type === 'phone')
      expect((await input.inputValue()).replace(/\s/g, ''), e.name).toBe(e.shown.value.replace(/\s/g, ''));
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
