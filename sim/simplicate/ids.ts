import { hashString, rng } from '../common/random.ts';

/**
 * Simplicate ids look like `organization:4d6a1c...` (a type prefix and 32 hex digits). The simulator
 * derives the hex from (seed, module, key) and keeps the table key in the last 8 digits, so an id maps
 * back to its row without an index, and a made-up id with the right shape is still "not found".
 */
export function hex32(seed: string, ...parts: (string | number)[]): string {
  const next = rng(hashString([seed, ...parts].join('\u0000')));
  let out = '';
  for (let i = 0; i < 4; i++)
    out += Math.floor(next() * 2 ** 32)
      .toString(16)
      .padStart(8, '0');
  return out;
}

export function encodeId(prefix: string, seed: string, module: string, key: number): string {
  return `${prefix}:${hex32(seed, module, key).slice(0, 24)}${key.toString(16).padStart(8, '0')}`;
}

export function decodeId(prefix: string, seed: string, module: string, id: string): number | undefined {
  const m = /^([a-z]+):([0-9a-f]{24})([0-9a-f]{8})$/.exec(id);
  if (!m || m[1] !== prefix) return undefined;
  const key = parseInt(m[3] ?? '', 16);
  return encodeId(prefix, seed, module, key) === id ? key : undefined;
}

/** A fixed lookup id (employees, statuses, options): `employee:<32 hex>`. */
export function lookupId(prefix: string, seed: string, name: string): string {
  return `${prefix}:${hex32(seed, 'lookup', prefix, name)}`;
}

/** Simplicate's date-time format, as its filters use it: `2025-01-04 00:00:00` (UTC in the simulator). */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
