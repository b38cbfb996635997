import type { DatabaseSync } from 'node:sqlite';
import type { OutboxEntry } from '../../shared/contract.ts';
import type { RecordData, RecordValue } from '../../shared/fields.ts';
import { transaction } from './database.ts';
import { sameValue } from '../../shared/values.ts';
import { serviceError } from '../../shared/i18n/error-text.ts';

/** One queued edit with everything conflict detection needs. */
export interface OutboxItem {
  module: string;
  id: string;
  /** The new values. */
  mine: RecordData;
  /** The values the edit was made against (from the mirror at the time of the edit). */
  base: RecordData;
  /** The server's values of the edited fields, once a sync found them changed; else null. */
  theirs: RecordData | null;
  /** The server no longer has the record. */
  serverDeleted: boolean;
  /** Edited fields whose server value differs from the base: each must be resolved before a push. */
  conflictFields: string[];
}

interface OutboxRow {
  module: string;
  id: string;
  mine_json: string;
  base_json: string;
  theirs_json: string | null;
  server_deleted: number;
}

/** The edits made offline for one connection, waiting for the next sync. */
export class OutboxStore {
  readonly db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  /**
   * Queues an edit. A second edit of the same record merges into the first: newer values win, and a
   * field keeps the base it had when it was first edited (the version the user actually started from).
   */
  queue(
    module: string,
    id: string,
    data: RecordData,
    current: Readonly<Record<string, RecordValue | undefined>>,
  ): OutboxItem {
    return transaction(this.db, () => {
      const old = this.get(module, id);
      const mine: RecordData = { ...old?.mine, ...data };
      const base: RecordData = { ...old?.base };
      for (const k of Object.keys(data)) if (!(k in base)) base[k] = current[k] ?? null;
      const now = new Date().toISOString();
      this.db
        .prepare(
          `INSERT INTO outbox (module, id, mine_json, base_json, theirs_json, server_deleted, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (module, id) DO UPDATE SET mine_json = excluded.mine_json, base_json = excluded.base_json,
             updated_at = excluded.updated_at`,
        )
        .run(module, id, JSON.stringify(mine), JSON.stringify(base), null, 0, now, now);
      return this.get(module, id) as OutboxItem;
    });
  }

  get(module: string, id: string): OutboxItem | undefined {
    const row = this.db.prepare('SELECT * FROM outbox WHERE module = ? AND id = ?').get(module, id) as
      OutboxRow | undefined;
    return row ? toItem(row) : undefined;
  }

  items(module?: string): OutboxItem[] {
    const rows = (module === undefined
      ? this.db.prepare('SELECT * FROM outbox ORDER BY module, created_at, id').all()
      : this.db
          .prepare('SELECT * FROM outbox WHERE module = ? ORDER BY created_at, id')
          .all(module)) as unknown as OutboxRow[];
    return rows.map(toItem);
  }

  /** The contract's view (docs/cli.md `outbox --json`). */
  entries(): OutboxEntry[] {
    return this.items().map((i) => ({
      module: i.module,
      id: i.id,
      fields: Object.keys(i.mine),
      mine: i.mine,
      theirs: i.theirs,
      state: i.conflictFields.length > 0 || i.serverDeleted ? 'conflict' : 'pending',
    }));
  }

  /** Records what the server holds now for the edited fields (a sync's conflict check). */
  setTheirs(module: string, id: string, theirs: RecordData | null): void {
    this.db
      .prepare('UPDATE outbox SET theirs_json = ?, server_deleted = ?, updated_at = ? WHERE module = ? AND id = ?')
      .run(
        theirs === null ? null : JSON.stringify(theirs),
        theirs === null ? 1 : 0,
        new Date().toISOString(),
        module,
        id,
      );
  }

  remove(module: string, id: string): void {
    this.db.prepare('DELETE FROM outbox WHERE module = ? AND id = ?').run(module, id);
  }

