import { LazyTable } from '../common/table.ts';
import {
  ID_BASE,
  baseModifiedMs,
  formatDateTime,
  generateCompany,
  generateLevelOne,
  userRow,
  users,
  type SsModule,
  type SsRow,
} from './data.ts';
import { CREATED_KEY, MODIFIED_KEY, companyFields, levelOneFields, userFields, type SsField } from './fields.ts';
import type { LookupNames } from './values.ts';

export const moduleFields: Record<SsModule, readonly SsField[]> = {
  company: companyFields,
  levelone: levelOneFields,
  user: userFields,
};

export function isModule(segment: string): segment is SsModule {
  return Object.hasOwn(ID_BASE, segment);
}

/** The records of the simulated record types, with recordids mapped to table keys. */
export class SsStore {
  readonly tables: Record<SsModule, LazyTable<SsRow>>;

  constructor(seed: string, size: number) {
    this.tables = {
      company: new LazyTable<SsRow>({
        size,
        generate: (k) => generateCompany(seed, k),
        baseModifiedMs: (k) => baseModifiedMs(seed, 'company', k),
      }),
      levelone: new LazyTable<SsRow>({
        size,
        generate: (k) => generateLevelOne(seed, k, size),
        baseModifiedMs: (k) => baseModifiedMs(seed, 'levelone', k),
      }),
      user: new LazyTable<SsRow>({
        size: users.length,
        generate: (k) => userRow(seed, k),
        baseModifiedMs: (k) => baseModifiedMs(seed, 'user', k),
      }),
    };
  }

  keyOf(module: SsModule, recordid: string): number | undefined {
    if (!/^\d+$/.test(recordid)) return undefined;
    const key = Number(recordid) - ID_BASE[module];
    return this.tables[module].has(key) ? key : undefined;
  }

  idOf(module: SsModule, key: number): string {
    return String(ID_BASE[module] + key);
  }

  /** The stored row with the system-maintained modified date filled in. */
  row(module: SsModule, key: number): SsRow | undefined {
    const t = this.tables[module];
    const row = t.get(key);
    if (!row) return undefined;
    row[MODIFIED_KEY] = formatDateTime(t.modifiedAt(key));
    return row;
  }

  /** Every live row in recordid order, with its modified date (generated as it goes: keep loops lazy). */
  *rows(module: SsModule): Generator<[number, SsRow]> {
    const t = this.tables[module];
    for (const [key, row] of t.entries()) {
      row[MODIFIED_KEY] = formatDateTime(t.modifiedAt(key));
      yield [key, row];
    }
  }

  /** A new row: defaults for what is not given, created date and creator set by the system. */
  insert(module: SsModule, values: SsRow, createdBy: string): string {
    const row: SsRow = {};
    for (const f of moduleFields[module]) {
      if (f.key === MODIFIED_KEY) continue;
      row[f.key] = values[f.key] ?? f.defaultvalue ?? '';
    }
    row[CREATED_KEY] = formatDateTime(Date.now());
    if ('sf_Created By' in row) row['sf_Created By'] = createdBy;
    return this.idOf(module, this.tables[module].insert(row));
  }

  /** Writes the given values over the stored row (read-only fields are left alone). */
  update(module: SsModule, key: number, values: SsRow): void {
    const t = this.tables[module];
    const row = t.get(key);
    if (!row) throw new Error(`no record ${key}`);
    for (const f of moduleFields[module]) {
      if (!f.readonly && values[f.key] !== undefined) row[f.key] = values[f.key] as string;
    }
    t.put(key, row);
  }

  names(): LookupNames {
    return {
      company: (id) => {
        const key = this.keyOf('company', id);
        return key === undefined ? undefined : this.tables.company.get(key)?.sf_Name;
      },
      user: (id) => users.find((u) => u.id === id)?.name,
    };
  }

  reset(): void {
    this.tables.company.reset();
    this.tables.levelone.reset();
    this.tables.user.reset();
  }
}
