import { existsSync } from 'node:fs';
import type { AuditEntry } from '../../shared/audit.ts';
import { serviceError } from '../../shared/i18n/error-text.ts';
import type { AuditStore } from '../store/audit.ts';
import { undoEntries, type UndoDeps, type UndoOptions, type UndoResult } from './undo.ts';

export interface AuditQuery {
  module?: string;
  record?: string;
  since?: string;
  limit?: number;
}

/** What to undo: one entry, every row of a bulk job, or the connection's last write (its whole job if it was a bulk row). */
export type UndoTarget = { entry: number } | { job: string } | { last: true };

export interface AuditService {
  list(connection: string, query?: AuditQuery): Promise<AuditEntry[]>;
  undo(connection: string, target: UndoTarget, opts?: UndoOptions): Promise<UndoResult>;
}

export function createAuditService(deps: UndoDeps & { known: (connection: string) => Promise<void> }): AuditService {
  return {
    async list(connection, query = {}) {
      await deps.known(connection);
      return deps.log().list({ connection, ...query });
    },
    async undo(connection, target, opts = {}) {
      await deps.known(connection);
      return undoEntries(deps, connection, entriesOf(deps.log(), connection, target), opts);
    },
  };
}

function entriesOf(log: AuditStore, connection: string, target: UndoTarget): AuditEntry[] {
  if ('job' in target) {
    const rows = log.list({ connection, job: target.job }).filter((e) => e.action === 'bulk');
    if (rows.length === 0)
      throw serviceError('not_found', 'errors.service.noBulkJobInAudit', { job: target.job, connection });
    return rows;
  }
  if ('last' in target) {
    const last = log
      .list({ connection })
      .find((e) => e.outcome === 'ok' && e.action !== 'undo' && log.undoneBy(e.id) === null);
    if (!last) throw serviceError('not_found', 'errors.service.nothingToUndo', { connection });
    return last.job ? entriesOf(log, connection, { job: last.job }) : [last];
  }
  const entry = log.get(target.entry);
  if (!entry || entry.connection !== connection) {
    throw serviceError('not_found', 'errors.service.noAuditEntry', { entry: target.entry, connection });
  }
  return [entry];
}

/**
 * The log follows its connection: a removal deletes the connection's entries and bulk jobs (its data
 * goes with it, like its mirror), a rename moves them to the new name. No log file yet: nothing to do
 * (and none is created).
 */
export function auditConnectionHooks(file: string, log: () => AuditStore) {
  return {
    connectionRemoved(name: string): void {
      if (existsSync(file)) log().removeConnection(name);
    },
    connectionRenamed(from: string, to: string): void {
      if (existsSync(file)) log().renameConnection(from, to);
    },
  };
}
