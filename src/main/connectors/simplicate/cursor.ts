import { z } from 'zod';
import { jsonCursor } from '../common/cursor.ts';
import type { JsonObject } from './records.ts';

/**
 * The sync cursor for `changes`: the last `updated_at` delivered (Simplicate's own
 * `YYYY-MM-DD HH:MM:SS`, one-second resolution) and the ids already delivered with exactly that time.
 * The next call asks for `updated_at >= since` and drops those ids, so records changed within the
 * same second are neither lost nor repeated, and a crashed sync resumes from the last stored cursor.
 */
const cursorSchema = z.object({
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    .nullable(),
  seen: z.array(z.string()),
});
export type ChangeCursor = z.infer<typeof cursorSchema>;

const codec = jsonCursor('Simplicate', cursorSchema);

export const encodeCursor = codec.encode;

export function decodeCursor(text: string | null): ChangeCursor {
  return text === null ? { since: null, seen: [] } : codec.decode(text);
}

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
