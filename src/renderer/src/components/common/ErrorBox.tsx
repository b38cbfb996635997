import { useTranslation } from 'react-i18next';
import { CrmError } from '../../../../shared/errors.ts';
import { localizedError } from '../../../../shared/i18n/error-text.ts';
import { errorKindKeys } from '../../../../shared/i18n/error-titles.ts';
import { i18n } from '../../i18n/instance.ts';
import { currentFormats } from '../../lib/format.ts';

/** The translated title of an error's kind. */
export function errorTitle(error: unknown): string {
  return i18n.t(errorKindKeys[error instanceof CrmError ? error.kind : 'internal']);
}

/** The message as the vendor sent it (never translated, never rewritten), or the app's own in the language. */
export function errorMessage(error: unknown): string {
  if (error instanceof CrmError) return localizedError(error.toData(), i18n).message;
  return error instanceof Error ? error.message : String(error);
}

/** The per-field messages of an error: the vendor's as sent, the app's own in the language. */
export function fieldMessages(error: unknown): Record<string, string> | undefined {
  return error instanceof CrmError ? localizedError(error.toData(), i18n).fields : undefined;
}

/** Whether the app itself wrote the message (it is then said in the language, not framed as received). */
function ownMessage(error: unknown): boolean {
  return error instanceof CrmError && (error.text !== undefined || error.fieldTexts !== undefined);
}

/** "Retry in n seconds." when the vendor said when, else null. */
export function retryHint(error: unknown): string | null {
  if (!(error instanceof CrmError) || error.kind !== 'rate_limited' || error.retryAfterMs === undefined) return null;
  const n = Math.ceil(error.retryAfterMs / 1000);
  return i18n.t('errors.retryIn', { count: n, n: currentFormats().count(n) });
}

/**
 * A plain statement of what failed and why, with a retry when one makes sense: a translated title and
 * sentence frame the message exactly as it was received, isolated so its own direction reads right.
 */
export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const hint = retryHint(error);
  return (
    <div className="error-box" role="alert" data-testid="error-box">
      <strong>{errorTitle(error)}</strong>
      <span>
        {!ownMessage(error) && <span className="muted">{t('errors.received')} </span>}
        <bdi dir="auto" data-testid="error-message">
          {errorMessage(error)}
        </bdi>
        {hint && <> {hint}</>}
      </span>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
