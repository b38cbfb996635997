import { z } from 'zod';
import { jsonCursor } from '../common/cursor.ts';
import type { VendorRow } from './api.ts';

/**
 * The sync cursor of `changes`: a keyset on (modifieddate, id), walked with
 *   order = {"modifieddate": "asc", "id": "asc"}
 *   q     = {"$or": [{"modifieddate": {"$gt": t}}, {"modifieddate": t, "id": {"$nin": [ids seen at t]}}]}
 * `modifieddate` has whole seconds only, so several records can share t, and one changed later in that
 * same second may have a lower id than those already read: listing the ids seen at t (rather than
 * "id > last") picks it up without sending any record twice. A very large group of equal times (a bulk
 * import) switches to "id > last" after MAX_SEEN ids to keep the URL short.
 * Each step starts again from page 1 of this query, so records changing during the walk (which move to
 * the end) are neither skipped nor repeated, and a stored cursor resumes a crashed sync exactly.
 */
const cursorSchema = z.object({
  v: z.literal(1),
  /** The vendor's modifieddate of the last record read, null before the first. */
  t: z.string().nullable(),
  /** Ids read whose modifieddate is t. */
  seen: z.array(z.number().int()),
  /** Set instead of `seen` once the group at t grew past MAX_SEEN: ids at t up to this one were read. */
  after: z.number().int().optional(),
});
export type ChangeCursor = z.infer<typeof cursorSchema>;

export const MAX_SEEN = 100;

export function initialCursor(): ChangeCursor {
  return { v: 1, t: null, seen: [] };
}

const codec = jsonCursor('SpotlerCRM', cursorSchema);

export const encodeCursor = codec.encode;
export const decodeCursor = codec.decode;

/** The `q` for the records after the cursor, or undefined for the first step. */
export function cursorQuery(c: ChangeCursor): Record<string, unknown> | undefined {
  if (c.t === null) return undefined;
  const later = { modifieddate: { $gt: c.t } };
  if (c.after !== undefined) return { $or: [later, { modifieddate: c.t, id: { $gt: c.after } }] };
  if (c.seen.length === 0) return { modifieddate: { $gte: c.t } };
  return { $or: [later, { modifieddate: c.t, id: { $nin: c.seen } }] };
}

/** The cursor after reading `rows` (in the walk's order). */
export function advanceCursor(c: ChangeCursor, rows: readonly VendorRow[]): ChangeCursor {
  let next: ChangeCursor = { ...c, seen: [...c.seen] };
  for (const row of rows) {
    const t = typeof row.modifieddate === 'string' ? row.modifieddate : null;
    const id = Number(row.id);
    if (t === null || !Number.isInteger(id)) continue;
    if (t !== next.t) next = { v: 1, t, seen: [] };
    if (next.after !== undefined) next.after = Math.max(next.after, id);
    else next.seen.push(id);
    if (next.seen.length > MAX_SEEN) next = { v: 1, t, seen: [], after: Math.max(...next.seen) };
  }
  return next;
}
