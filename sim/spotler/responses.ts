import type { SimResponse } from '../common/server.ts';
import type { ValidationMap } from './validate.ts';

type Json = Record<string, unknown>;

/** The API's error answers, status by status. */

export function error(status: number, type: string, message: string, extra: Json = {}): SimResponse {
  // Doc "Error Responses": always a JSON object with type, code and message.
  return { status, body: { type, code: status, message, ...extra } };
}
export const badRequest = (message: string) => error(400, 'Invalid Request error', message);
export const notFound = (message = 'Record or page not found') => error(404, 'Invalid Request error', message);
export const notAllowed = (allow: string): SimResponse => ({
  ...error(405, 'Invalid Request error', 'Not Allowed, please check the request type'),
  headers: { Allow: allow },
});
export const validationFailed = (validation: ValidationMap) =>
  error(422, 'Validation error', 'The given data was invalid.', { validation });

// The doc's own example: { "type": "Invalid Request error", "code": 500, "message": "Invalid record type (accountss)" }
export function invalidRecordType(name: string): SimResponse {
  return error(500, 'Invalid Request error', `Invalid record type (${name})`);
}
