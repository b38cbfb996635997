import { CrmError, type ErrorKind } from '../../../../shared/errors.ts';

const kindTitles: Record<ErrorKind, string> = {
  auth: 'Sign-in failed',
  permission: 'Not allowed',
  validation: 'The data was refused',
  not_found: 'Not found',
  conflict: 'Changed elsewhere',
  rate_limited: 'Rate limited',
  unavailable: 'Unreachable',
  protocol: 'Unexpected answer from the vendor',
  unsupported: 'Not supported by this vendor',
  invalid_input: 'Invalid input',
  keychain: 'Keychain unavailable',
  internal: 'Something went wrong',
};

export function errorTitle(error: unknown): string {
  return error instanceof CrmError ? kindTitles[error.kind] : kindTitles.internal;
}

export function errorMessage(error: unknown): string {
  if (error instanceof CrmError && error.kind === 'rate_limited' && error.retryAfterMs !== undefined) {
    return `${error.message} (retry in ${Math.ceil(error.retryAfterMs / 1000)} s)`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A plain statement of what failed and why, with a retry when one makes sense. */
export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="error-box" role="alert" data-testid="error-box">
      <strong>{errorTitle(error)}</strong>
      <span dir="auto">{errorMessage(error)}</span>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
