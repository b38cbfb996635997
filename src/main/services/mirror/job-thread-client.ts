import { Worker } from 'node:worker_threads';
import { CrmError, toErrorData } from '../../../shared/errors.ts';
import type { WriteIntent } from '../../../shared/audit.ts';
import type { ListQuery } from '../../../shared/query.ts';
import type { Connector } from '../../connectors/types.ts';
import type { RequestCounts } from './sync-engine.ts';
import type { ToMain, ToWorker, WorkerJob } from './job-thread-protocol.ts';
import { serviceError } from '../../../shared/i18n/error-text.ts';

/** Where the worker's code is. A bundler (electron-vite) may point this at its built worker chunk. */
export const defaultWorkerUrl = new URL('./job-thread.ts', import.meta.url);

export interface WorkerHandle {
  /** Resolves with the job's result; rejects with a CrmError (kind 'invalid_input' when cancelled). */
  done: Promise<unknown>;
  cancel(): void;
}

/**
 * Runs a sync or an export in a worker thread so the app's main process (and its windows) never wait
 * on SQLite or file serialisation. The worker's connector calls are answered here with the real one.
 */
export function runInWorker(
  job: WorkerJob,
  /** Null for jobs that must not reach the vendor (offline exports). */
  connector: Connector | null,
  counts: (() => RequestCounts | undefined) | undefined,
  onMessage: (msg: Extract<ToMain, { type: 'sync-progress' | 'export-progress' }>) => void,
  workerUrl: URL = defaultWorkerUrl,
): WorkerHandle {
  const worker = new Worker(workerUrl, { workerData: job });
  const iterators = new Map<number, AsyncIterator<string[]>>();
  let nextIter = 1;
  const post = (msg: ToWorker) => worker.postMessage(msg);
  const snapshot = (): RequestCounts | null => {
    const c = counts?.();
    return c ? { total: c.total, byTag: { ...c.byTag } } : null;
  };

  async function answer(method: string, args: unknown[]): Promise<unknown> {
    const [a, b, c, d] = args;
    if (!connector) throw serviceError('unavailable', 'errors.service.jobMakesNoRequest');
    switch (method) {
      case 'modules':
        return connector.modules();
      case 'describe':
        return connector.describe(String(a));
      case 'list':
        return connector.list(String(a), b as ListQuery);
      case 'get':
        return connector.get(String(a), String(b));
      case 'update':
        return connector.update(String(a), String(b), c as Record<string, never>, d as WriteIntent | undefined);
      case 'changes':
        return connector.changes(String(a), (b as string | null) ?? null);
      case 'deletionFeed':
        return connector.deletionFeed(String(a));
      case 'listIds.open': {
        const id = nextIter++;
        iterators.set(id, connector.listIds(String(a))[Symbol.asyncIterator]());
        return id;
      }
      case 'listIds.next': {
        const it = iterators.get(Number(a));
        if (!it) throw new CrmError('internal', 'unknown id pass');
        const step = await it.next();
        if (step.done) iterators.delete(Number(a));
        return step.done ? { done: true } : { done: false, value: step.value };
      }
      default:
        throw new CrmError('internal', `connector method ${method} is not proxied`);
    }
  }

  const done = new Promise<unknown>((resolve, reject) => {
    worker.on('message', (msg: ToMain) => {
      if (msg.type === 'call') {
        answer(msg.method, msg.args).then(
          (value) => post({ type: 'result', callId: msg.callId, value, counts: snapshot() }),
          (err: unknown) => post({ type: 'error', callId: msg.callId, error: toErrorData(err), counts: snapshot() }),
        );
      } else if (msg.type === 'done') {
        resolve(msg.value);
        void worker.terminate();
      } else if (msg.type === 'failed') {
        reject(
          msg.cancelled ? serviceError('invalid_input', 'errors.service.jobCancelled') : CrmError.fromData(msg.error),
        );
        void worker.terminate();
      } else {
        onMessage(msg);
      }
    });
    worker.on('error', (err) => reject(serviceError('internal', 'errors.service.jobStopped', { reason: err.message })));
    worker.on('exit', (code) => {
      if (code !== 0) reject(serviceError('internal', 'errors.service.jobExited', { code }));
    });
  });
  done.catch(() => undefined);
  return { done, cancel: () => post({ type: 'cancel' }) };
}
