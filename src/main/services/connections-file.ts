import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { vendorIdSchema } from '../../shared/crm-vendors.ts';
import { serviceError } from '../../shared/i18n/error-text.ts';

/**
 * One stored connection in `<dataDir>/connections.json`. Never a secret: `settings` are the masked
 * settings (after the vendor's splitSecrets), `secretNames` only names what the keychain holds.
 */
export const storedConnectionSchema = z.object({
  name: z.string().min(1),
  vendor: vendorIdSchema,
  url: z.string(),
  settings: z.record(z.string(), z.string()),
  secretNames: z.array(z.string()),
  /** `false`: no client-side rate limiter (only for simulators run with `--limits off`). */
  rateLimit: z.boolean().optional(),
});
export type StoredConnection = z.infer<typeof storedConnectionSchema>;

const fileSchema = z.object({ version: z.literal(1), connections: z.array(storedConnectionSchema) });

export const CONNECTIONS_FILE = 'connections.json';
/** A lock older than this was left by a crashed process. */
const STALE_LOCK_MS = 30_000;
const LOCK_WAIT_MS = 10_000;

export class ConnectionsFile {
  readonly path: string;
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = dataDir;
    this.path = join(dataDir, CONNECTIONS_FILE);
  }

  /**
   * Every app read asks whether its connection exists, so the parsed file is kept until the file itself
   * changes: one stat per call. Writers (this app or a CLI run) rename a new file into place, which
   * changes the inode, so a change from another process is never missed.
   */
  private cache: { key: string; connections: StoredConnection[] } | null = null;

  async read(): Promise<StoredConnection[]> {
    let key: string;
    try {
      const st = await stat(this.path);
      key = `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw serviceError('internal', 'errors.service.fileUnreadable', {
        file: this.path,
        reason: (err as Error).message,
      });
    }
    if (this.cache?.key === key) return structuredClone(this.cache.connections);
    const connections = await this.readFresh();
    this.cache = { key, connections };
    return structuredClone(connections);
  }

  private async readFresh(): Promise<StoredConnection[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw serviceError('internal', 'errors.service.fileUnreadable', {
        file: this.path,
        reason: (err as Error).message,
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw serviceError('internal', 'errors.service.fileNotJson', { file: this.path });
    }
    const result = fileSchema.safeParse(parsed);
    if (!result.success) throw serviceError('internal', 'errors.service.fileBadShape', { file: this.path });
    return result.data.connections;
  }

  /**
   * Runs `fn` holding `connections.json.lock` (created exclusively), so the app and a CLI run, or two CLI
   * runs, never lose each other's change in a read-modify-write.
   */
  async locked<T>(fn: () => Promise<T>): Promise<T> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const lock = `${this.path}.lock`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        const handle = await open(lock, 'wx', 0o600);
        await handle.writeFile(String(process.pid));
        await handle.close();
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw serviceError('internal', 'errors.service.fileCannotLock', {
            file: this.path,
            reason: (err as Error).message,
          });
        }
        const age = await stat(lock).then(
          (st) => Date.now() - st.mtimeMs,
          () => 0,
        );
        if (age > STALE_LOCK_MS) {
          await rm(lock, { force: true });
          continue;
        }
        if (Date.now() > deadline) {
          throw serviceError('unavailable', 'errors.service.fileLocked', { file: this.path, lock });
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    try {
      return await fn();
    } finally {
      await rm(lock, { force: true });
    }
  }

  /** Atomic: a temp file (mode 0600) in the same folder, flushed, then renamed over the old one. */
  async write(connections: StoredConnection[]): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const body = JSON.stringify({ version: 1, connections }, null, 2) + '\n';
    const tmp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      const handle = await open(tmp, 'wx', 0o600);
      try {
        await handle.writeFile(body, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, this.path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw serviceError('internal', 'errors.service.fileCannotWrite', {
        file: this.path,
        reason: (err as Error).message,
      });
    }
  }
}
