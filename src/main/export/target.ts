import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fieldsError, serviceText, type ServiceTextKey } from '../../shared/i18n/error-text.ts';

/**
 * Refuses an export target that could never be written, before any row is read: a folder (`/` too),
 * something that is not a plain file (a device, a pipe), or a file in a folder that does not exist or
 * cannot be written. The file itself is replaced only when the export completes.
 */
export async function checkExportTarget(out: string): Promise<void> {
  const bad = (key: ServiceTextKey, values: Record<string, string>) =>
    fieldsError('invalid_input', { out: serviceText(key, values) });
  const found = await stat(out).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw bad('errors.service.exportTargetUnusable', { file: out, reason: err.code ?? 'unreadable' });
  });
  if (found?.isDirectory())
    throw bad('errors.service.exportTargetFolder', { file: out, example: `${out.replace(/\/+$/, '')}/export.csv` });
  if (found && !found.isFile()) throw bad('errors.service.exportTargetNotFile', { file: out });
  const dir = dirname(out);
  const folder = await stat(dir).catch(() => null);
  if (!folder?.isDirectory()) throw bad('errors.service.exportFolderMissing', { folder: dir });
  await access(dir, constants.W_OK).catch(() => {
    throw bad('errors.service.exportFolderReadOnly', { folder: dir });
  });
}
