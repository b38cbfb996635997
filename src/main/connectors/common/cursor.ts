import { z } from 'zod';
import { serviceError } from '../../../shared/i18n/error-text.ts';

/**
 * Writing and reading a connector's sync cursor. A cursor is opaque outside its connector and is kept in
 * the mirror between syncs, so reading one checks it against the connector's zod schema: a cursor of
 * another vendor, a damaged one or one of a format this connector never wrote is an `invalid_input`
 * error (the module is then synced again from the start), never a guess. Each vendor keeps its own
 * format; only these mechanics are shared.
 */
export interface CursorCodec<T> {
  encode(cursor: T): string;
  decode(text: string): T;
}

/** A cursor kept as JSON whose value `shape` describes. */
export function jsonCursor<T>(vendor: string, shape: z.ZodType<T>): CursorCodec<T> {
  return textCursor(vendor, jsonText.pipe(shape), (cursor) => JSON.stringify(cursor));
}

/** A cursor in a text format of the vendor's own: `schema` reads the text, `encode` writes it. */
export function textCursor<T>(
  vendor: string,
  schema: z.ZodType<T, string>,
  encode: (cursor: T) => string,
): CursorCodec<T> {
  return {
    encode,
    decode(text) {
      const read = schema.safeParse(text);
      if (!read.success) {
        throw serviceError('invalid_input', 'errors.service.cursorForeign', { vendor });
      }
      return read.data;
    },
  };
}

const jsonText = z.string().transform((text, ctx): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
});
