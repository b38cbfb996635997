import type { RecordValue } from '../shared/fields.ts';
import type { Catalog } from '../shared/i18n/en.ts';
import { cli } from './i18n.ts';

const MAX_CELL = 48;

/** A plain text table: a header row, a rule, then rows; long cells are cut with an ellipsis. */
export function table(headers: string[], rows: string[][], maxCell: number = MAX_CELL): string {
  const cut = (s: string) => {
    const flat = s.replace(/\s+/g, ' ');
    const chars = [...flat];
    return chars.length > maxCell ? chars.slice(0, maxCell - 1).join('') + '…' : flat;
  };
  const cells = [headers, ...rows].map((r) => r.map(cut));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - [...c].length)))
      .join('  ')
      .trimEnd();
  const [head, ...body] = cells;
  return [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export type ColumnName = keyof Catalog['cli']['columns'];

/** A table's column titles in the run's language. */
export function columnHeads(names: readonly ColumnName[]): string[] {
  const { t } = cli();
  return names.map((name) => t(`cli.columns.${name}`));
}

/** A sort as `--sort` takes it (`field` or `field:desc`): command syntax, the same in every language. */
export function sortArgument(sort: { field: string; desc?: boolean }): string {
  return sort.desc ? `${sort.field}:desc` : sort.field;
}

/** The field names of some records as table columns: the id field first, then each other in order of appearance. */
export function recordColumns(rows: readonly Record<string, unknown>[]): string[] {
  const columns = ['id'];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  return columns;
}

/** A value as a person reads it in a table or a record view. */
export function showValue(v: RecordValue | undefined | unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** `key: value` lines for one record, keys aligned; values cut at `maxValue` characters when given. */
export function keyValues(obj: Record<string, unknown>, maxValue?: number): string {
  const keys = Object.keys(obj);
  const width = Math.max(0, ...keys.map((k) => k.length));
  const cut = (s: string) =>
    maxValue !== undefined && [...s].length > maxValue ? [...s].slice(0, maxValue - 1).join('') + '…' : s;
  return keys.map((k) => `${k.padEnd(width)}  ${cut(showValue(obj[k]))}`).join('\n');
}
