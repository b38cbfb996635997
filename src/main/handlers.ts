import type { Services } from './services/api.ts';
import type { Handlers } from './router.ts';
import { vendorInfos } from './connectors/registry.ts';
import { offlinePolicy } from './offline-policy.ts';

export interface AppInfo {
  version: string;
  transport: 'electron' | 'browser';
  demo: boolean;
}

/** Each channel of the contract, one line over the services (the same for IPC and the browser host). */
export function createHandlers(s: Services, app: AppInfo, opts: { offlineRecheckMs?: number } = {}): Handlers {
  const ok = { ok: true as const };
  const offline = offlinePolicy(s, opts.offlineRecheckMs === undefined ? {} : { recheckMs: opts.offlineRecheckMs });
  const r = s.records;
  return {
    'app.info': async () => app,
    'vendors.list': async () => vendorInfos(),
    'connections.list': () => s.connections.list(),
    'connections.save': (i) => s.connections.save(i),
    'connections.remove': async (i) => (await s.connections.remove(i.connection), ok),
    'connections.test': (i) => s.connections.test(i.connection),
    'modules.list': (i) =>
      offline.read(
        i.connection,
        false,
        () => r.modules(i.connection),
        () => r.modules(i.connection, { offline: true }),
      ),
    'modules.describe': (i) =>
      offline.read(
        i.connection,
        false,
        () => r.describe(i.connection, i.module, { refresh: i.refresh }),
        () => r.describe(i.connection, i.module, { offline: true }),
      ),
    'records.list': (i) =>
      offline.read(
        i.connection,
        i.offline,
        () => r.list(i.connection, i.module, i.query),
        () => r.list(i.connection, i.module, i.query, { offline: true }),
      ),
    'records.get': (i) =>
      offline.read(
        i.connection,
        i.offline,
        () => r.get(i.connection, i.module, i.id),
        () => r.get(i.connection, i.module, i.id, { offline: true }),
      ),
    'records.create': async (i) => {
      await offline.requireOnline(i.connection, 'create');
      return r.create(i.connection, i.module, i.data);
    },
    'records.update': (i) =>
      offline.edit(
        i.connection,
        i.offline,
        () => r.update(i.connection, i.module, i.id, i.data),
        () => r.update(i.connection, i.module, i.id, i.data, { offline: true }),
      ),
    'records.delete': async (i) => {
      await offline.requireOnline(i.connection, 'delete');
      await r.delete(i.connection, i.module, i.id);
      return ok;
    },
    'records.lookup': (i) =>
      offline.read(
        i.connection,
        false,
        () => r.lookup(i.connection, i.module, i.text, i.limit),
        () => r.lookup(i.connection, i.module, i.text, i.limit, { offline: true }),
      ),
    'records.labels': (i) =>
      offline.read(
        i.connection,
        false,
        () => r.labels(i.connection, i.module, i.ids),
        () => r.labels(i.connection, i.module, i.ids, { offline: true }),
      ),
    'search.run': (i) => s.search.search(i),
    'recents.list': () => s.recents.list(),
    'recents.visit': async (i) => (await s.recents.visit(i), ok),
    'recents.pin': async ({ pinned, ...record }) => (await s.recents.pin(record, pinned), ok),
    'records.relations': (i) =>
      offline.read(
        i.connection,
        i.offline,
        () => r.relations(i.connection, i.module),
        () => r.relations(i.connection, i.module, { offline: true }),
      ),
    'records.related': (i) =>
      offline.read(
        i.connection,
        i.offline,
        () => r.related(i.connection, i.module, i.id, { pageSize: i.pageSize }),
        () => r.related(i.connection, i.module, i.id, { offline: true, pageSize: i.pageSize }),
      ),
    'views.list': (i) => s.views.list(i.connection, i.module),
    'views.save': (i) => s.views.save(i.connection, i.module, i.view),
    'views.remove': async (i) => (await s.views.remove(i.connection, i.module, i.name), ok),
    'views.rename': (i) => s.views.rename(i.connection, i.module, i.name, i.to),
    'views.setDefault': async (i) => (await s.views.setDefault(i.connection, i.module, i.name), ok),
    'views.setBulkMap': (i) => s.views.setBulkMap(i.connection, i.module, i.name, i.map),
    'views.export': async (i) => ({ text: await s.views.exportText(i.connection, i.module, i.name) }),
    'views.import': async (i) => {
      const schema = await offline.read(
        i.connection,
        false,
        () => r.describe(i.connection, i.module),
        () => r.describe(i.connection, i.module, { offline: true }),
      );
      return s.views.importText(i.connection, schema, i.text);
    },
    'sync.start': async (i) => {
      offline.recheck(i.connection);
      s.sync.start(i.connection, i.modules);
      return ok;
    },
    'sync.status': async (i) => s.sync.status(i.connection),
    'sync.cancel': async (i) => (s.sync.cancel(i.connection), ok),
    'outbox.list': (i) => s.sync.outbox(i.connection),
    'outbox.resolve': async (i) => (await s.sync.resolve(i.connection, i.module, i.id, i.keep, i.fields), ok),
    'offline.get': async (i) => ({
      ...(await s.sync.offline(i.connection)),
      unreachableSince: offline.unreachableSince(i.connection),
    }),
    'offline.set': async (i) => {
      offline.recheck(i.connection);
      await s.sync.setOffline(i.connection, i.offline);
      return ok;
    },
    'export.start': async (i) => ({
      jobId: s.exports.start({
        connection: i.connection,
        module: i.module,
        format: i.format,
        offline: i.offline,
        columns: i.columns,
        query: { filters: i.query.filters ?? [], ...(i.query.sort ? { sort: i.query.sort } : {}) },
        bom: i.bom,
      }),
    }),
    'export.status': async (i) => s.exports.status(i.jobId),
    'export.cancel': async (i) => (s.exports.cancel(i.jobId), ok),
    'bulk.start': async (i) => ({
      jobId: s.bulk.start({
        connection: i.connection,
        module: i.module,
        source: i.xlsx !== undefined ? { xlsx: Buffer.from(i.xlsx, 'base64') } : { text: i.text ?? '' },
        map: i.map,
        ...(i.view !== undefined ? { view: i.view } : {}),
        match: i.match,
        createMissing: i.createMissing,
        dryRun: i.dryRun,
      }),
    }),
    'bulk.status': async (i) => s.bulk.status(i.jobId),
    'bulk.pause': async (i) => (s.bulk.pause(i.jobId, i.paused), ok),
    'bulk.cancel': async (i) => (s.bulk.cancel(i.jobId), ok),
    'audit.list': (i) =>
      s.audit.list(i.connection, {
        ...(i.module !== undefined ? { module: i.module } : {}),
        ...(i.record !== undefined ? { record: i.record } : {}),
        ...(i.since !== undefined ? { since: i.since } : {}),
        limit: i.limit,
      }),
    'audit.undo': (i) =>
      s.audit.undo(
        i.connection,
        i.entry !== undefined ? { entry: i.entry } : i.job !== undefined ? { job: i.job } : { last: true },
        { ...(i.keep ? { keep: i.keep } : {}), recreate: i.recreate },
      ),
  };
}
