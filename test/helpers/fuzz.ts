/**
 * Deterministic generators of hostile call inputs for the browser host fuzz test: wrong types, huge
 * strings, deep nesting, prototype keys, unicode, extreme numbers, and valid calls with one part broken.
 * A Fuzzer draws from a seeded generator (the simulators' `rng`), so a failing run replays with its seed.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class Fuzzer {
  private readonly rnd: () => number;
  constructor(rnd: () => number) {
    this.rnd = rnd;
  }

  int(max: number): number {
    return Math.floor(this.rnd() * max);
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  string(): string {
    switch (this.int(8)) {
      case 0:
        return this.pick(NASTY_STRINGS);
      case 1:
        return this.pick(['x', 'é', '€', '𝄞', '\u0000', '\u202e', 'A']).repeat(
          1 + this.int(this.pick([10, 1000, 120_000])),
        );
      case 2:
        return Array.from({ length: 1 + this.int(40) }, () => String.fromCodePoint(this.codePoint())).join('');
      case 3:
        return this.pick(PROTO_KEYS);
      default:
        return Math.floor(this.rnd() * 1e9).toString(36);
    }
  }

  /** Any code point, lone surrogates included (JSON carries them as escapes). */
  private codePoint(): number {
    const ranges: [number, number][] = [
      [0, 0x20],
      [0x20, 0x7f],
      [0x80, 0x800],
      [0xd800, 0xe000],
      [0xe000, 0x10000],
      [0x10000, 0x110000],
    ];
    const [lo, hi] = this.pick(ranges);
    return lo + this.int(hi - lo);
  }

  number(): number {
    return this.pick(NASTY_NUMBERS);
  }

  value(depth = 0): Json {
    const kind = this.int(depth > 3 ? 4 : 8);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.number();
      case 3:
        return this.string();
      case 4:
        return Array.from({ length: this.int(6) }, () => this.value(depth + 1));
      case 5:
        return this.deep(1 + this.int(this.pick([10, 200, 1000])));
      case 6:
        return this.protoObject(depth);
      default: {
        const obj: { [key: string]: Json } = {};
        for (let i = this.int(5); i > 0; i--) obj[this.string().slice(0, 300)] = this.value(depth + 1);
        return obj;
      }
    }
  }

  /** Arrays or objects nested `levels` deep. */
  deep(levels: number): Json {
    let v: Json = this.chance(0.5) ? 'bottom' : 1;
    const arrays = this.chance(0.5);
    for (let i = 0; i < levels; i++) v = arrays ? [v] : { a: v };
    return v;
  }

  /** An object whose own keys are `__proto__`, `constructor`, `prototype` (as JSON.parse makes them). */
  protoObject(depth: number): Json {
    const inner = JSON.stringify(depth > 2 ? { polluted: true } : this.value(depth + 1));
    const key = this.pick(PROTO_KEYS);
    return JSON.parse(`{"${key}":${inner},"constructor":{"prototype":{"polluted":true}}}`) as Json;
  }

  /** A copy of `template` with one to three parts replaced, removed, or joined by an extra key. */
  mutate(template: Json): Json {
    let out = structuredClone(template);
    for (let n = 1 + this.int(3); n > 0; n--) out = this.mutateOnce(out);
    return out;
  }

  private mutateOnce(root: Json): Json {
    const containers: ({ [key: string]: Json } | Json[])[] = [];
    // Deep values (a thousand levels) are mutated near their top only.
    const walk = (v: Json, depth: number) => {
      if (v !== null && typeof v === 'object' && depth < 8) {
        containers.push(v);
        for (const child of Object.values(v)) walk(child, depth + 1);
      }
    };
    walk(root, 0);
    if (containers.length === 0 || this.chance(0.05)) return this.value();
    const target = this.pick(containers);
    if (Array.isArray(target)) {
      if (target.length > 0 && this.chance(0.7)) target[this.int(target.length)] = this.value();
      else target.push(this.value());
      return root;
    }
    const keys = Object.keys(target);
    const op = this.int(4);
    if (op === 0 && keys.length > 0) delete target[this.pick(keys)];
    else if (op === 1)
      Object.defineProperty(target, this.pick([...PROTO_KEYS, this.string()]), enumerable(this.value()));
    else if (keys.length > 0) target[this.pick(keys)] = this.value();
    return root;
  }
}

const enumerable = (value: Json): PropertyDescriptor => ({
  value,
  enumerable: true,
  writable: true,
  configurable: true,
});

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

export const NASTY_STRINGS = [
  '',
  ' ',
  '.',
  '..',
  '../../../../etc/passwd',
  '%2e%2e%2f',
  '%00',
  'C:\\Windows\\system32',
  "' OR 1=1 --",
  '"; DROP TABLE records; --',
  '<script>alert(1)</script>',
  '=1+2',
  '@SUM(1)',
  '${7*7}',
  '{{7*7}}',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  'true',
  '\r\n\r\nX-Injected: 1',
  '\u001b[31mred\u001b[0m',
  '\ufeffbom',
  'ﷺ𝄞🧨👩‍👩‍👧‍👦',
  'İıßẞ',
  'a\u0000b',
  '\ud800',
  'Demo · Simply CRM',
  'Accounts',
];

export const NASTY_NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  -0.5,
  2 ** 31,
  2 ** 32,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  1e21,
  1e308,
  -1e308,
  5e-324,
  Number.MAX_SAFE_INTEGER,
  1_000_001,
];

/** Raw request bodies that are not a JSON object at all. */
export function rawBodies(f: Fuzzer): string {
  return f.pick([
    '',
    'null',
    '[]',
    '"text"',
    '1e999',
    '-',
    '{',
    '{"a":}',
    '\ufeff{}',
    '{"a":1}\u0000',
    'NaN',
    '['.repeat(20_000) + ']'.repeat(20_000),
    '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
    JSON.stringify({ s: 'x'.repeat(400_000) }),
    '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    '{"connection":"a","connection":"b"}',
  ]);
}
