import { LazyTable } from '../common/table.ts';
import { idForKey, keyForId } from './ids.ts';
import { isColumn, moduleSpec, sarvModules, sarvUsers, type SarvFieldSpec, type SarvModuleSpec } from './modules.ts';
import { seededModifiedMs, seededRow } from './seed.ts';
import { apiDatetime, dbDatetime, decodeMulti, encodeMulti, phoneColumns, type DbRow, type DbValue } from './values.ts';

/** A Save refused by the server: the doc's error code, HTTP status and message lines. */
export class SaveError extends Error {
  readonly status: number;
  readonly code: number;
  readonly lines: string[];
  constructor(status: number, code: number, lines: string[]) {
    super(lines.join('; '));
    this.status = status;
    this.code = code;
    this.lines = lines;
  }
}

/** One row being looked at by a scan: columns generated only when asked for. */
export class RowView {
  private cache: DbRow | undefined;
  readonly key: number;
  private readonly store: SarvStore;
  private readonly module: SarvModuleSpec;
  constructor(store: SarvStore, module: SarvModuleSpec, key: number) {
    this.store = store;
    this.module = module;
    this.key = key;
  }
  get id(): string {
    return this.store.idOf(this.module.name, this.key);
  }
  column = (name: string): DbValue => {
    if (name === 'id') return this.id;
    if (name === 'date_modified') return dbDatetime(this.store.table(this.module.name).modifiedAt(this.key));
    this.cache ??= this.store.stored(this.module.name, this.key);
    return this.cache?.[name] ?? null;
  };
}

export class SarvStore {
  private readonly seed: string;
  private readonly size: number;
  private readonly tables = new Map<string, LazyTable<DbRow>>();
  private inserted = new Map<string, number>();

  constructor(seed: string, size: number) {
    this.seed = seed;
    this.size = size;
    for (const m of sarvModules) {
      this.tables.set(
        m.name,
        new LazyTable<DbRow>({
          size,
          generate: (key) => seededRow(seed, m.name, key, size, (mod, k) => this.idOf(mod, k)),
          baseModifiedMs: (key) => seededModifiedMs(seed, m.name, key),
        }),
      );
    }
  }

  table(module: string): LazyTable<DbRow> {
    const t = this.tables.get(module);
    if (!t) throw new Error(`unknown module ${module}`);
    return t;
  }

  idOf(module: string, key: number): string {
    return idForKey(this.seed, module, key);
  }

  keyOf(module: string, id: string): number | undefined {
    const key = keyForId(this.seed, module, id);
    return key !== undefined && this.tables.get(module)?.has(key) ? key : undefined;
  }

  stored(module: string, key: number): DbRow | undefined {
    return this.tables.get(module)?.get(key);
  }

  /** Every live key, in insertion order, without generating rows. */
  *keys(module: string): Generator<number> {
    const t = this.table(module);
    const last = this.size + (this.inserted.get(module) ?? 0);
    for (let key = 1; key <= last; key++) if (t.has(key)) yield key;
  }

  /** The full row as the API prints it: every value a string or null, relate names joined in. */
  printed(module: SarvModuleSpec, key: number, fields: readonly SarvFieldSpec[]): Record<string, string | null> {
    const view = new RowView(this, module, key);
    const out: Record<string, string | null> = {};
    for (const f of fields)
      out[f.name] = this.print(f, f.type === 'relate' ? this.relateName(f, view) : view.column(f.name));
    return out;
  }

  private relateName(f: SarvFieldSpec, view: RowView): DbValue {
    const id = f.idName ? view.column(f.idName) : null;
    if (typeof id !== 'string') return null;
    if (f.relatedModule === 'Users') return sarvUsers.find((u) => u.id === id)?.name ?? null;
    if (!f.relatedModule) return null;
    const key = this.keyOf(f.relatedModule, id);
    return key === undefined ? null : (this.stored(f.relatedModule, key)?.name ?? null);
  }

