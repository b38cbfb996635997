import { serviceError } from '../../../shared/i18n/error-text.ts';
import type { CrmRecord, Field, ModuleSchema, RecordData, RecordValue } from '../../../shared/fields.ts';
import { sameValue } from '../../../shared/values.ts';
import { validateRecordData } from '../record-validation.ts';
import type { Table } from './table.ts';

/** Column → field. A column mapped to nothing is left out of the update. */
export type Mapping = Record<string, string>;

/** What a row of the file will do, decided before any write (the dry run shows exactly this). */
export interface RowPlan {
  /** 1-based, the file's data rows (the header is row 0). */
  row: number;
  key: string;
  id: string | null;
  kind: 'update' | 'create' | 'unchanged' | 'refused';
  /** Fields to write, with their new values. */
  changes: RecordData;
  /** The record's values of the mapped fields before. */
  before: RecordData;
  message: string | null;
}

/** Maps columns by field name, then by label (case and spacing ignored); `explicit` wins over both. */
export function autoMapping(columns: string[], schema: ModuleSchema, explicit: Mapping = {}): Mapping {
  const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  const byName = new Map(schema.fields.map((f) => [norm(f.name), f.name]));
  const byLabel = new Map(schema.fields.map((f) => [norm(f.label), f.name]));
  const known = new Set(['id', ...schema.fields.map((f) => f.name)]);
  const out: Mapping = {};
  for (const c of columns) {
    const field = c === 'id' ? 'id' : (byName.get(norm(c)) ?? byLabel.get(norm(c)));
    if (field) out[c] = field;
  }
  for (const [col, field] of Object.entries(explicit)) {
    if (!columns.includes(col)) throw serviceError('invalid_input', 'errors.service.mapNoColumn', { column: col });
    if (field === '') delete out[col];
    else if (!known.has(field))
      throw serviceError('invalid_input', 'errors.service.mapNotAField', { field, module: schema.module });
    else out[col] = field;
  }
  return out;
}

/**
 * The part of a view's saved mapping that applies to this file: entries for columns the file lacks are
 * skipped (a view's mapping may serve several files); an entry naming a field the module no longer has
 * is an error, never guessed.
 */
export function savedMapping(columns: string[], schema: ModuleSchema, saved: Mapping, view: string): Mapping {
  const known = new Set(['id', ...schema.fields.map((f) => f.name)]);
  const unknown = Object.entries(saved)
    .filter(([col, field]) => columns.includes(col) && field !== '' && !known.has(field))
    .map(([col, field]) => `${col} → ${field}`);
  if (unknown.length > 0) {
    throw serviceError('invalid_input', 'errors.service.viewMapsUnknown', {
      view,
      module: schema.module,
      fields: unknown.join(', '),
    });
  }
  return Object.fromEntries(Object.entries(saved).filter(([col]) => columns.includes(col)));
}

/**
 * A cell's text as the field's value: numbers and booleans typed, lists split on ";", a spreadsheet's
 * text marker (one leading apostrophe before a formula character, as exports write) removed. An empty
 * cell means "leave as is" (undefined).
 */
export function cellValue(text: string, field: Field | undefined): RecordValue | undefined {
  if (text.trim() === '') return undefined;
  const t = text.replace(/^'(?=['=+\-@\t\r])/, '');
  switch (field?.type) {
    case 'integer':
    case 'decimal':
    case 'currency':
    case 'percent': {
      const n = Number(t.trim());
      return t.trim() !== '' && Number.isFinite(n) ? n : t;
    }
    case 'boolean': {
      const v = t.trim().toLowerCase();
      if (['true', '1', 'yes'].includes(v)) return true;
      if (['false', '0', 'no'].includes(v)) return false;
      return t;
    }
    case 'multipicklist':
      return t
        .split(';')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    default:
      return t;
  }
}

/** The records a key finds: zero (a miss), one, or more (a duplicate: never guessed). */
export type Finder = (field: string, key: string) => Promise<CrmRecord[]>;

/**
 * Plans every row: match by `match` (the id or a field whose values must be unique), compare each mapped
 * value with the record's, validate the changes against describe. Makes no write request.
 */
