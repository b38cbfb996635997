import { CrmError, toErrorData } from '../shared/errors.ts';
import { localizedError } from '../shared/i18n/error-text.ts';
import { errorKindKeys } from '../shared/i18n/error-titles.ts';
import { cli } from './i18n.ts';

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

/**
 * One line for stderr in the run's language: the message and any per-field messages it does not already
 * name; no stack.
 */
export function errorLine(err: unknown): string {
  if (err instanceof UsageError) return oneLine(err.message);
  const data = toErrorData(err);
  const t = cli().t;
  // A vendor's message stays as sent, ours is said in the run's language; the kind's title frames it.
  const said = localizedError(data, cli());
  const framing = { message: said.message, title: t(errorKindKeys[data.kind]) };
  let text = data.kind === 'internal' ? t('cli.internalErrorLine', framing) : t('cli.errorLine', framing);
  const extra = Object.entries(said.fields ?? {}).filter(([name]) => !text.includes(`${name}:`));
  if (extra.length > 0) text += ` (${extra.map(([k, v]) => `${k}: ${v}`).join('; ')})`;
  if (data.kind === 'rate_limited' && data.retryAfterMs !== undefined) {
    text += ` ${t('cli.retryIn', { n: Math.ceil(data.retryAfterMs / 1000) })}`;
  }
  return oneLine(text);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