  private print(f: SarvFieldSpec, v: DbValue): string | null {
    if (v === null) return null;
    if (f.type === 'datetime') return apiDatetime(String(v));
    if (f.type === 'currency' || f.type === 'decimal') return Number(v).toFixed(2);
    return String(v);
  }

  create(module: SarvModuleSpec, input: Record<string, unknown>): string {
    const row = this.convertInput(module, input);
    for (const f of module.fields) {
      if (row[f.name] === undefined && f.defaultValue !== undefined)
        row[f.name] = f.type === 'bool' ? Number(f.defaultValue) : f.defaultValue;
    }
    const missing = module.fields.filter((f) => f.required && (row[f.name] === undefined || row[f.name] === null));
    if (missing.length) throw requiredError(missing);
    const full: DbRow = {};
    for (const f of module.fields) if (isColumn(f) && !f.system) full[f.name] = row[f.name] ?? null;
    full.date_entered = dbDatetime(Date.now());
    full.created_by = '1';
    full.assigned_user_id ??= '1';
    const key = this.table(module.name).insert(full);
    this.inserted.set(module.name, (this.inserted.get(module.name) ?? 0) + 1);
    return this.idOf(module.name, key);
  }

  update(module: SarvModuleSpec, key: number, input: Record<string, unknown>): void {
    const changes = this.convertInput(module, input);
    const missing = module.fields.filter((f) => f.required && f.name in changes && changes[f.name] === null);
    if (missing.length) throw requiredError(missing);
    const t = this.table(module.name);
    const current = t.get(key);
    if (!current)
      throw new SaveError(400, 22, ['Access to this object is denied since it has been deleted or does not exist.']);
    t.put(key, { ...current, ...(changes as DbRow) });
  }

  /** Raw writes from the control endpoint: native names, no validation beyond the module's columns. */
  rawWrite(module: string, key: number | undefined, fields: Record<string, unknown>): string | boolean {
    const spec = moduleSpec(module);
    if (!spec) throw new Error(`unknown module ${module}`);
    if (key === undefined) return this.create(spec, fields);
    if (!this.table(module).has(key)) return false;
    this.update(spec, key, fields);
    return true;
  }

  reset(): void {
    for (const t of this.tables.values()) t.reset();
    this.inserted = new Map();
  }

  /**
   * Checks and converts Save input to column values. Unknown fields are refused (1001); server-set
   * fields (id, audit columns, calculated phone parts, relate names) are ignored as SuiteCRM does; the
   * flat phone fields are output only: Save takes the doc's `numbers` list instead (docs/vendors.md).
   */
  private convertInput(module: SarvModuleSpec, input: Record<string, unknown>): Partial<DbRow> {
    const out: Partial<DbRow> = {};
    const errors: string[] = [];
    for (const [name, value] of Object.entries(input)) {
      if (name === 'numbers') {
        try {
          Object.assign(out, numbersToColumns(value));
        } catch (e) {
          errors.push(`numbers: ${(e as Error).message}`);
        }
        continue;
      }
      const f = module.fields.find((x) => x.name === name);
      if (!f) {
        throw new SaveError(400, 1001, [
          'The data sent for this function is invalid.',
          `${name}: no such field in ${module.name}`,
        ]);
      }
      if (f.system || f.calculated || f.type === 'relate' || f.type === 'phone') continue;
      try {
        out[name] = this.convertValue(f, value);
      } catch (e) {
        errors.push(`${name}: ${(e as Error).message}`);
      }
    }
    if (errors.length) throw new SaveError(400, 15, ['Type mismatch Error.', ...errors]);
    return out;
  }

