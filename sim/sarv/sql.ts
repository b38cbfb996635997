import type { DbValue } from './values.ts';

/** Reads a column of the row being tested (lazily: a scan need not build rows it can reject early). */
export type Lookup = (column: string) => DbValue;

/**
 * A small MySQL subset for Retrieve's `query` (a raw WHERE clause, docs/vendors.md, "SarvCRM") and
 * `order_by`: comparisons, [NOT] LIKE with ESCAPE, [NOT] IN, IS [NOT] NULL, BETWEEN, AND/OR/NOT,
 * parentheses, single-quoted strings with MySQL's `''` and backslash escapes, numbers, NULL, TRUE/FALSE
 * and `--`/`#` comments. Anything else is a syntax error, which the server answers as "MySQL Error" text.
 * Semantics follow MySQL with a case-insensitive collation: NULL is unknown (three-valued logic),
 * a number compared with a string compares numerically, strings compare case-insensitively.
 */
export class SqlError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

type Token =
  | { t: 'id'; v: string; quoted: boolean; pos: number }
  | { t: 'str'; v: string; pos: number }
  | { t: 'num'; v: number; pos: number }
  | { t: 'op'; v: string; pos: number }
  | { t: 'end'; pos: number };

const OPS = ['<=>', '<=', '>=', '<>', '!=', '&&', '||', '=', '<', '>', '(', ')', ',', '.', '-', '+', '!'];

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const syntax = (at: number) => syntaxError(sql, at);
  while (i < sql.length) {
    const c = sql[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#' || (c === '-' && sql[i + 1] === '-' && (i + 2 >= sql.length || /\s/.test(sql[i + 2] as string)))) {
      while (i < sql.length && sql[i] !== '\n') i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const start = i;
      let v = '';
      i++;
      for (;;) {
        if (i >= sql.length) throw syntax(start);
        const ch = sql[i] as string;
        if (ch === c) {
          if (sql[i + 1] === c) {
            v += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (ch === '\\') {
          const n = sql[i + 1];
          if (n === undefined) throw syntax(start);
          // MySQL keeps the backslash of \% and \_ so LIKE can still see the escape.
          v += n === '%' || n === '_' ? `\\${n}` : (BACKSLASH[n] ?? n);
          i += 2;
          continue;
        }
        v += ch;
        i++;
      }
      out.push({ t: 'str', v, pos: start });
      continue;
    }
    if (c === '`') {
      const end = sql.indexOf('`', i + 1);
      if (end < 0) throw syntax(i);
      out.push({ t: 'id', v: sql.slice(i + 1, end), quoted: true, pos: i });
      i = end + 1;
      continue;
    }
    const num = /^(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/.exec(sql.slice(i));
    if (num && !/[A-Za-z_]/.test(sql[i + num[0].length] ?? '')) {
      out.push({ t: 'num', v: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_$\d]+/.exec(sql.slice(i));
    if (word) {
      out.push({ t: 'id', v: word[0], quoted: false, pos: i });
      i += word[0].length;
      continue;
    }
    const op = OPS.find((o) => sql.startsWith(o, i));
    if (!op) throw syntax(i);
    out.push({ t: 'op', v: op, pos: i });
    i += op.length;
  }
  out.push({ t: 'end', pos: sql.length });
  return out;
}

const BACKSLASH: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

function syntaxError(sql: string, at: number): SqlError {
  return new SqlError(
    1064,
    `You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '${sql.slice(at, at + 40)}' at line 1`,
  );
}

export type Expr =
  | { k: 'val'; v: DbValue }
  | { k: 'col'; name: string }
  | { k: 'neg'; e: Expr }
  | { k: 'not'; e: Expr }
  | { k: 'and' | 'or'; a: Expr; b: Expr }
  | { k: 'cmp'; op: string; a: Expr; b: Expr }
  | { k: 'like'; neg: boolean; a: Expr; pattern: Expr; escape: string }
  | { k: 'in'; neg: boolean; a: Expr; list: Expr[] }
  | { k: 'isnull'; neg: boolean; a: Expr }
  | { k: 'between'; neg: boolean; a: Expr; lo: Expr; hi: Expr };

/** Resolves a (possibly table-qualified) column name, or throws MySQL's "Unknown column". */
export type ColumnResolver = (table: string | undefined, column: string, clause: string) => string;

class Parser {
  private i = 0;
  private readonly toks: Token[];
  private readonly sql: string;
  private readonly resolve: ColumnResolver;
  private readonly clause: string;
  constructor(sql: string, resolve: ColumnResolver, clause: string) {
    this.sql = sql;
    this.toks = tokenize(sql);
    this.resolve = resolve;
    this.clause = clause;
  }
  private peek(): Token {
    return this.toks[this.i] as Token;
  }
  private fail(): never {
    throw syntaxError(this.sql, this.peek().pos);
  }
  private isWord(w: string): boolean {
    const t = this.peek();
    return t.t === 'id' && !t.quoted && t.v.toUpperCase() === w;
  }
  private word(w: string): boolean {
    if (!this.isWord(w)) return false;
    this.i++;
    return true;
  }
  private isOp(o: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.v === o;
  }
  private op(o: string): boolean {
    if (!this.isOp(o)) return false;
    this.i++;
    return true;
  }
  private expectOp(o: string): void {
    if (!this.op(o)) this.fail();
  }
  end(): void {
    if (this.peek().t !== 'end') this.fail();
  }

  expr(): Expr {
    let a = this.and();
    while (this.word('OR') || this.op('||')) a = { k: 'or', a, b: this.and() };
    return a;
  }
  private and(): Expr {
    let a = this.not();
    while (this.word('AND') || this.op('&&')) a = { k: 'and', a, b: this.not() };
    return a;
  }
  private not(): Expr {
    if (this.word('NOT') || this.op('!')) return { k: 'not', e: this.not() };
    return this.predicate();
  }
  private predicate(): Expr {
    const a = this.operand();
    const t = this.peek();
    if (t.t === 'op' && ['=', '<=>', '!=', '<>', '<', '<=', '>', '>='].includes(t.v)) {
      this.i++;
      return { k: 'cmp', op: t.v, a, b: this.operand() };
    }
    if (this.word('IS')) {
      const neg = this.word('NOT');
      if (this.word('NULL')) return { k: 'isnull', neg, a };
      if (this.word('TRUE')) return wrapNot(neg, { k: 'cmp', op: '<>', a, b: { k: 'val', v: 0 } });
      if (this.word('FALSE')) return wrapNot(neg, { k: 'cmp', op: '=', a, b: { k: 'val', v: 0 } });
      this.fail();
    }
    const neg = this.isWord('NOT') && this.lookWord(1, ['LIKE', 'IN', 'BETWEEN']) ? (this.i++, true) : false;
    if (this.word('LIKE')) {
      const pattern = this.operand();
      let escape = '\\';
      if (this.word('ESCAPE')) {
        const e = this.peek();
        if (e.t !== 'str' || [...e.v].length !== 1) throw new SqlError(1210, 'Incorrect arguments to ESCAPE');
        escape = e.v;
        this.i++;
      }
      return { k: 'like', neg, a, pattern, escape };
    }
    if (this.word('IN')) {
      this.expectOp('(');
      const list = [this.operand()];
      while (this.op(',')) list.push(this.operand());
      this.expectOp(')');
      return { k: 'in', neg, a, list };
    }
    if (this.word('BETWEEN')) {
      const lo = this.operand();
      if (!this.word('AND')) this.fail();
      return { k: 'between', neg, a, lo, hi: this.operand() };
    }
    if (neg) this.fail();
    return a;
  }
  private lookWord(ahead: number, words: string[]): boolean {
    const t = this.toks[this.i + ahead];
    return t !== undefined && t.t === 'id' && !t.quoted && words.includes(t.v.toUpperCase());
  }
  private operand(): Expr {
    const t = this.peek();
    if (this.op('(')) {
      const e = this.expr();
      this.expectOp(')');
      return e;
    }
    if (this.op('-')) return { k: 'neg', e: this.operand() };
    if (this.op('+')) return this.operand();
    if (t.t === 'str') return (this.i++, { k: 'val', v: t.v });
    if (t.t === 'num') return (this.i++, { k: 'val', v: t.v });
    if (t.t !== 'id') this.fail();
    if (!t.quoted) {
      const w = t.v.toUpperCase();
      if (w === 'NULL') return (this.i++, { k: 'val', v: null });
      if (w === 'TRUE') return (this.i++, { k: 'val', v: 1 });
      if (w === 'FALSE') return (this.i++, { k: 'val', v: 0 });
      if (RESERVED.has(w)) this.fail();
    }
    this.i++;
    if (this.op('.')) {
      const c = this.peek();
      if (c.t !== 'id') this.fail();
      this.i++;
      return { k: 'col', name: this.resolve(t.v, c.v, this.clause) };
    }
    return { k: 'col', name: this.resolve(undefined, t.v, this.clause) };
  }

  /** `col [ASC|DESC] (, col [ASC|DESC])*` */
  orderList(): { column: string; desc: boolean }[] {
    const out: { column: string; desc: boolean }[] = [];
    do {
      const e = this.operand();
      if (e.k !== 'col') this.fail();
      const desc = this.word('DESC');
      if (!desc) this.word('ASC');
      out.push({ column: e.name, desc });
    } while (this.op(','));
    this.end();
    return out;
  }
}

const RESERVED = new Set([
  'AND',
  'OR',
  'NOT',
  'LIKE',
  'IN',
  'IS',
  'ESCAPE',
  'BETWEEN',
  'SELECT',
  'FROM',
  'WHERE',
  'ORDER',
  'BY',
  'LIMIT',
  'UNION',
]);

function wrapNot(neg: boolean, e: Expr): Expr {
  return neg ? { k: 'not', e } : e;
}

export function parseWhere(sql: string, resolve: ColumnResolver): Expr {
  const p = new Parser(sql, resolve, 'where clause');
  const e = p.expr();
  p.end();
  return e;
}

export function parseOrderBy(sql: string, resolve: ColumnResolver): { column: string; desc: boolean }[] {
  return new Parser(sql, resolve, 'order clause').orderList();
}

// ---- evaluation ----

function toNumber(v: string | number): number {
  if (typeof v === 'number') return v;
  const m = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/.exec(v);
  return m ? Number(m[0]) : 0;
}

/** MySQL comparison: null if either side is NULL; numeric when either side is a number; else case-insensitive. */
export function compareValues(a: DbValue, b: DbValue): number | null {
  if (a === null || b === null) return null;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toNumber(a);
    const y = toNumber(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = a.toLowerCase().replace(/ +$/, '');
  const y = b.toLowerCase().replace(/ +$/, '');
  return x < y ? -1 : x > y ? 1 : 0;
}

function likeRegex(pattern: string, escape: string): RegExp {
  let re = '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === escape && i + 1 < chars.length) {
      re += escapeRe(chars[++i] as string);
    } else if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`, 'isu');
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const bool = (b: boolean): DbValue => (b ? 1 : 0);
function truth(v: DbValue): boolean | null {
  if (v === null) return null;
  return toNumber(v) !== 0;
}

export function evaluate(e: Expr, row: Lookup): DbValue {
  switch (e.k) {
    case 'val':
      return e.v;
    case 'col':
      return row(e.name);
    case 'neg': {
      const v = evaluate(e.e, row);
      return v === null ? null : -toNumber(v);
    }
    case 'not': {
      const t = truth(evaluate(e.e, row));
      return t === null ? null : bool(!t);
    }
    case 'and': {
      const a = truth(evaluate(e.a, row));
      if (a === false) return 0;
      const b = truth(evaluate(e.b, row));
      if (b === false) return 0;
      return a === null || b === null ? null : 1;
    }
    case 'or': {
      const a = truth(evaluate(e.a, row));
      if (a === true) return 1;
      const b = truth(evaluate(e.b, row));
      if (b === true) return 1;
      return a === null || b === null ? null : 0;
    }
    case 'cmp': {
      const a = evaluate(e.a, row);
      const b = evaluate(e.b, row);
      if (e.op === '<=>') return bool(a === null || b === null ? a === b : compareValues(a, b) === 0);
      const c = compareValues(a, b);
      if (c === null) return null;
      switch (e.op) {
        case '=':
          return bool(c === 0);
        case '!=':
        case '<>':
          return bool(c !== 0);
        case '<':
          return bool(c < 0);
        case '<=':
          return bool(c <= 0);
        case '>':
          return bool(c > 0);
        default:
          return bool(c >= 0);
      }
    }
    case 'like': {
      const a = evaluate(e.a, row);
      const p = evaluate(e.pattern, row);
      if (a === null || p === null) return null;
      const hit = likeRegex(String(p), e.escape).test(String(a));
      return bool(hit !== e.neg);
    }
    case 'in': {
      const a = evaluate(e.a, row);
      if (a === null) return null;
      let sawNull = false;
      for (const item of e.list) {
        const c = compareValues(a, evaluate(item, row));
        if (c === null) sawNull = true;
        else if (c === 0) return bool(!e.neg);
      }
      return sawNull ? null : bool(e.neg);
    }
    case 'isnull':
      return bool((evaluate(e.a, row) === null) !== e.neg);
    case 'between': {
      const a = evaluate(e.a, row);
      const lo = compareValues(a, evaluate(e.lo, row));
      const hi = compareValues(a, evaluate(e.hi, row));
      if (lo === null || hi === null) return null;
      return bool((lo >= 0 && hi <= 0) !== e.neg);
    }
  }
}

export function matches(e: Expr, row: Lookup): boolean {
  return truth(evaluate(e, row)) === true;
}
