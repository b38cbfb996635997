import { hashString } from '../common/random.ts';

/**
 * SarvCRM ids are UUIDs (the doc's samples: `5316cfc7-55e7-73ba-8e02-64c0b2a26b3b`). The simulator makes
 * them from the table key so a lookup needs no index: the last group holds the key (in decimal digits,
 * which are hex digits too), the rest is a hash of (seed, module, key) so ids look random and sort in no
 * particular order.
 */
export function idForKey(seed: string, module: string, key: number): string {
  const h = hex(hashString(`${seed}\u0000${module}\u0000${key}`), 8);
  const g = hex(hashString(`${key}\u0000${module}\u0000${seed}`), 8);
  return `${h}-${g.slice(0, 4)}-4${g.slice(4, 7)}-8${h.slice(0, 3)}-${String(key).padStart(12, '0')}`;
}

export function keyForId(seed: string, module: string, id: string): number | undefined {
  const m = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-(\d{12})$/.exec(id);
  if (!m || m[1] === undefined) return undefined;
  const key = parseInt(m[1], 10);
  return idForKey(seed, module, key) === id ? key : undefined;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0').slice(-width);
}