  private convertValue(f: SarvFieldSpec, value: unknown): DbValue {
    if (value === null || value === undefined || value === '') return null;
    const text =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    switch (f.type) {
      case 'int':
        if (text === undefined || !/^-?\d+$/.test(text)) throw new Error('expects a whole number');
        return Number(text);
      case 'currency':
      case 'decimal':
        if (text === undefined || !/^-?\d+(\.\d+)?$/.test(text)) throw new Error('expects a number');
        return Number(text);
      case 'bool':
        if (text === '1' || text === 'true') return 1;
        if (text === '0' || text === 'false') return 0;
        throw new Error('expects 0 or 1');
      case 'date':
        if (text === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(text)))
          throw new Error('expects a date YYYY-MM-DD');
        return text;
      case 'datetime': {
        const ms = text === undefined ? NaN : Date.parse(text);
        if (Number.isNaN(ms)) throw new Error('expects an ISO 8601 date-time');
        return dbDatetime(ms);
      }
      case 'enum':
        if (text === undefined || !f.options?.some((o) => o.key === text))
          throw new Error(`"${String(text)}" is not one of the options`);
        return text;
      case 'multienum': {
        const list = Array.isArray(value) ? value.map(String) : text !== undefined ? decodeMulti(text) : undefined;
        if (!list || list.some((v) => !f.options?.some((o) => o.key === v)))
          throw new Error('holds a value that is not one of the options');
        return list.length ? encodeMulti(list) : null;
      }
      case 'id': {
        if (text === undefined) throw new Error('expects an id');
        if (f.relatedModule === 'Users') {
          if (!sarvUsers.some((u) => u.id === text)) throw new Error('no such user');
        } else if (f.relatedModule && this.keyOf(f.relatedModule, text) === undefined) {
          throw new Error(`no such record in ${f.relatedModule}`);
        }
        return text;
      }
      case 'email':
        if (text === undefined || !/^[^@\s]+@[^@\s]+$/.test(text)) throw new Error('expects an email address');
        return checkLength(f, text);
      default:
        if (text === undefined) throw new Error('expects text');
        return checkLength(f, text);
    }
  }
}

function checkLength(f: SarvFieldSpec, text: string): string {
  if (f.len !== undefined && [...text].length > f.len) throw new Error(`is longer than ${f.len} characters`);
  return text;
}

function requiredError(missing: SarvFieldSpec[]): SaveError {
  return new SaveError(400, 14, [
    'Please fill out the required fields and try again.',
    ...missing.map((f) => `${f.name}: ${f.label.en} is required`),
  ]);
}

/**
 * The doc's `numbers` Save input: items are plain strings or {type, number, phoneCode, phoneFlag,
 * primary, sms, fax}. The primary (or first) item fills primary_number; flagged items fill sms_number
 * and fax_number. The list replaces every stored number.
 */
function numbersToColumns(value: unknown): DbRow {
  if (!Array.isArray(value)) throw new Error('expects a list');
  const items = value.map((v) => {
    if (typeof v === 'string') return { number: v, primary: false, sms: false, fax: false, code: undefined };
    if (typeof v === 'object' && v !== null && typeof (v as { number?: unknown }).number === 'string') {
      const o = v as { number: string; primary?: unknown; sms?: unknown; fax?: unknown; phoneCode?: unknown };
      const flag = (x: unknown) => x === 1 || x === '1' || x === true;
      return {
        number: o.number,
        primary: flag(o.primary),
        sms: flag(o.sms),
        fax: flag(o.fax),
        code: typeof o.phoneCode === 'string' ? o.phoneCode : undefined,
      };
    }
    throw new Error('each item is a number string or an object with "number"');
  });
  const primary = items.find((i) => i.primary) ?? items.find((i) => !i.fax && !i.sms) ?? null;
  const cols = phoneColumns(primary?.number ?? null);
  if (primary?.code && cols.primary_number !== null) cols.primary_number_country_code = primary.code;
  cols.sms_number = items.find((i) => i.sms)?.number ?? null;
  cols.fax_number = items.find((i) => i.fax)?.number ?? null;
  return cols;
}
