import { basename, dirname, join } from 'node:path';

/**
 * The temp files an export writes beside its target before renaming them into place:
 * `.<name>.<pid>.<8 hex>.tmp` and `.<name>.errors.<pid>.<8 hex>.tmp`. The start-up sweep removes only
 * files of exactly this shape, for a target and a process it knows.
 */
export function exportTempFiles(out: string, pid: number, tag: string): { data: string; errors: string } {
  const dir = dirname(out);
  const name = basename(out);
  return { data: join(dir, `.${name}.${pid}.${tag}.tmp`), errors: join(dir, `.${name}.errors.${pid}.${tag}.tmp`) };
}

/** Whether `file` (a name in the target's folder) is a temp file of an export of `out` by process `pid`. */
export function isExportTempOf(out: string, pid: number, file: string): boolean {
  const name = basename(out);
  if (!file.startsWith(`.${name}.`) || !file.endsWith('.tmp')) return false;
  const middle = file.slice(name.length + 2, -'.tmp'.length);
  return new RegExp(`^(errors\\.)?${pid}\\.[0-9a-f]{8}$`).test(middle);
}
