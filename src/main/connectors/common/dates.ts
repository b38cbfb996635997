/**
 * A moment as `YYYY-MM-DD HH:MM:SS` in UTC, whole seconds, no zone: how Simply CRM, Simplicate,
 * SmartSimple, SarvCRM and SpotlerCRM write date-times on the wire (docs/vendors.md).
 */
export function utcDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
