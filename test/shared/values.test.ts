import { describe, expect, it } from 'vitest';
import { isEmptyValue, isNumericField, sameValue } from '../../src/shared/values.ts';
import { utcDateTime } from '../../src/main/connectors/common/dates.ts';

describe('shared value helpers', () => {
  it('treats null, undefined, empty text and an empty list alike as empty', () => {
    for (const v of [null, undefined, '', []]) expect(isEmptyValue(v)).toBe(true);
    for (const v of [0, false, ' ', ['a']]) expect(isEmptyValue(v)).toBe(false);
  });

  it('compares values: empties equal each other, lists element by element, the rest exactly', () => {
    expect(sameValue(null, '')).toBe(true);
    expect(sameValue(undefined, [])).toBe(true);
    expect(sameValue('', 'x')).toBe(false);
    expect(sameValue(0, null)).toBe(false);
    expect(sameValue(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(sameValue(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameValue(['a'], 'a')).toBe(false);
    expect(sameValue(1, '1')).toBe(false);
  });

  it('knows the numeric field types', () => {
    for (const type of ['integer', 'decimal', 'currency', 'percent'] as const)
      expect(isNumericField({ type })).toBe(true);
    for (const type of ['string', 'date', 'boolean'] as const) expect(isNumericField({ type })).toBe(false);
  });

  it('writes a moment as the vendors do: UTC, whole seconds, no zone', () => {
    expect(utcDateTime(Date.parse('2026-03-01T23:30:15.900+02:00'))).toBe('2026-03-01 21:30:15');
    expect(utcDateTime(Date.parse('0999-01-02T03:04:05Z'))).toBe('0999-01-02 03:04:05');
  });
});
