import { z } from 'zod';
import { jsonCursor } from '../common/cursor.ts';

/**
 * The `changes` cursor: the last modified date delivered (`YYYY-MM-DD HH:MM:SS` as SmartSimple writes it,
 * whole seconds) and the ids already delivered with exactly that date. The next step asks for
 * "modified >= ts" and skips those ids, so records sharing the boundary second are neither lost nor
 * repeated, and a crashed sync resumes from its last stored cursor.
 */
const cursorSchema = z.object({ v: z.literal(1), ts: z.string().nullable(), ids: z.array(z.string()) });
export type ChangeCursor = z.infer<typeof cursorSchema>;

export const START: ChangeCursor = { v: 1, ts: null, ids: [] };

const codec = jsonCursor('SmartSimple', cursorSchema);

export const encodeCursor = codec.encode;

export function decodeCursor(text: string | null): ChangeCursor {
  return text === null ? START : codec.decode(text);
}

/** The cursor after a page of rows sorted by modified date (ascending), given as [id, modified] pairs. */
export function advance(c: ChangeCursor, rows: readonly (readonly [string, string])[]): ChangeCursor {
  const last = rows[rows.length - 1];
  if (!last) return c;
  const ts = last[1];
  const atTs = rows.filter(([, m]) => m === ts).map(([id]) => id);
  const ids = ts === c.ts ? [...new Set([...c.ids, ...atTs])] : atTs;
  return { v: 1, ts, ids };
}
