import { createHash, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { CrmError } from '../../../shared/errors.ts';
import type { CrmRecord, ModuleSchema } from '../../../shared/fields.ts';
import { sameValue } from '../../../shared/values.ts';
import type { Connector } from '../../connectors/types.ts';
import type { AuditStore, BulkRowState } from '../../store/audit.ts';
import type { OfflineRecords } from '../extensions.ts';
import { autoMapping, planRows, savedMapping, type Finder, type Mapping, type RowPlan } from './plan.ts';
import type { Table } from './table.ts';
import { serviceError } from '../../../shared/i18n/error-text.ts';

export type BulkStatus =
  'applied' | 'unchanged' | 'refused' | 'not_sent' | 'created' | 'would_apply' | 'would_create' | 'would_refuse';

export interface BulkRequest {
  connection: string;
  module: string;
  table: Table;
  map: Mapping;
  /** A saved view's mapping: the base the explicit `map` overrides column by column. */
  saved?: { view: string; map: Mapping };
  match: string;
  createMissing: boolean;
  dryRun: boolean;
  /** Where the result CSV goes. */
  report: string;
}

export interface BulkReportLine {
  row: number;
  id: string;
  status: BulkStatus;
  fields: string[];
  message: string;
}

export interface BulkResult {
  dryRun: boolean;
  rows: number;
  applied: number;
  unchanged: number;
  refused: number;
  notSent: number;
  created: number;
  report: string;
  /** The job's id in the audit log (undo takes it); absent for a dry run. */
  job?: string;
  /** The dry run's plan (the app's review table shows it). */
  plans?: RowPlan[];
  mapping: Mapping;
  columns: string[];
  /** The report's lines. */
  lines: BulkReportLine[];
}

export interface BulkDeps {
  log: () => AuditStore;
  connector: (connection: string) => Promise<Connector>;
  describe: (connection: string, module: string) => Promise<ModuleSchema>;
  offline?: OfflineRecords;
  /** Whether the connection is switched to offline: changes then go to the outbox. */
  isOffline: (connection: string) => Promise<boolean>;
  scrub: (connection: string, err: unknown) => unknown;
}

export interface BulkControl {
  signal?: AbortSignal;
  /** Resolves when the job may go on (the app's pause). */
  gate?: () => Promise<void>;
  onProgress?: (p: { phase: 'plan' | 'apply'; done: number; total: number }) => void;
}

/**
 * A bulk update: plan every row (reads only), then, unless it is a dry run, apply the plan row by row.
 * The plan and each row's outcome are kept in the audit database before moving on, so a run that was
 * killed and started again with the same file and options resumes: rows done stay done, a row whose
 * write was sent but not confirmed is checked by reading the record, and nothing is written twice.
 */
export async function runBulk(deps: BulkDeps, req: BulkRequest, ctl: BulkControl = {}): Promise<BulkResult> {
  // Offline, everything comes from the mirror (its stored schema, its records) and no request is made.
  const offline = await deps.isOffline(req.connection);
  const mirror = offline ? deps.offline : undefined;
  if (offline && !mirror) throw serviceError('unsupported', 'errors.service.offlineNeedsStore');
  const schema = mirror
    ? await mirror.describe(req.connection, req.module)
    : await deps.describe(req.connection, req.module);
  const mapping = effectiveMapping(req, schema);
  const log = deps.log();
  const key = jobKey(req, mapping);
  const total = req.table.rows.length;
  const resumed = req.dryRun ? null : log.unfinishedJob(key);
  let jobId: string;
  if (resumed) {
    jobId = resumed.id;
  } else {
    const find = mirror
      ? mirrorFinder(mirror, req.connection, req.module)
      : await finder(deps, await deps.connector(req.connection), req.connection, req.module);
    const plans = await planRows(req.table, schema, mapping, req.match, req.createMissing, find, (done) =>
      ctl.onProgress?.({ phase: 'plan', done, total }),
    );
    if (req.dryRun) {
      const lines = plans.map(dryLine);
      await writeReport(req.report, lines);
      return { ...tally(lines, true, req.report), plans, mapping, columns: req.table.columns, lines };
    }
    jobId = `bulk-${randomUUID()}`;
    log.startJob(
      jobId,
      key,
      req.connection,
      req.module,
      plans.map((p) => JSON.stringify(p)),
    );
  }

  // Where the rows go: the outbox (offline) or the vendor.
  const sink = mirror
    ? { outbox: mirror, connector: null }
    : { outbox: null, connector: await deps.connector(req.connection) };
  const lines: BulkReportLine[] = [];
  let cancelled = false;
  for (const state of log.rows(jobId)) {
    const plan = JSON.parse(state.plan) as RowPlan;
    if (state.state === 'done') {
      lines.push(doneLine(plan, state));
      continue;
    }
    if (!cancelled) {
      await ctl.gate?.();
      cancelled = ctl.signal?.aborted === true;
    }
    if (cancelled) {
      lines.push(line(plan, 'not_sent', plan.id, 'cancelled before it was sent'));
      continue;
    }
    const outcome = sink.outbox
      ? await queueRow(sink.outbox, req, plan)
      : await applyRow(deps, sink.connector, req, jobId, plan, state);
    log.markDone(jobId, plan.row, outcome.status, outcome.id, outcome.message || null);
    lines.push(line(plan, outcome.status, outcome.id, outcome.message));
    ctl.onProgress?.({ phase: 'apply', done: plan.row, total });
  }
  log.finishJob(jobId, cancelled ? 'cancelled' : 'done');
  await writeReport(req.report, lines);
  return { ...tally(lines, false, req.report), job: jobId, mapping, columns: req.table.columns, lines };
}

/** By name, then label; a view's saved mapping over that; the explicit `map` over both. */
export function effectiveMapping(req: Pick<BulkRequest, 'table' | 'map' | 'saved'>, schema: ModuleSchema): Mapping {
  const cols = req.table.columns;
  const base = req.saved ? savedMapping(cols, schema, req.saved.map, req.saved.view) : {};
  return autoMapping(cols, schema, { ...base, ...req.map });
}

async function applyRow(
  deps: BulkDeps,
  connector: Connector,
  req: BulkRequest,
  job: string,
  plan: RowPlan,
  state: BulkRowState,
): Promise<RowOutcome> {
  const log = deps.log();
  if (plan.kind === 'refused') return { status: 'refused', id: plan.id, message: plan.message ?? '' };
  if (plan.kind === 'unchanged') return { status: 'unchanged', id: plan.id, message: '' };
  if (state.state === 'sending') {
    const known = await checkUnknown(deps, connector, req, job, plan);
    if (known) return known;
  }
  log.markSending(job, plan.row);
  try {
    if (plan.kind === 'create') {
      const created = await connector.create(req.module, plan.changes, { action: 'bulk', job });
      return { status: 'created', id: created.id, message: '' };
    }
    const id = plan.id ?? '';
    await connector.update(req.module, id, plan.changes, { action: 'bulk', job, before: { ...plan.before, id } });
    return { status: 'applied', id, message: '' };
  } catch (err) {
    const clean = deps.scrub(req.connection, err);
    if (clean instanceof CrmError && (clean.kind === 'unavailable' || clean.kind === 'auth')) {
      // Not the row's fault: stop here; the row stays "sending" and a rerun checks it by reading.
      throw clean;
    }
    return { status: 'refused', id: plan.id, message: clean instanceof Error ? clean.message : String(clean) };
  }
}

type RowOutcome = { status: BulkStatus; id: string | null; message: string };

/**
 * Offline: the row's changes go to the outbox as an ordinary offline edit (the next sync pushes it, with
 * the outbox's conflict check; the push is audited then). A row queued before a kill is queued again on
 * resume, which merges into the same edit. Creating needs the vendor.
 */
async function queueRow(mirror: OfflineRecords, req: BulkRequest, plan: RowPlan): Promise<RowOutcome> {
  if (plan.kind === 'refused') return { status: 'refused', id: plan.id, message: plan.message ?? '' };
  if (plan.kind === 'unchanged') return { status: 'unchanged', id: plan.id, message: '' };
  if (plan.kind === 'create' || !plan.id) {
    return { status: 'refused', id: plan.id, message: 'creating a record needs a connection (offline)' };
  }
  try {
    await mirror.update(req.connection, req.module, plan.id, plan.changes);
  } catch (err) {
    return { status: 'refused', id: plan.id, message: err instanceof Error ? err.message : String(err) };
  }
  return { status: 'applied', id: plan.id, message: 'queued for the next sync (offline)' };
}

/**
 * A row whose write was sent before the run was killed: read the record. If it holds the planned
 * values the write landed (logged now if the kill came before the log); otherwise it is sent as usual.
 */
async function checkUnknown(
  deps: BulkDeps,
  connector: Connector,
  req: BulkRequest,
  job: string,
  plan: RowPlan,
): Promise<RowOutcome | null> {
  const log = deps.log();
  let rec: CrmRecord | null = null;
  if (plan.kind === 'update' && plan.id) {
    rec = await connector.get(req.module, plan.id).catch(() => null);
  } else if (plan.kind === 'create' && req.match !== 'id') {
    const find = await finder(deps, connector, req.connection, req.module, true);
    const found = await find(req.match, plan.key);
    if (found.length > 1) return { status: 'refused', id: null, message: 'sent before a restart; now ambiguous' };
    rec = found[0] ?? null;
  } else if (plan.kind === 'create') {
    return { status: 'refused', id: null, message: 'sent before a restart and cannot be checked by id: look it up' };
  }
  if (!rec || !Object.entries(plan.changes).every(([f, v]) => sameValue(rec[f] ?? null, v))) return null;
  const logged = log.list({ job, record: rec.id }).some((e) => e.outcome === 'ok');
  if (!logged) {
    log.add({
      connection: req.connection,
      module: req.module,
      record: rec.id,
      action: 'bulk',
      op: plan.kind === 'create' ? 'create' : 'update',
      before: plan.kind === 'create' ? {} : plan.before,
      after: plan.changes,
      outcome: 'ok',
      message: 'confirmed by reading the record after a restart',
      job,
    });
  }
  return { status: plan.kind === 'create' ? 'created' : 'applied', id: rec.id, message: '' };
}

/** Rows matched in the mirror only (offline: no request). */
function mirrorFinder(mirror: OfflineRecords, connection: string, module: string): Finder {
  return async (field, key) => {
    if (field === 'id') return mirror.get(connection, module, key).then((r) => [r], notFoundEmpty);
    return (await mirror.list(connection, module, { page: 1, pageSize: 2, filters: [{ field, op: '=', value: key }] }))
      .rows;
  };
}

/** How rows are matched: the mirror when the module is synced (no request), else the vendor's filter. */
async function finder(
  deps: BulkDeps,
  connector: Connector,
  connection: string,
  module: string,
  live = false,
): Promise<Finder> {
  const mirror =
    !live && deps.offline
      ? await deps.offline.describe(connection, module).then(
          () => deps.offline,
          () => undefined,
        )
      : undefined;
  if (mirror) return mirrorFinder(mirror, connection, module);
  return async (field, key) => {
    if (field === 'id') return connector.get(module, key).then((r) => [r], notFoundEmpty);
    return (await connector.list(module, { page: 1, pageSize: 2, filters: [{ field, op: '=', value: key }] })).rows;
  };
}

function notFoundEmpty(err: unknown): CrmRecord[] {
  if (err instanceof CrmError && (err.kind === 'not_found' || err.kind === 'invalid_input')) return [];
  throw err;
}

function jobKey(req: BulkRequest, mapping: Mapping): string {
  return createHash('sha256')
    .update(JSON.stringify([req.connection, req.module, req.match, req.createMissing, mapping, req.table]))
    .digest('hex');
}

function dryLine(p: RowPlan): BulkReportLine {
  const status: BulkStatus =
    p.kind === 'update'
      ? 'would_apply'
      : p.kind === 'create'
        ? 'would_create'
        : p.kind === 'unchanged'
          ? 'unchanged'
          : 'would_refuse';
  return line(p, status, p.id, p.message ?? '');
}

function doneLine(p: RowPlan, s: BulkRowState): BulkReportLine {
  return line(p, (s.status ?? 'refused') as BulkStatus, s.id, s.message ?? '');
}

function line(p: RowPlan, status: BulkStatus, id: string | null, message: string): BulkReportLine {
  return { row: p.row, id: id ?? '', status, fields: Object.keys(p.changes), message };
}

function tally(
  lines: BulkReportLine[],
  dryRun: boolean,
  report: string,
): Omit<BulkResult, 'mapping' | 'columns' | 'lines'> {
  const n = (...s: BulkStatus[]) => lines.filter((l) => s.includes(l.status)).length;
  return {
    dryRun,
    rows: lines.length,
    applied: n('applied', 'would_apply'),
    unchanged: n('unchanged'),
    refused: n('refused', 'would_refuse'),
    notSent: n('not_sent'),
    created: n('created', 'would_create'),
    report,
  };
}

/** The result CSV: one line per input row. Text cells that start like a formula get one apostrophe. */
export async function writeReport(path: string, lines: BulkReportLine[]): Promise<void> {
  const cell = (v: string | number) => {
    let t = String(v);
    if (typeof v === 'string' && /^'*[=+\-@\t\r]/.test(t)) t = `'${t}`;
    return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  const body = lines.map((l) => [l.row, l.id, l.status, l.fields.join(';'), l.message].map(cell).join(','));
  await writeFile(path, ['row,id,status,fields,message', ...body].join('\r\n') + '\r\n', 'utf8');
}
