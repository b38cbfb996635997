import { z } from 'zod';
import { CrmError } from './errors.ts';
import { serviceError } from './i18n/error-text.ts';
import type { Field } from './fields.ts';

/** Filter operators, as written in `--where` and in the grid's column filters (docs/cli.md). */
export const filterOps = [
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'contains',
  'startswith',
  'endswith',
  'in',
  'isempty',
] as const;
export type FilterOp = (typeof filterOps)[number];

// Bounds on what a caller may send (the IPC path has no body limit of its own).
const fieldName = z.string().min(1).max(200);
const filterValue = z.string().max(10_000);

export const filterSchema = z.discriminatedUnion('op', [
  z.object({ field: fieldName, op: z.literal('in'), value: z.array(filterValue).min(1).max(1000) }),
  z.object({ field: fieldName, op: z.literal('isempty') }),
  z.object({
    field: fieldName,
    op: z.enum(['=', '!=', '<', '<=', '>', '>=', 'contains', 'startswith', 'endswith']),
    value: filterValue,
  }),
]);
export type Filter = z.infer<typeof filterSchema>;

export const sortSchema = z.object({ field: fieldName, desc: z.boolean() });
export type Sort = z.infer<typeof sortSchema>;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export const listQuerySchema = z.object({
  /** 1-based. */
  page: z.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  sort: sortSchema.optional(),
  filters: z.array(filterSchema).max(100).default([]),
  /** Words to find in the records' text; answered from the local mirror's search index (offline only). */
  search: z.string().max(500).optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

// Longest operators first so that "<=" wins over "<".
const opsByLength = [...filterOps].sort((a, b) => b.length - a.length);
const wordOps = new Set<string>(['contains', 'startswith', 'endswith', 'in', 'isempty']);

/**
 * Parses `<field> <op> <value>` (docs/cli.md, "Filters and sort"). The field is the longest described name that
 * starts the string (followed by a space or a symbolic operator), or a name in [brackets]; the value is
 * everything after the operator and one space, taken literally.
 */
export function parseWhere(text: string, fieldNames: readonly string[]): Filter {
  let field: string | undefined;
  let rest: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) throw serviceError('invalid_input', 'errors.service.filterNoBracket', { filter: text });
    field = text.slice(1, close);
    rest = text.slice(close + 1);
  } else {
    const candidates = fieldNames
      .filter((n) => text.startsWith(n) && isOpStart(text.slice(n.length)))
      .sort((a, b) => b.length - a.length);
    field = candidates[0];
    if (field === undefined) {
      throw serviceError('invalid_input', 'errors.service.filterNoField', { filter: text });
    }
    rest = text.slice(field.length);
  }
  if (!fieldNames.includes(field)) {
    throw serviceError('invalid_input', 'errors.service.filterUnknownField', { filter: text, field });
  }
  const trimmed = rest.replace(/^ +/, '');
  const op = opsByLength.find((o) => {
    if (!trimmed.startsWith(o)) return false;
    const after = trimmed.slice(o.length);
    // A word operator must be followed by a space or the end; a symbol may touch its value.
    return wordOps.has(o) ? after === '' || after.startsWith(' ') : true;
  });
  if (!op) {
    const operators = filterOps.join(' ');
    throw serviceError('invalid_input', 'errors.service.filterNoOperator', { filter: text, operators, field });
  }
  let value = trimmed.slice(op.length);
  if (value.startsWith(' ')) value = value.slice(1);
  if (op === 'isempty') {
    if (value.trim() !== '') throw serviceError('invalid_input', 'errors.service.filterIsEmptyValue', { filter: text });
    return { field, op };
  }
  if (op === 'in') {
    const values = value.split(',');
    if (value === '') throw serviceError('invalid_input', 'errors.service.filterInList', { filter: text });
    return { field, op, value: values };
  }
  return { field, op, value };
}

function isOpStart(after: string): boolean {
  if (after.startsWith(' ')) return true;
  return ['=', '!', '<', '>'].some((c) => after.startsWith(c));
}

export function parseSort(text: string, fieldNames: readonly string[]): Sort {
  let field = text;
  let desc = false;
  const m = /^(.*):(asc|desc)$/i.exec(text);
  if (m && m[1] !== undefined && m[2] !== undefined) {
    field = m[1];
    desc = m[2].toLowerCase() === 'desc';
  }
  if (!fieldNames.includes(field)) throw serviceError('invalid_input', 'errors.service.sortUnknownField', { field });
  return { field, desc };
}

export function describeFilter(f: Filter): string {
  if (f.op === 'isempty') return `${f.field} isempty`;
  if (f.op === 'in') return `${f.field} in ${f.value.join(',')}`;
  return `${f.field} ${f.op} ${f.value}`;
}

/** Refuses a filter a vendor cannot express exactly (docs/cli.md: never widen or drop it). */
export function unsupportedFilter(f: Filter, why: string): CrmError {
  return new CrmError('unsupported', `Filter "${describeFilter(f)}" cannot be sent to this vendor: ${why}`);
}

export function fieldByName(fields: readonly Field[], name: string): Field {
  const f = fields.find((x) => x.name === name);
  if (!f) throw serviceError('invalid_input', 'errors.service.unknownField', { field: name });
  return f;
}
