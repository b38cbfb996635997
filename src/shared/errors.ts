import { z } from 'zod';

/**
 * Every failure that crosses a layer boundary is one of these kinds. The UI shows them plainly and the
 * CLI maps them to its exit message; nothing above the connectors needs to know which vendor failed how.
 */
export const errorKinds = [
  'auth', // bad or expired credentials the client could not renew
  'permission', // authenticated but not allowed
  'validation', // the vendor (or our own check) refused the data; see `fields`
  'not_found',
  'conflict', // the record changed on the server since it was read
  'rate_limited',
  'unavailable', // network down, timeout, 5xx, vendor switched off
  'protocol', // the vendor answered something we cannot understand
  'unsupported', // the vendor cannot do this (e.g. SmartSimple delete)
  'invalid_input', // the caller's input failed our own schema
  'keychain', // no OS keychain reachable
  'internal',
] as const;
export type ErrorKind = (typeof errorKinds)[number];

/**
 * A message of our own as a catalog key and the values it names (src/shared/i18n: `errors.service.*`), so
 * the UI and the CLI can say it in the user's language; `message` keeps its English text as the fallback.
 */
export const errorTextSchema = z.object({
  key: z.string(),
  values: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ErrorText = z.infer<typeof errorTextSchema>;

export const crmErrorSchema = z.object({
  kind: z.enum(errorKinds),
  message: z.string(),
  /** Per-field messages, keyed by the normalized field name. */
  fields: z.record(z.string(), z.string()).optional(),
  retryAfterMs: z.number().optional(),
  /** `message` as a catalog text, when the app (not the vendor) wrote it. */
  text: errorTextSchema.optional(),
  /** `fields` as catalog texts, for the fields whose message the app wrote. */
  fieldTexts: z.record(z.string(), errorTextSchema).optional(),
});
export type CrmErrorData = z.infer<typeof crmErrorSchema>;

export class CrmError extends Error {
  readonly kind: ErrorKind;
  readonly fields?: Record<string, string>;
  readonly retryAfterMs?: number;
  readonly text?: ErrorText;
  readonly fieldTexts?: Record<string, ErrorText>;
  /** HTTP status of the vendor answer that caused it, when there was one (for retry decisions). */
  readonly status?: number;

  constructor(
    kind: ErrorKind,
    message: string,
    extra: {
      fields?: Record<string, string>;
      retryAfterMs?: number;
      status?: number;
      cause?: unknown;
      text?: ErrorText;
      fieldTexts?: Record<string, ErrorText>;
    } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'CrmError';
    this.kind = kind;
    if (extra.fields) this.fields = extra.fields;
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.text) this.text = extra.text;
    if (extra.fieldTexts) this.fieldTexts = extra.fieldTexts;
  }

  toData(): CrmErrorData {
    const data: CrmErrorData = { kind: this.kind, message: this.message };
    if (this.fields) data.fields = this.fields;
    if (this.retryAfterMs !== undefined) data.retryAfterMs = this.retryAfterMs;
    if (this.text) data.text = this.text;
    if (this.fieldTexts) data.fieldTexts = this.fieldTexts;
    return data;
  }

  static fromData(data: CrmErrorData): CrmError {
    return new CrmError(data.kind, data.message, {
      ...(data.fields ? { fields: data.fields } : {}),
      ...(data.retryAfterMs !== undefined ? { retryAfterMs: data.retryAfterMs } : {}),
      ...(data.text ? { text: data.text } : {}),
      ...(data.fieldTexts ? { fieldTexts: data.fieldTexts } : {}),
    });
  }
}

/** Any thrown value as error data safe to hand to a renderer or print: never a stack, never a secret. */
export function toErrorData(err: unknown): CrmErrorData {
  if (err instanceof CrmError) return err.toData();
  if (err instanceof z.ZodError) {
    return { kind: 'invalid_input', message: formatZodError(err) };
  }
  return { kind: 'internal', message: err instanceof Error ? err.message : String(err) };
}

export function formatZodError(err: z.ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
