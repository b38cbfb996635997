import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CrmError } from '../../../src/shared/errors.ts';
import { jsonCursor, textCursor } from '../../../src/main/connectors/common/cursor.ts';
import * as sarv from '../../../src/main/connectors/sarv/cursor.ts';
import * as simplicate from '../../../src/main/connectors/simplicate/cursor.ts';
import * as simply from '../../../src/main/connectors/simply/cursor.ts';
import * as smartsimple from '../../../src/main/connectors/smartsimple/cursor.ts';
import * as spotler from '../../../src/main/connectors/spotler/cursor.ts';

function kindOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return err instanceof CrmError ? err.kind : 'not a CrmError';
  }
  return 'no error';
}

describe('the shared sync cursor codec', () => {
  const codec = jsonCursor('Acme', z.object({ v: z.literal(1), at: z.number() }));

  it('writes JSON and reads back what it wrote', () => {
    expect(codec.encode({ v: 1, at: 5 })).toBe('{"v":1,"at":5}');
    expect(codec.decode(codec.encode({ v: 1, at: 5 }))).toEqual({ v: 1, at: 5 });
  });

  it('refuses text that is not JSON, or JSON of another shape, as invalid_input naming the vendor', () => {
    for (const bad of ['', 'garbage', '{"v":2,"at":5}', '{"v":1,"at":"5"}', '[]', 'null']) {
      expect(
        kindOf(() => codec.decode(bad)),
        bad,
      ).toBe('invalid_input');
    }
    expect(() => codec.decode('garbage')).toThrow(/Acme connector/);
  });

  it('reads a text format through its schema', () => {
    const pair = textCursor(
      'Acme',
      z
        .string()
        .regex(/^\d+:\d+$/)
        .transform((t) => t.split(':').map(Number)),
      (c) => c.join(':'),
    );
    expect(pair.decode(pair.encode([3, 4]))).toEqual([3, 4]);
    expect(kindOf(() => pair.decode('3-4'))).toBe('invalid_input');
  });
});

// Cursors already stored in mirrors by earlier versions must still be read after the move to one codec.
describe("each vendor's stored cursor format", () => {
  it('SarvCRM: "<UTC second>|<ids>"; empty means the first step', () => {
    expect(sarv.decodeCursor('2026-01-02 03:04:05|a1,b2')).toEqual({
      modified: '2026-01-02 03:04:05',
      ids: ['a1', 'b2'],
    });
    expect(sarv.encodeCursor({ modified: '2026-01-02 03:04:05', ids: ['a1', 'b2'] })).toBe('2026-01-02 03:04:05|a1,b2');
    expect(sarv.decodeCursor('')).toBeUndefined();
    expect(sarv.decodeCursor(null)).toBeUndefined();
    for (const bad of ['2026-01-02|a', '2026-01-02 03:04:05|', '2026-01-02 03:04:05|a,,b', '{"v":1}'])
      expect(
        kindOf(() => sarv.decodeCursor(bad)),
        bad,
      ).toBe('invalid_input');
  });

  it('Simplicate: {since, seen}', () => {
    expect(simplicate.decodeCursor('{"since":"2026-01-02 03:04:05","seen":["x"]}')).toEqual({
      since: '2026-01-02 03:04:05',
      seen: ['x'],
    });
    expect(simplicate.decodeCursor('{"since":null,"seen":[]}')).toEqual({ since: null, seen: [] });
    expect(simplicate.decodeCursor(null)).toEqual({ since: null, seen: [] });
    expect(kindOf(() => simplicate.decodeCursor('{"since":"yesterday","seen":[]}'))).toBe('invalid_input');
  });

  it('Simply CRM: {v, t, seen, gone}', () => {
    const text = '{"v":1,"t":1767322800,"seen":{"12x3":"abc"},"gone":["12x4"]}';
    expect(simply.decodeCursor(text)).toEqual({ v: 1, t: 1767322800, seen: { '12x3': 'abc' }, gone: ['12x4'] });
    expect(simply.encodeCursor(simply.decodeCursor(text))).toBe(text);
    expect(kindOf(() => simply.decodeCursor('{"v":1,"t":"1","seen":{},"gone":[]}'))).toBe('invalid_input');
  });

  it('SmartSimple: {v, ts, ids}', () => {
    expect(smartsimple.decodeCursor('{"v":1,"ts":"2026-01-02 03:04:05","ids":["7"]}')).toEqual({
      v: 1,
      ts: '2026-01-02 03:04:05',
      ids: ['7'],
    });
    expect(kindOf(() => smartsimple.decodeCursor('{"v":1,"ts":null}'))).toBe('invalid_input');
  });

  it('SpotlerCRM: {v, t, seen} or {v, t, seen, after}', () => {
    expect(spotler.decodeCursor('{"v":1,"t":"2026-01-02 03:04:05","seen":[1,2]}')).toEqual({
      v: 1,
      t: '2026-01-02 03:04:05',
      seen: [1, 2],
    });
    expect(spotler.decodeCursor('{"v":1,"t":"2026-01-02 03:04:05","seen":[],"after":9}').after).toBe(9);
    expect(kindOf(() => spotler.decodeCursor('{"v":1,"t":null,"seen":[1.5]}'))).toBe('invalid_input');
  });
});
