import { z } from 'zod';
import { textCursor } from '../common/cursor.ts';
import { LABEL } from './client.ts';

/**
 * The sync cursor of `changes`. Sarv stamps changes in whole seconds, so the cursor holds the last
 * second handed out and every id already handed out within it, as text: `<UTC date_modified>|<id>,<id>...`.
 * The next step asks for later seconds plus that second's other rows, so a row changed later within the
 * same second is not missed and a resumed sync repeats nothing.
 */
export interface ChangeCursor {
  /** `YYYY-MM-DD HH:MM:SS`, UTC. */
  modified: string;
  ids: string[];
}

const cursorText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\|[^,]+(?:,[^,]+)*$/)
  .transform((text): ChangeCursor => {
    const bar = text.indexOf('|');
    return { modified: text.slice(0, bar), ids: text.slice(bar + 1).split(',') };
  });

const codec = textCursor(LABEL, cursorText, (c) => `${c.modified}|${c.ids.join(',')}`);

export const encodeCursor = codec.encode;

/** The cursor in `text`; none (the first step) for null or the empty cursor of a module with no rows yet. */
export function decodeCursor(text: string | null): ChangeCursor | undefined {
  return text ? codec.decode(text) : undefined;
}
