import { parentPort, workerData } from 'node:worker_threads';
import { CrmError, toErrorData } from '../../../shared/errors.ts';
import type { CrmRecord, ModuleInfo, ModuleSchema, RecordData } from '../../../shared/fields.ts';
import type { ListQuery } from '../../../shared/query.ts';
import type { ChangePage, Connector, ListPage } from '../../connectors/types.ts';
import { runExport } from '../../export/pipeline.ts';
import { openConnectionStore } from '../../store/index.ts';
import { chooseColumns, withId } from './export.ts';
import { liveSource, mirrorSource } from './export-sources.ts';
import { syncModule, type ModuleSummary, type RequestCounts } from './sync-engine.ts';
import type { ProxiedMethod, ToMain, ToWorker, WorkerJob } from './job-thread-protocol.ts';

/**
 * The worker thread that runs one sync or one export for the app (job-thread-client.ts starts it).
 * Its connector is a proxy: each call goes to the main thread's real connector and comes back with the
 * HTTP layer's request counters, so the summary counts requests exactly as an inline sync does.
 */
const port = parentPort;
if (!port) throw new Error('job-thread.ts runs only as a worker thread');

const job = workerData as WorkerJob;
const abort = new AbortController();
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
let nextCall = 1;
let counts: RequestCounts = { total: 0, byTag: {} };

const send = (msg: ToMain) => port.postMessage(msg);

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'cancel') return abort.abort();
  if (msg.counts) counts = msg.counts;
  const waiting = pending.get(msg.callId);
  if (!waiting) return;
  pending.delete(msg.callId);
  if (msg.type === 'result') waiting.resolve(msg.value);
  else waiting.reject(CrmError.fromData(msg.error));
});

function call<T>(method: ProxiedMethod, ...args: unknown[]): Promise<T> {
  const callId = nextCall++;
  return new Promise<T>((resolve, reject) => {
    pending.set(callId, { resolve: resolve as (v: unknown) => void, reject });
    send({ type: 'call', callId, method, args });
  });
}

// deletionFeed is synchronous in the Connector interface: asked once per module before the sync.
const feeds = new Map<string, boolean>();

const connector: Connector = {
  test: () => Promise.reject(new CrmError('unsupported', 'not proxied')),
  modules: () => call<ModuleInfo[]>('modules'),
  describe: (module) => call<ModuleSchema>('describe', module),
  list: (module, query: ListQuery) => call<ListPage>('list', module, query),
  get: (module, id) => call<CrmRecord>('get', module, id),
  create: () => Promise.reject(new CrmError('unsupported', 'not proxied')),
  update: (module, id, data: RecordData, intent) => call<CrmRecord>('update', module, id, data, intent),
  delete: () => Promise.reject(new CrmError('unsupported', 'not proxied')),
  changes: (module, cursor) => call<ChangePage>('changes', module, cursor),
  deletionFeed: (module) => feeds.get(module) ?? true,
  async *listIds(module) {
    const iter = await call<number>('listIds.open', module);
    for (;;) {
      const step = await call<{ done: boolean; value?: string[] }>('listIds.next', iter);
      if (step.done) return;
      yield step.value ?? [];
    }
  },
  close: async () => undefined,
};

async function main(): Promise<void> {
  const store = openConnectionStore(job.dbFile);
  try {
    if (job.kind === 'sync') {
      const summary: ModuleSummary[] = [];
      const modules = job.modules.length
        ? job.modules
        : store.mirror.syncedModules().length
          ? store.mirror.syncedModules()
          : (await connector.modules()).map((m) => m.name);
      for (const module of modules) {
        feeds.set(module, await call<boolean>('deletionFeed', module));
        summary.push(
          await syncModule(
            {
              connector,
              store,
              counts: () => counts,
              signal: abort.signal,
              onProgress: (progress) => send({ type: 'sync-progress', progress, summary }),
            },
            module,
          ),
        );
      }
      send({ type: 'done', value: summary });
    } else {
      const { request: req, schema } = job;
      const filters = req.query.filters ?? [];
      const rows = req.offline
        ? mirrorSource(store, req.module, { filters, sort: req.query.sort })
        : liveSource(connector, req.module, { filters, sort: req.query.sort }, abort.signal);
      const result = await runExport({
        format: req.format,
        out: req.out,
        columns: chooseColumns(schema, req.columns),
        fields: withId(schema.fields),
        bom: req.bom,
        sheetName: schema.label ?? req.module,
        rows,
        ...(req.privateFile ? { private: true } : {}),
        signal: abort.signal,
        onProgress: (n) => send({ type: 'export-progress', rows: n }),
      });
      send({ type: 'done', value: result });
    }
  } finally {
    store.close();
  }
}

main().catch((err: unknown) => send({ type: 'failed', error: toErrorData(err), cancelled: abort.signal.aborted }));
