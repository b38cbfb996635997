import { CrmError } from '../../../shared/errors.ts';
import type { JsonObject } from './records.ts';

/**
 * The sync cursor for `changes`: the last `updated_at` delivered (Simplicate's own
 * `YYYY-MM-DD HH:MM:SS`, one-second resolution) and the ids already delivered with exactly that time.
 * The next call asks for `updated_at >= since` and drops those ids, so records changed within the
 * same second are neither lost nor repeated, and a crashed sync resumes from the last stored cursor.
 */
export interface ChangeCursor {
  since: string | null;
  seen: string[];
}

export function decodeCursor(text: string | null): ChangeCursor {
  if (text === null) return { since: null, seen: [] };
  try {
    const c = JSON.parse(text) as unknown;
    if (
      c &&
      typeof c === 'object' &&
      'since' in c &&
      'seen' in c &&
      (c.since === null || (typeof c.since === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(c.since))) &&
      Array.isArray(c.seen) &&
      c.seen.every((s: unknown) => typeof s === 'string')
    ) {
      return { since: c.since, seen: c.seen as string[] };
    }
  } catch {
    // fall through
  }
  throw new CrmError('invalid_input', 'This Simplicate sync cursor is not valid; sync the module again from the start');
}

export const encodeCursor = (c: ChangeCursor): string => JSON.stringify(c);

/** The rows not delivered before, and the cursor after this page (rows sorted by updated_at, id). */
export function nextCursor(
  cursor: ChangeCursor,
  rows: readonly JsonObject[],
): { fresh: JsonObject[]; cursor: ChangeCursor } {
  const seen = new Set(cursor.seen);
  const fresh = rows.filter((r) => !(r.updated_at === cursor.since && typeof r.id === 'string' && seen.has(r.id)));
  const last = rows[rows.length - 1]?.updated_at;
  if (typeof last !== 'string') return { fresh, cursor };
  const atLast = rows.filter((r) => r.updated_at === last).map((r) => String(r.id));
  if (last === cursor.since) return { fresh, cursor: { since: last, seen: [...new Set([...cursor.seen, ...atLast])] } };
  return { fresh, cursor: { since: last, seen: atLast } };
}
