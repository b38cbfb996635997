import type { ErrorKind } from '../errors.ts';

/** The catalog key of each error kind's title (the UI's error boxes, the CLI's error lines). */
export const errorKindKeys = {
  auth: 'errors.kind.auth',
  permission: 'errors.kind.permission',
  validation: 'errors.kind.validation',
  not_found: 'errors.kind.not_found',
  conflict: 'errors.kind.conflict',
  rate_limited: 'errors.kind.rate_limited',
  unavailable: 'errors.kind.unavailable',
  protocol: 'errors.kind.protocol',
  unsupported: 'errors.kind.unsupported',
  invalid_input: 'errors.kind.invalid_input',
  keychain: 'errors.kind.keychain',
  internal: 'errors.kind.internal',
} as const satisfies Record<ErrorKind, string>;
