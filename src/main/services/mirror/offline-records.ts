import { CrmError } from '../../../shared/errors.ts';
import { serviceError } from '../../../shared/i18n/error-text.ts';
import type { ModuleSchema, RecordData } from '../../../shared/fields.ts';
import type { ListQuery } from '../../../shared/query.ts';
import type { ListPage } from '../../connectors/types.ts';
import type { ConnectionStore, StoreRegistry } from '../../store/index.ts';
import type { OfflineRecords } from '../extensions.ts';

/**
 * Records read from the local mirror and edits queued in the outbox: what `records` serves with
 * `{offline: true}`. Nothing here makes a request. Pending offline edits are shown over the synced
 * values, so the user sees what they typed until the next sync settles it.
 */
export function createOfflineRecords(
  stores: StoreRegistry,
  /** Refuses a connection that does not exist (ServiceContext.known). */
  known: (connection: string) => Promise<void> = async () => undefined,
): OfflineRecords {
  return {
    async modules(connection) {
      await known(connection);
      const mirror = stores.get(connection).mirror;
      return mirror.syncedModules().map((name) => ({ name, label: mirror.moduleState(name).schema?.label ?? name }));
    },

    async describe(connection, module) {
      await known(connection);
      return syncedSchema(stores.get(connection), module);
    },

    async list(connection, module, query: ListQuery): Promise<ListPage & { offline: { lastSyncAt: string | null } }> {
      await known(connection);
      const store = stores.get(connection);
      const state = store.mirror.moduleState(module);
      checkQueryFields(syncedSchema(store, module), query);
      const first = (query.page - 1) * query.pageSize;
      const { rows, total } = store.mirror.page(module, {
        filters: query.filters,
        sort: query.sort,
        search: query.search,
        overlay: pendingEdits(store, module),
        offset: first,
        limit: query.pageSize,
      });
      return { rows, total, hasMore: first + rows.length < total, offline: { lastSyncAt: state.lastSyncAt } };
    },

    async search(connection, module, text, limit) {
      await known(connection);
      const store = stores.get(connection);
      syncedSchema(store, module);
      return store.mirror.search(module, text, limit);
    },

    async get(connection, module, id) {
      await known(connection);
      const store = stores.get(connection);
      const record = store.mirror.get(module, id);
      if (!record) {
        syncedSchema(store, module);
        throw serviceError('not_found', 'errors.service.notInMirror', { module, id });
      }
      return { ...record, ...store.outbox.get(module, id)?.mine, id: record.id };
    },

    async update(connection, module, id, data: RecordData) {
      await known(connection);
      const store = stores.get(connection);
      const schema = syncedSchema(store, module);
      checkEditable(schema, data);
      const current = store.mirror.get(module, id);
      if (!current) throw serviceError('not_found', 'errors.service.notInMirrorSyncFirst', { module, id });
      store.outbox.queue(module, id, data, current);
      return { queued: true as const, module, id };
    },
  };
}

function syncedSchema(store: ConnectionStore, module: string): ModuleSchema {
  const schema = store.mirror.moduleState(module).schema;
  if (!schema) throw serviceError('not_found', 'errors.service.notSynced', { module });
  return schema;
}

/**
 * Filters and sort name described fields (or the id), as the live path requires: an unknown name is
 * refused, never matched against nothing (an empty grid) or sorted as if it were empty.
 */
function checkQueryFields(schema: ModuleSchema, query: ListQuery): void {
  const names = new Set(['id', ...schema.fields.map((f) => f.name)]);
  const check = (name: string, what: 'filter' | 'sort') => {
    if (names.has(name)) return;
    const key = what === 'filter' ? 'errors.service.cannotFilterOn' : 'errors.service.cannotSortOn';
    throw serviceError('invalid_input', key, { field: name, module: schema.module });
  };
  for (const f of query.filters) check(f.field, 'filter');
  if (query.sort) check(query.sort.field, 'sort');
}

function pendingEdits(store: ConnectionStore, module: string): Map<string, RecordData> {
  return new Map(store.outbox.items(module).map((i) => [i.id, i.mine]));
}

/** The same refusals the online path gives before any request: unknown and read-only fields. */
function checkEditable(schema: ModuleSchema, data: RecordData): void {
  const problems: Record<string, string> = {};
  for (const name of Object.keys(data)) {
    const field = schema.fields.find((f) => f.name === name);
    if (!field) problems[name] = 'no such field in this module';
    else if (field.readOnly || name === 'id') problems[name] = 'read-only';
  }
  if (Object.keys(data).length === 0) throw serviceError('validation', 'errors.service.nothingToChange');
  if (Object.keys(problems).length) {
    throw new CrmError(
      'validation',
      `Cannot queue this edit: ${Object.entries(problems)
        .map(([f, m]) => `${f}: ${m}`)
        .join('; ')}`,
      {
        fields: problems,
      },
    );
  }
}
