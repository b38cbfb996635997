import { VtError } from './errors.ts';

/**
 * vtiger's query language as the real server parses it (doc "Query format", corrected where real servers differ, docs/vendors.md):
 *   select * | count(*) | col, col from Module [where cond (and|or cond)...] [order by col [asc|desc]]
 *   [limit [m,] n];
 * Strings use single quotes with '' for a quote inside; the empty literal '' and double quotes fail the
 * lexer (INTERNAL_SERVER_ERROR); backslash escapes are QUERY_SYNTAX_ERROR; `order by` takes ONE column;
 * the final `;` is required. There is no `is null`, no `not`, no `<>` and no brackets.
 */

export type CondOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like' | 'in';
export interface Condition {
  column: string;
  op: CondOp;
  values: string[];
}
export interface ParsedQuery {
  select: { kind: 'all' } | { kind: 'count' } | { kind: 'columns'; columns: string[] };
  module: string;
  /** Conditions joined left to right by the connectors (connectors[i] joins condition i and i+1). */
  where: Condition[];
  connectors: ('and' | 'or')[];
  orderBy?: { column: string; desc: boolean };
  limit?: { offset: number; count: number };
}

type Token = { kind: 'word' | 'string' | 'symbol'; text: string };

const syntax = (msg: string) => new VtError('QUERY_SYNTAX_ERROR', `Syntax Error on line 1: ${msg}`);

function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= q.length) throw syntax('unterminated string');
        const d = q.charAt(j);
        if (d === '\\') throw syntax('backslash escapes are not part of the query language');
        if (d === "'") {
          if (q.charAt(j + 1) === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += d;
        j++;
      }
      // The lexer's string pattern needs at least one character: '' does not lex at all.
      if (j === i + 1)
        throw new VtError('INTERNAL_SERVER_ERROR', 'Database error while performing requested operation');
      tokens.push({ kind: 'string', text });
      i = j + 1;
      continue;
    }
    const word = /^[+-]?[A-Za-z0-9_]+/.exec(q.slice(i));
    if (word) {
      tokens.push({ kind: 'word', text: word[0] });
      i += word[0].length;
      continue;
    }
    const sym = /^(<=|>=|!=|[=<>(),*;])/.exec(q.slice(i));
    if (sym) {
      tokens.push({ kind: 'symbol', text: sym[0] });
      i += sym[0].length;
      continue;
    }
    // Anything else (double quotes included) makes the lexer throw: a generic server error.
    throw new VtError('INTERNAL_SERVER_ERROR', 'Database error while performing requested operation');
  }
  return tokens;
}

export function parseQuery(q: string): ParsedQuery {
  const t = tokenize(q);
  let pos = 0;
  const peek = () => t[pos];
  const isWord = (w: string) => peek()?.kind === 'word' && peek()?.text.toLowerCase() === w;
  const isSym = (s: string) => peek()?.kind === 'symbol' && peek()?.text === s;
  const take = (): Token => {
    const tok = t[pos++];
    if (!tok) throw syntax('unexpected end of query');
    return tok;
  };
  const expectWord = (w: string) => {
    if (!isWord(w)) throw syntax(`expected ${w}`);
    pos++;
  };
  const expectSym = (s: string) => {
    if (!isSym(s)) throw syntax(`expected ${s}`);
    pos++;
  };
  const name = (): string => {
    const tok = take();
    if (tok.kind !== 'word' || !/^[A-Za-z_]/.test(tok.text)) throw syntax(`unexpected ${tok.text}`);
    return tok.text;
  };
  const value = (): string => {
    const tok = take();
    if (tok.kind === 'symbol') throw syntax(`unexpected ${tok.text}`);
    return tok.text;
  };

  expectWord('select');
  let select: ParsedQuery['select'];
  if (isSym('*')) {
    pos++;
    select = { kind: 'all' };
  } else if (isWord('count') && t[pos + 1]?.text === '(') {
    pos++;
    expectSym('(');
    expectSym('*');
    expectSym(')');
    select = { kind: 'count' };
  } else {
    const columns = [name()];
    while (isSym(',')) {
      pos++;
      columns.push(name());
    }
    select = { kind: 'columns', columns };
  }
  expectWord('from');
  const module = name();
  const where: Condition[] = [];
  const connectors: ('and' | 'or')[] = [];
  if (isWord('where')) {
    pos++;
    for (;;) {
      where.push(condition());
      if (isWord('and') || isWord('or')) connectors.push(take().text.toLowerCase() as 'and' | 'or');
      else break;
    }
  }
  let orderBy: ParsedQuery['orderBy'];
  if (isWord('order')) {
    pos++;
    expectWord('by');
    const column = name();
    let desc = false;
    if (isWord('asc')) pos++;
    else if (isWord('desc')) {
      pos++;
      desc = true;
    }
    // docs/vendors.md: order by takes one column (the doc's "at most two" gives QUERY_SYNTAX_ERROR).
    if (isSym(',')) throw syntax('order by takes one column');
    orderBy = { column, desc };
  }
  let limit: ParsedQuery['limit'];
  if (isWord('limit')) {
    pos++;
    const first = intValue(take());
    if (isSym(',')) {
      pos++;
      limit = { offset: first, count: intValue(take()) };
    } else limit = { offset: 0, count: first };
  }
  // docs/vendors.md: a query without the final ; gives QUERY_SYNTAX_ERROR.
  expectSym(';');
  if (pos !== t.length) throw syntax('text after ;');
  return { select, module, where, connectors, ...(orderBy ? { orderBy } : {}), ...(limit ? { limit } : {}) };

  function condition(): Condition {
    const column = name();
    if (isWord('in')) {
      pos++;
      expectSym('(');
      const values = [value()];
      while (isSym(',')) {
        pos++;
        values.push(value());
      }
      expectSym(')');
      return { column, op: 'in', values };
    }
    if (isWord('like')) {
      pos++;
      const tok = take();
      if (tok.kind !== 'string') throw syntax('like takes a quoted pattern');
      return { column, op: 'like', values: [tok.text] };
    }
    const op = take();
    if (op.kind !== 'symbol' || !['=', '!=', '<', '<=', '>', '>='].includes(op.text)) {
      throw syntax(`unexpected ${op.text} after ${column}`);
    }
    return { column, op: op.text as CondOp, values: [value()] };
  }
}

function intValue(tok: Token): number {
  if (tok.kind !== 'word' || !/^\d+$/.test(tok.text)) throw syntax(`limit takes whole numbers, not ${tok.text}`);
  return Number(tok.text);
}

/** MySQL's default collation: case- and accent-insensitive (docs/vendors.md: 'Muller%' finds Müller). */
export function collate(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** `like` with % and _ as wildcards and no escape character (docs/vendors.md). */
export function likeMatcher(pattern: string): (s: string) => boolean {
  let re = '';
  for (const ch of collate(pattern)) {
    if (ch === '%') re += '[\\s\\S]*';
    else if (ch === '_') re += '[\\s\\S]';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const rx = new RegExp(`^${re}$`, 'u');
  return (s) => rx.test(collate(s));
}
