import { CrmError, toErrorData } from '../shared/errors.ts';

/** A mistake in the command line itself: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError) return EXIT_USAGE;
  if (err instanceof CrmError && err.kind === 'invalid_input') return EXIT_USAGE;
  return EXIT_FAILED;
}

/** One line for stderr: the message and any per-field messages it does not already name; no stack. */
export function errorLine(err: unknown): string {
  if (err instanceof UsageError) return oneLine(err.message);
  const data = toErrorData(err);
  let text = data.kind === 'internal' ? `internal error: ${data.message}` : data.message;
  const extra = Object.entries(data.fields ?? {}).filter(([name]) => !text.includes(`${name}:`));
  if (extra.length > 0) text += ` (${extra.map(([k, v]) => `${k}: ${v}`).join('; ')})`;
  if (data.kind === 'rate_limited' && data.retryAfterMs !== undefined) {
    text += ` (retry in ${Math.ceil(data.retryAfterMs / 1000)} s)`;
  }
  return oneLine(text);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
