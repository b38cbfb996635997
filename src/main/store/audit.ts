import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { AuditAction, AuditEntry } from '../../shared/audit.ts';
import type { RecordData } from '../../shared/fields.ts';
import { openDatabase, transaction } from './database.ts';
import type { Migration } from './migrations.ts';

export type { AuditAction, AuditEntry };

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: string };

export interface AuditFilter {
  connection?: string;
  module?: string;
  record?: string;
  since?: string;
  job?: string;
  limit?: number;
}

/** A bulk job's row as stored while the job runs: what to do, and what became of it. */
export interface BulkRowState {
  row: number;
  /** planned: not sent yet; sending: the write was sent and its outcome is not known yet; done. */
  state: 'planned' | 'sending' | 'done';
  plan: string;
  status: string | null;
  id: string | null;
  message: string | null;
}

const auditMigrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE audit (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        at          TEXT NOT NULL,
        connection  TEXT NOT NULL,
        module      TEXT NOT NULL,
        record      TEXT NOT NULL,
        action      TEXT NOT NULL,
        op          TEXT NOT NULL,
        before_json TEXT NOT NULL,
        after_json  TEXT NOT NULL,
        outcome     TEXT NOT NULL,
        message     TEXT,
        job         TEXT,
        undoes      INTEGER
      ) STRICT;
      CREATE INDEX audit_by_record ON audit (connection, module, record);
      CREATE INDEX audit_by_job ON audit (job);

      -- A bulk job, persisted row by row so that a killed run resumes without writing a row twice.
      CREATE TABLE bulk_jobs (
        id          TEXT PRIMARY KEY,
        key         TEXT NOT NULL,
        connection  TEXT NOT NULL,
        module      TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        state       TEXT NOT NULL
      ) STRICT;
      CREATE INDEX bulk_jobs_by_key ON bulk_jobs (key, state);
      CREATE TABLE bulk_rows (
        job      TEXT NOT NULL,
        row      INTEGER NOT NULL,
        state    TEXT NOT NULL,
        plan     TEXT NOT NULL,
        status   TEXT,
        id       TEXT,
        message  TEXT,
        PRIMARY KEY (job, row)
      ) STRICT, WITHOUT ROWID;
    `,
  },
];

interface AuditRow {
  id: number;
  at: string;
  connection: string;
  module: string;
  record: string;
  action: string;
  op: string;
  before_json: string;
  after_json: string;
  outcome: string;
  message: string | null;
  job: string | null;
  undoes: number | null;
}

/** `<dataDir>/audit/audit.sqlite`: one file for every connection (private, like the mirrors). */
export function auditFile(dataDir: string): string {
  return join(dataDir, 'audit', 'audit.sqlite');
}

/** The audit log and the bulk jobs' row journal. */
export class AuditStore {
  readonly db: DatabaseSync;

  constructor(file: string) {
    this.db = openDatabase(file, auditMigrations);
  }

  add(entry: NewAuditEntry): AuditEntry {
    const at = entry.at ?? new Date().toISOString();
    const res = this.db
      .prepare(
        `INSERT INTO audit (at, connection, module, record, action, op, before_json, after_json, outcome, message, job, undoes)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        at,
        entry.connection,
        entry.module,
        entry.record,
        entry.action,
        entry.op,
        JSON.stringify(entry.before),
        JSON.stringify(entry.after),
        entry.outcome,
        entry.message ?? null,
        entry.job ?? null,
        entry.undoes ?? null,
      );
    return { ...entry, id: Number(res.lastInsertRowid), at };
  }

  get(id: number): AuditEntry | null {
    const row = this.db.prepare('SELECT * FROM audit WHERE id = ?').get(id) as AuditRow | undefined;
    return row ? toEntry(row) : null;
  }

  /** Newest first. */
  list(filter: AuditFilter = {}): AuditEntry[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (sql: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(sql);
      params.push(value);
    };
    add('connection = ?', filter.connection);
    add('module = ?', filter.module);
    add('record = ?', filter.record);
    add('at >= ?', filter.since);
    add('job = ?', filter.job);
    const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    params.push(filter.limit ?? -1);
    return (this.db.prepare(sql).all(...params) as unknown as AuditRow[]).map(toEntry);
  }

  /** Whether an entry was already reverted by an undo that succeeded. */
  undoneBy(id: number): number | null {
    const row = this.db.prepare("SELECT id FROM audit WHERE undoes = ? AND outcome = 'ok' LIMIT 1").get(id) as
      { id: number } | undefined;
    return row?.id ?? null;
  }

  // ---- bulk jobs ----

  /** The unfinished job of the same file and options, if a run was stopped or killed. */
  unfinishedJob(key: string): { id: string } | null {
    const row = this.db
      .prepare("SELECT id FROM bulk_jobs WHERE key = ? AND state = 'running' ORDER BY created_at DESC LIMIT 1")
      .get(key) as { id: string } | undefined;
    return row ?? null;
  }

  startJob(id: string, key: string, connection: string, module: string, plans: string[]): void {
    transaction(this.db, () => {
      this.db
        .prepare(
          "INSERT INTO bulk_jobs (id, key, connection, module, created_at, state) VALUES (?, ?, ?, ?, ?, 'running')",
        )
        .run(id, key, connection, module, new Date().toISOString());
      const put = this.db.prepare("INSERT INTO bulk_rows (job, row, state, plan) VALUES (?, ?, 'planned', ?)");
      plans.forEach((p, i) => put.run(id, i + 1, p));
    });
  }

  rows(job: string): BulkRowState[] {
    return this.db
      .prepare('SELECT row, state, plan, status, id, message FROM bulk_rows WHERE job = ? ORDER BY row')
      .all(job) as unknown as BulkRowState[];
  }

  /** Before the write request: a kill from here on leaves the row's outcome unknown until checked. */
  markSending(job: string, row: number): void {
    this.db.prepare("UPDATE bulk_rows SET state = 'sending' WHERE job = ? AND row = ?").run(job, row);
  }

  markDone(job: string, row: number, status: string, id: string | null, message: string | null): void {
    this.db
      .prepare("UPDATE bulk_rows SET state = 'done', status = ?, id = ?, message = ? WHERE job = ? AND row = ?")
      .run(status, id, message, job, row);
  }

  finishJob(job: string, state: 'done' | 'cancelled'): void {
    this.db.prepare('UPDATE bulk_jobs SET state = ? WHERE id = ?').run(state, job);
  }

  // ---- the connection's lifecycle ----

  /** A removed connection takes its log and its bulk jobs with it (like its mirror and views). */
  removeConnection(connection: string): void {
    transaction(this.db, () => {
      this.db.prepare('DELETE FROM audit WHERE connection = ?').run(connection);
      this.db
        .prepare('DELETE FROM bulk_rows WHERE job IN (SELECT id FROM bulk_jobs WHERE connection = ?)')
        .run(connection);
      this.db.prepare('DELETE FROM bulk_jobs WHERE connection = ?').run(connection);
    });
  }

  /** A renamed connection keeps its log under the new name. */
  renameConnection(from: string, to: string): void {
    transaction(this.db, () => {
      this.db.prepare('UPDATE audit SET connection = ? WHERE connection = ?').run(to, from);
      this.db.prepare('UPDATE bulk_jobs SET connection = ? WHERE connection = ?').run(to, from);
    });
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    connection: r.connection,
    module: r.module,
    record: r.record,
    action: r.action as AuditAction,
    op: r.op as AuditEntry['op'],
    before: JSON.parse(r.before_json) as RecordData,
    after: JSON.parse(r.after_json) as RecordData,
    outcome: r.outcome as AuditEntry['outcome'],
    ...(r.message !== null ? { message: r.message } : {}),
    ...(r.job !== null ? { job: r.job } : {}),
    ...(r.undoes !== null ? { undoes: r.undoes } : {}),
  };
}
