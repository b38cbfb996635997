import type { Json, JsonObject } from './data.ts';

/**
 * A record as an answer shows it. The swagger models type every field (`linkedin_url`, `note`,
 * `person_id`, `end_date`: string) and mark none nullable or required, so an empty value is left out of
 * the answer rather than sent as `null`, in nested objects (`person`) and list items alike. A value
 * stored as `""` (a field cleared with `""`) is a string and is shown as such.
 */
export function withoutNulls(row: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(row)) {
    const shown = present(value);
    if (shown !== null) out[key] = shown;
  }
  return out;
}

function present(value: Json): Json {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(present);
  if (value !== null && typeof value === 'object') return withoutNulls(value);
  return value;
}
