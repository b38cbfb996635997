import { CrmError } from '../../../shared/errors.ts';

/**
 * A value (a record id, a module or field name) that goes into a URL path as ONE segment. Refuses what
 * could leave that segment or be read as another path by the vendor's server: empty, `.` and `..`,
 * anything with `/`, `\`, `?`, `#` or `%` (so no escape can decode to those either), and control
 * characters. Everything else is percent-encoded; `keep` lists characters left readable (Simplicate's
 * `organization:abc` ids keep their `:`).
 */
export function pathSegment(value: string, what: string, opts: { keep?: string } = {}): string {
  if (value === '' || value === '.' || value === '..' || /[/\\?#%\u0000-\u001f\u007f]/.test(value)) {
    throw new CrmError('invalid_input', `${JSON.stringify(value.slice(0, 80))} is not a valid ${what}`);
  }
  let encoded = encodeURIComponent(value);
  for (const ch of opts.keep ?? '') {
    encoded = encoded.split(encodeURIComponent(ch)).join(ch);
  }
  return encoded;
}
