import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { recentRecordSchema, type RecentRecord, type Recents } from '../../shared/contract.ts';
import { CrmError } from '../../shared/errors.ts';
import { serviceError } from '../../shared/i18n/error-text.ts';
import { PRIVATE_DIR, PRIVATE_FILE } from './private-files.ts';

export const RECENTS_FILE = 'recent-records.json';
/** How many opened records the home screen lists. */
export const MAX_RECENT = 20;
/** A few pinned records: a short list the user keeps by hand. */
export const MAX_PINNED = 12;

const fileSchema = z.object({
  version: z.literal(1),
  recent: z.array(recentRecordSchema),
  pinned: z.array(recentRecordSchema),
});

export type RecordMention = Omit<RecentRecord, 'at'>;

export interface RecentsService {
  list(): Promise<Recents>;
  visit(record: RecordMention): Promise<void>;
  pin(record: RecordMention, pinned: boolean): Promise<void>;
  /** A connection was removed or renamed: its entries go, or follow the new name. */
  connectionRemoved(name: string): Promise<void>;
  connectionRenamed(from: string, to: string): Promise<void>;
}

const same = (a: RecordMention, b: RecordMention) =>
  a.connection === b.connection && a.module === b.module && a.id === b.id;

/**
 * The records the user opened last and the ones they pinned, in `<dataDir>/recent-records.json` (this
 * user only, like every file of the data folder). Changes are written one at a time (a new file renamed
 * into place), so a crash leaves the old list or the new one. A file that cannot be read is moved to
 * `recent-records.json.damaged` and read as empty lists, never an error on the home screen.
 */
export class LocalRecentsService implements RecentsService {
  readonly path: string;
  private readonly dir: string;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.dir = dataDir;
    this.path = join(dataDir, RECENTS_FILE);
  }

  async list(): Promise<Recents> {
    await this.chain.catch(() => undefined);
    return this.read();
  }

  visit(record: RecordMention): Promise<void> {
    return this.change((f) => {
      const entry = { ...record, at: new Date().toISOString() };
      f.recent = [entry, ...f.recent.filter((r) => !same(r, record))].slice(0, MAX_RECENT);
      // A pinned record keeps its place; its label follows the record's latest one.
      f.pinned = f.pinned.map((p) =>
        same(p, record) ? { ...p, label: record.label, moduleLabel: record.moduleLabel } : p,
      );
    });
  }

  pin(record: RecordMention, pinned: boolean): Promise<void> {
    return this.change((f) => {
      const others = f.pinned.filter((p) => !same(p, record));
      if (!pinned) {
        f.pinned = others;
        return;
      }
      if (others.length >= MAX_PINNED) {
        throw serviceError('invalid_input', 'errors.service.tooManyPinned', { max: MAX_PINNED });
      }
      f.pinned = [...others, { ...record, at: new Date().toISOString() }];
    });
  }

  connectionRemoved(name: string): Promise<void> {
    return this.change((f) => {
      f.recent = f.recent.filter((r) => r.connection !== name);
      f.pinned = f.pinned.filter((r) => r.connection !== name);
    });
  }

  connectionRenamed(from: string, to: string): Promise<void> {
    const move = (r: RecentRecord) => (r.connection === from ? { ...r, connection: to } : r);
    return this.change((f) => {
      f.recent = f.recent.map(move);
      f.pinned = f.pinned.map(move);
    });
  }

  private change(fn: (f: Recents) => void): Promise<void> {
    const next = this.chain
      .catch(() => undefined)
      .then(async () => {
        const f = await this.read();
        const before = JSON.stringify(f);
        fn(f);
        // Nothing changed (a removed connection with no recents): no file is written or created.
        if (JSON.stringify(f) !== before) await this.write(f);
      });
    this.chain = next;
    return next;
  }

  private async read(): Promise<Recents> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { recent: [], pinned: [] };
      throw new CrmError('internal', `Cannot read ${this.path}: ${(err as Error).message}`);
    }
    try {
      const parsed = fileSchema.parse(JSON.parse(text));
      return { recent: parsed.recent, pinned: parsed.pinned };
    } catch {
      // Set aside (not overwritten by the next visit), so nothing is lost to a bad edit by hand.
      await rename(this.path, `${this.path}.damaged`).catch(() => undefined);
      return { recent: [], pinned: [] };
    }
  }

  private async write(f: Recents): Promise<void> {
    // Created private when missing; an existing data folder keeps its mode (CRM_HOME may be shared).
    await mkdir(this.dir, { recursive: true, mode: PRIVATE_DIR });
    const tmp = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(tmp, 'wx', PRIVATE_FILE);
    try {
      await handle.writeFile(JSON.stringify({ version: 1, ...f }, null, 2));
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(tmp, this.path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }
}
