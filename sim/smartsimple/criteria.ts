import { findField, type SsField } from './fields.ts';
import { compareStored, likeMatches } from './values.ts';

/** A request the instance refuses: answered with HTTP 400 and this message. */
export class BadRequest extends Error {}

type Getter = (key: string) => string;
export type Predicate = (get: Getter) => boolean;

const operators = new Set(['=', '>', '>=', '<=', '<', '<>', '!=', 'like', 'not like', 'isempty']);

interface Condition {
  field: SsField;
  operator: string;
  value: string;
}

function parseJsonParam(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest(`${name} is not valid JSON`);
  }
}

function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function toCondition(fields: readonly SsField[], item: Record<string, unknown>, at: number): Condition {
  const fieldName = asText(item.field);
  const operator = asText(item.operator)?.toLowerCase().trim();
  const value = asText(item.value);
  if (!fieldName) throw new BadRequest(`criteria[${at}]: field is missing`);
  const field = findField(fields, fieldName);
  if (!field) throw new BadRequest(`criteria[${at}]: unknown field "${fieldName}"`);
  if (!operator || !operators.has(operator)) throw new BadRequest(`criteria[${at}]: unknown operator`);
  if (value === undefined) throw new BadRequest(`criteria[${at}]: value is missing`);
  if (operator === 'isempty' && value !== 'true' && value !== 'false') {
    throw new BadRequest(`criteria[${at}]: isempty takes "true" or "false"`);
  }
  return { field, operator, value };
}

function test(c: Condition, stored: string): boolean {
  switch (c.operator) {
    case 'isempty':
      return (stored.trim() === '') === (c.value === 'true');
    case 'like':
      return likeMatches(stored, c.value);
    case 'not like':
      return !likeMatches(stored, c.value);
  }
  const cmp = compareStored(c.field, stored, c.value);
  switch (c.operator) {
    case '=':
      return cmp === 0;
    case '<>':
    case '!=':
      return cmp !== 0;
    case '<':
      return stored !== '' && cmp < 0;
    case '<=':
      return stored !== '' && cmp <= 0;
    case '>':
      return cmp > 0;
    default:
      return cmp >= 0;
  }
}

type Token = '(' | ')' | 'and' | 'or' | Condition;

/**
 * Parses the `criteria` parameter. Doc, "Using List Functions": each node's `andor` joins it to the one
 * before and may carry brackets ("(", ") and ("); the doc's own bracket example never closes its last
 * bracket, so brackets still open at the end are closed. AND binds tighter than OR, as in the SQL the
 * doc shows the criteria stand for.
 */
export function parseCriteria(text: string | null, fields: readonly SsField[]): Predicate {
  if (text === null || text.trim() === '') return () => true;
  const parsed = parseJsonParam('criteria', text);
  if (!Array.isArray(parsed)) throw new BadRequest('criteria must be a JSON array');
  const tokens: Token[] = [];
  parsed.forEach((raw: unknown, i) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new BadRequest(`criteria[${i}] must be an object`);
    }
    const item = raw as Record<string, unknown>;
    const andor = (asText(item.andor) ?? '').toLowerCase();
    const parts = andor.match(/\(|\)|[a-z]+|\S/g) ?? [];
    for (const p of parts) {
      if (p !== '(' && p !== ')' && p !== 'and' && p !== 'or')
        throw new BadRequest(`criteria[${i}]: bad andor "${andor}"`);
      // The first node's and/or has nothing to join (the doc's examples give "and" there).
      if (i === 0 && (p === 'and' || p === 'or')) continue;
      tokens.push(p);
    }
    if (i > 0 && !parts.some((p) => p === 'and' || p === 'or')) {
      throw new BadRequest(`criteria[${i}]: andor must be "and" or "or"`);
    }
    tokens.push(toCondition(fields, item, i));
  });
  let depth = 0;
  for (const t of tokens) {
    if (t === '(') depth++;
    else if (t === ')' && --depth < 0) throw new BadRequest('criteria: unbalanced brackets');
  }
  for (; depth > 0; depth--) tokens.push(')');
  return compile(tokens);
}