  /**
   * Settles an edit the server now holds (pushed, or already there). `settled` is the edit as it was read
   * before the requests: an edit of the same record queued while they ran (the app queues on its own
   * connection while a sync runs in a worker) stays, based on the values the server now holds, so it
   * is neither lost nor taken for someone else's change at the next sync.
   */
  settle(
    module: string,
    id: string,
    settled: OutboxItem,
    server: Readonly<Record<string, RecordValue | undefined>>,
  ): void {
    transaction(this.db, () => {
      const now = this.get(module, id);
      if (!now) return;
      if (JSON.stringify(now.mine) === JSON.stringify(settled.mine)) return this.remove(module, id);
      const base = { ...now.base };
      for (const k of Object.keys(settled.mine)) base[k] = server[k] ?? null;
      this.db
        .prepare('UPDATE outbox SET base_json = ?, updated_at = ? WHERE module = ? AND id = ?')
        .run(JSON.stringify(base), new Date().toISOString(), module, id);
    });
  }

  /**
   * Settles fields of an edit. "mine": the user's value stands, against the server's current value
   * (which becomes the new base, so the next sync pushes it unless the server changes again). "theirs":
   * the user's value is dropped. Without fields: every field of the edit. Returns the item left (or
   * undefined when nothing is left to push).
   */
  resolve(module: string, id: string, keep: 'mine' | 'theirs', fields: readonly string[]): OutboxItem | undefined {
    return transaction(this.db, () => {
      const item = this.get(module, id);
      if (!item) throw serviceError('not_found', 'errors.service.outboxNoEdit', { module, id });
      const chosen = fields.length ? [...fields] : Object.keys(item.mine);
      // Own fields only: `toString` or `constructor` are no field of an edit.
      const unknown = chosen.filter((f) => !Object.hasOwn(item.mine, f));
      if (unknown.length) {
        throw serviceError('invalid_input', 'errors.service.outboxNoField', { module, id, fields: unknown.join(', ') });
      }
      if (keep === 'mine' && item.serverDeleted) {
        throw serviceError('conflict', 'errors.service.outboxServerDeleted', { module, id });
      }
      const mine = { ...item.mine };
      const base = { ...item.base };
      const theirs = item.theirs ? { ...item.theirs } : null;
      for (const f of chosen) {
        if (keep === 'theirs') {
          delete mine[f];
          delete base[f];
          if (theirs) delete theirs[f];
        } else if (theirs && f in theirs) {
          base[f] = theirs[f] ?? null;
        }
      }
      if (Object.keys(mine).length === 0) {
        this.remove(module, id);
        return undefined;
      }
      const stillConflicting =
        theirs !== null && Object.keys(mine).some((f) => f in theirs && !sameValue(theirs[f], base[f]));
      this.db
        .prepare(
          'UPDATE outbox SET mine_json = ?, base_json = ?, theirs_json = ?, updated_at = ? WHERE module = ? AND id = ?',
        )
        .run(
          JSON.stringify(mine),
          JSON.stringify(base),
          stillConflicting || item.serverDeleted ? JSON.stringify(theirs) : null,
          new Date().toISOString(),
          module,
          id,
        );
      return this.get(module, id);
    });
  }
}

function toItem(row: OutboxRow): OutboxItem {
  const mine = JSON.parse(row.mine_json) as RecordData;
  const base = JSON.parse(row.base_json) as RecordData;
  const theirs = row.theirs_json === null ? null : (JSON.parse(row.theirs_json) as RecordData);
  // Only fields the server was asked about: a field edited after the conflict was found waits for the next check.
  const conflictFields =
    theirs === null ? [] : Object.keys(mine).filter((f) => f in theirs && !sameValue(theirs[f], base[f]));
  return {
    module: row.module,
    id: row.id,
    mine,
    base,
    theirs,
    serverDeleted: row.server_deleted === 1,
    conflictFields,
  };
}
