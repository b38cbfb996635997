/**
 * vtiger's error answer: HTTP 200 with {"success":false,"error":{"code","message"}} (docs/vendors.md: the
 * keys are code/message, not the doc's errorCode/errorMessage).
 */
export class VtError extends Error {
  readonly code: string | number;
  constructor(code: string | number, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Failures real vtiger answers with HTTP 500 and an empty body (unknown or missing operation, a JSON
 * request body, sync without elementType or as POST: docs/vendors.md).
 */
export class EmptyServerError extends Error {}

export const accessDenied = (what = 'Permission to perform the operation is denied') =>
  new VtError('ACCESS_DENIED', what);
