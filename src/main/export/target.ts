import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CrmError } from '../../shared/errors.ts';

/**
 * Refuses an export target that could never be written, before any row is read: a folder (`/` too),
 * something that is not a plain file (a device, a pipe), or a file in a folder that does not exist or
 * cannot be written. The file itself is replaced only when the export completes.
 */
export async function checkExportTarget(out: string): Promise<void> {
  const bad = (message: string) => new CrmError('invalid_input', message, { fields: { out: message } });
  const found = await stat(out).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw bad(`Cannot use ${out} as the export file (${err.code ?? 'unreadable'})`);
  });
  if (found?.isDirectory())
    throw bad(`${out} is a folder: name the file to write, e.g. ${out.replace(/\/+$/, '')}/export.csv`);
  if (found && !found.isFile()) throw bad(`${out} is not a regular file: name a file to write`);
  const dir = dirname(out);
  const folder = await stat(dir).catch(() => null);
  if (!folder?.isDirectory()) throw bad(`The folder ${dir} does not exist: create it first, or name another file`);
  await access(dir, constants.W_OK).catch(() => {
    throw bad(`The folder ${dir} cannot be written to: name a file in another folder`);
  });
}