function compile(tokens: Token[]): Predicate {
  let pos = 0;
  const peek = () => tokens[pos];
  function expr(): Predicate {
    const terms = [term()];
    while (peek() === 'or') {
      pos++;
      terms.push(term());
    }
    return (get) => terms.some((t) => t(get));
  }
  function term(): Predicate {
    const factors = [factor()];
    while (peek() === 'and') {
      pos++;
      factors.push(factor());
    }
    return (get) => factors.every((f) => f(get));
  }
  function factor(): Predicate {
    const t = tokens[pos++];
    if (t === '(') {
      const inner = expr();
      if (tokens[pos++] !== ')') throw new BadRequest('criteria: unbalanced brackets');
      return inner;
    }
    if (t === undefined || typeof t === 'string') throw new BadRequest('criteria: a condition is missing');
    return (get) => test(t, get(t.field.key));
  }
  const p = expr();
  if (pos !== tokens.length) throw new BadRequest('criteria: unexpected bracket or connector');
  return p;
}

export interface SortKey {
  field: SsField;
  desc: boolean;
}

/** Parses `sortby`: a JSON array of {field, direction: asc|desc} (doc, "Using List Functions"). */
export function parseSortBy(text: string | null, fields: readonly SsField[]): SortKey[] {
  if (text === null || text.trim() === '') return [];
  const parsed = parseJsonParam('sortby', text);
  if (!Array.isArray(parsed)) throw new BadRequest('sortby must be a JSON array');
  return parsed.map((raw: unknown, i) => {
    const item = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const name = asText(item.field);
    const field = name ? findField(fields, name) : undefined;
    if (!field) throw new BadRequest(`sortby[${i}]: unknown field "${name ?? ''}"`);
    const direction = (asText(item.direction) ?? 'asc').toLowerCase();
    if (direction !== 'asc' && direction !== 'desc') throw new BadRequest(`sortby[${i}]: direction is asc or desc`);
    return { field, desc: direction === 'desc' };
  });
}

export interface OtherSettings {
  getstorevalue: boolean;
  keyformat: 0 | 1 | 2;
  recordstart: number;
  recordend: number;
  recordsperpage: number;
  pagenum: number;
}

function intSetting(o: Record<string, unknown>, name: string): number {
  const v = o[name];
  if (v === undefined || v === '') return 0;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new BadRequest(`othersettings: ${name} must be a whole number`);
  return n;
}

/** Parses `othersettings` (doc: getstorevalue, keyformat and the four pagination parameters). */
export function parseOtherSettings(text: string | null): OtherSettings {
  let o: Record<string, unknown> = {};
  if (text !== null && text.trim() !== '') {
    const parsed = parseJsonParam('othersettings', text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new BadRequest('othersettings must be a JSON object');
    }
    o = parsed as Record<string, unknown>;
  }
  const keyformat = intSetting(o, 'keyformat');
  if (keyformat > 2) throw new BadRequest('othersettings: keyformat is 0, 1 or 2');
  return {
    getstorevalue: intSetting(o, 'getstorevalue') === 1,
    keyformat: keyformat as 0 | 1 | 2,
    recordstart: intSetting(o, 'recordstart'),
    recordend: intSetting(o, 'recordend'),
    recordsperpage: intSetting(o, 'recordsperpage'),
    pagenum: intSetting(o, 'pagenum'),
  };
}

/** The most records one call returns (doc: "capped to 10000 records"). */
export const MAX_RECORDS_PER_CALL = 10_000;

/**
 * The 1-based, inclusive window of matching records a List call returns, by the doc's "Priority of
 * operations": recordend first, then pagenum with recordsperpage, then recordsperpage from
 * recordstart, then recordstart alone; never more than 10000 records.
 */
export function pageWindow(s: OtherSettings): { from: number; to: number } {
  let from: number;
  let to: number;
  if (s.recordend > 0) {
    from = Math.max(1, s.recordstart);
    to = s.recordend;
  } else if (s.pagenum > 0 && s.recordsperpage > 0) {
    from = (s.pagenum - 1) * s.recordsperpage + 1;
    to = from + s.recordsperpage - 1;
  } else if (s.recordsperpage > 0) {
    from = Math.max(1, s.recordstart);
    to = from + s.recordsperpage - 1;
  } else {
    from = Math.max(1, s.recordstart);
    to = from + MAX_RECORDS_PER_CALL - 1;
  }
  return { from, to: Math.min(to, from + MAX_RECORDS_PER_CALL - 1) };
}