export async function planRows(
  table: Table,
  schema: ModuleSchema,
  mapping: Mapping,
  match: string,
  createMissing: boolean,
  find: Finder,
  onProgress?: (done: number) => void,
): Promise<RowPlan[]> {
  const keyColumn = Object.keys(mapping).find((c) => mapping[c] === match);
  if (!keyColumn) throw serviceError('invalid_input', 'errors.service.matchNotMapped', { field: match });
  if (match !== 'id' && !schema.fields.some((f) => f.name === match)) {
    throw serviceError('invalid_input', 'errors.service.matchNotAField', { field: match, module: schema.module });
  }
  const fields = new Map(schema.fields.map((f) => [f.name, f]));
  const keyIndex = table.columns.indexOf(keyColumn);
  const firstRowOfKey = new Map<string, number>();
  const plans: RowPlan[] = [];
  for (const [i, cells] of table.rows.entries()) {
    const row = i + 1;
    const key = (cells[keyIndex] ?? '').trim();
    const wanted: RecordData = {};
    for (const [c, field] of Object.entries(mapping)) {
      if (field === 'id' || field === match) continue;
      const value = cellValue(cells[table.columns.indexOf(c)] ?? '', fields.get(field));
      if (value !== undefined) wanted[field] = value;
    }
    const base = { row, key, id: null, changes: {}, before: {} };
    if (key === '') {
      plans.push({ ...base, kind: 'refused', message: `no value in the match column "${keyColumn}"` });
      continue;
    }
    const earlier = firstRowOfKey.get(key);
    if (earlier !== undefined) {
      plans.push({ ...base, kind: 'refused', message: `the same ${match} as row ${earlier}: one change per record` });
      continue;
    }
    firstRowOfKey.set(key, row);
    let found: CrmRecord[];
    try {
      found = await find(match, key);
    } catch (err) {
      plans.push({ ...base, kind: 'refused', message: `could not look the record up: ${(err as Error).message}` });
      continue;
    }
    if (found.length > 1) {
      plans.push({
        ...base,
        kind: 'refused',
        message: `${found.length} records have ${match} "${key}": duplicates are never guessed`,
      });
    } else if (found.length === 0) {
      if (!createMissing) plans.push({ ...base, kind: 'refused', message: `no record has ${match} "${key}"` });
      else plans.push(createPlan(base, schema, match, key, wanted));
    } else {
      plans.push(updatePlan(base, schema, found[0] as CrmRecord, wanted));
    }
    onProgress?.(row);
  }
  return plans;
}

type Base = Pick<RowPlan, 'row' | 'key' | 'id' | 'changes' | 'before'>;

function updatePlan(base: Base, schema: ModuleSchema, rec: CrmRecord, wanted: RecordData): RowPlan {
  const before: RecordData = {};
  const changes: RecordData = {};
  for (const [field, value] of Object.entries(wanted)) {
    before[field] = rec[field] ?? null;
    if (!sameValue(rec[field] ?? null, value)) changes[field] = value;
  }
  const plan = { ...base, id: rec.id, before, changes };
  if (Object.keys(changes).length === 0) return { ...plan, kind: 'unchanged', message: null };
  const problem = validationProblem(schema, changes);
  return problem ? { ...plan, kind: 'refused', message: problem } : { ...plan, kind: 'update', message: null };
}

function createPlan(base: Base, schema: ModuleSchema, match: string, key: string, wanted: RecordData): RowPlan {
  const changes: RecordData = { ...wanted };
  if (match !== 'id')
    changes[match] =
      cellValue(
        key,
        schema.fields.find((f) => f.name === match),
      ) ?? key;
  const missing = schema.fields.filter((f) => f.required && !f.readOnly && changes[f.name] === undefined);
  const problem =
    match === 'id'
      ? 'no record has this id (a new record gets its id from the vendor: match on a field to create)'
      : missing.length > 0
        ? `required to create: ${missing.map((f) => f.name).join(', ')}`
        : validationProblem(schema, changes);
  const plan = { ...base, changes };
  return problem ? { ...plan, kind: 'refused', message: problem } : { ...plan, kind: 'create', message: null };
}

function validationProblem(schema: ModuleSchema, data: RecordData): string | null {
  try {
    validateRecordData(schema, data);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
