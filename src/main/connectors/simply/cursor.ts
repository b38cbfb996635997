import { createHash } from 'node:crypto';
import { z } from 'zod';
import { jsonCursor } from '../common/cursor.ts';

/**
 * The sync cursor. vtiger's `sync` returns changes with a modification time strictly after
 * `modifiedTime` (whole seconds) and (docs/vendors.md) includes every record sharing the boundary
 * second in a page. Resuming with `> lastModifiedTime` would then miss a write that lands later in that
 * same second, so the next call asks from one second earlier and drops what the previous page already
 * delivered: `seen` holds a fingerprint of each record at the page's latest second (a second write in
 * the same second keeps modifiedtime but changes the fingerprint), `gone` the ids it reported deleted.
 */
const cursorSchema = z.object({
  v: z.literal(1),
  /** lastModifiedTime of the previous page (Unix seconds). */
  t: z.number(),
  seen: z.record(z.string(), z.string()),
  gone: z.array(z.string()),
});
export type SyncCursor = z.infer<typeof cursorSchema>;

/** A short digest of a record's content, to tell a same-second rewrite from the copy already delivered. */
export function fingerprint(row: Record<string, string>): string {
  const keys = Object.keys(row).sort();
  return createHash('sha256')
    .update(JSON.stringify(keys.map((k) => [k, row[k]])))
    .digest('base64url')
    .slice(0, 16);
}

const codec = jsonCursor('Simply CRM', cursorSchema);

export const encodeCursor = codec.encode;
export const decodeCursor = codec.decode;
