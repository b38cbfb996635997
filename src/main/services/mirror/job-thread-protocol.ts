import type { SyncStatus } from '../../../shared/contract.ts';
import type { CrmErrorData } from '../../../shared/errors.ts';
import type { ExportRequest } from '../api.ts';
import type { ExportResult } from '../../export/pipeline.ts';
import type { SyncProgress, RequestCounts } from './sync-engine.ts';
import type { ModuleSchema } from '../../../shared/fields.ts';

/**
 * Messages between the app's main thread and the worker that runs a sync or an export. The worker does
 * the heavy part (SQLite writes, sorting, serialising, zipping); the main thread keeps the connection's
 * one connector (its session and its rate limiter) and answers the worker's connector calls.
 */
export type WorkerJob =
  | { kind: 'sync'; dbFile: string; modules: string[] }
  | { kind: 'export'; dbFile: string; request: ExportRequest; schema: ModuleSchema };

/** The connector methods the worker may call through the main thread. */
export type ProxiedMethod =
  'describe' | 'list' | 'get' | 'update' | 'changes' | 'deletionFeed' | 'modules' | 'listIds.open' | 'listIds.next';

export type ToMain =
  | { type: 'call'; callId: number; method: ProxiedMethod; args: unknown[] }
  | { type: 'sync-progress'; progress: SyncProgress; summary: SyncStatus['summary'] }
  | { type: 'export-progress'; rows: number }
  | { type: 'done'; value: SyncStatus['summary'] | ExportResult }
  | { type: 'failed'; error: CrmErrorData; cancelled: boolean };

export type ToWorker =
  | { type: 'result'; callId: number; value: unknown; counts: RequestCounts | null }
  | { type: 'error'; callId: number; error: CrmErrorData; counts: RequestCounts | null }
  | { type: 'cancel' };
