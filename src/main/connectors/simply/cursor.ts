import { createHash } from 'node:crypto';
import { CrmError } from '../../../shared/errors.ts';

/**
 * The sync cursor. vtiger's `sync` returns changes with a modification time strictly after
 * `modifiedTime` (whole seconds) and (docs/vendors.md) includes every record sharing the boundary
 * second in a page. Resuming with `> lastModifiedTime` would then miss a write that lands later in that
 * same second, so the next call asks from one second earlier and drops what the previous page already
 * delivered: `seen` holds a fingerprint of each record at the page's latest second (a second write in
 * the same second keeps modifiedtime but changes the fingerprint), `gone` the ids it reported deleted.
 */
export interface SyncCursor {
  v: 1;
  /** lastModifiedTime of the previous page (Unix seconds). */
  t: number;
  seen: Record<string, string>;
  gone: string[];
}

/** A short digest of a record's content, to tell a same-second rewrite from the copy already delivered. */
export function fingerprint(row: Record<string, string>): string {
  const keys = Object.keys(row).sort();
  return createHash('sha256')
    .update(JSON.stringify(keys.map((k) => [k, row[k]])))
    .digest('base64url')
    .slice(0, 16);
}

export function encodeCursor(c: SyncCursor): string {
  return JSON.stringify(c);
}

export function decodeCursor(text: string): SyncCursor {
  try {
    const c = JSON.parse(text) as Partial<SyncCursor>;
    if (c.v === 1 && typeof c.t === 'number' && c.seen && typeof c.seen === 'object' && Array.isArray(c.gone)) {
      return { v: 1, t: c.t, seen: c.seen, gone: c.gone };
    }
  } catch {
    // fall through
  }
  throw new CrmError('invalid_input', 'This sync cursor does not belong to a Simply CRM connection');
}
