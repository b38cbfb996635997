import { CrmError } from '../../shared/errors.ts';
import { serviceError } from '../../shared/i18n/error-text.ts';
import type { CrmRecord, ModuleInfo, ModuleSchema, RecordData } from '../../shared/fields.ts';
import type { Filter, ListQuery } from '../../shared/query.ts';
import type { Connector, ListPage } from '../connectors/types.ts';
import { RELATED_PAGE_SIZE, type RelatedList, type Relation } from '../../shared/relations.ts';
import type { RecordsService } from './api.ts';
import type { ConnectorPool } from './connector-pool.ts';
import { NO_MIRROR_MESSAGE, type OfflineRecords } from './extensions.ts';
import { validateRecordData } from './record-validation.ts';

const LABEL_CACHE_MAX = 2000;

export interface RecordsDeps {
  pool: ConnectorPool;
  /** The mirror's offline reads and queued edits; absent without the mirror services. */
  offline?: () => OfflineRecords | undefined;
}

/**
 * Records over the connectors: one connector per connection and describe cached per module (the pool),
 * and every input checked against describe before a request is made.
 */
export class LocalRecordsService implements RecordsService {
  private readonly deps: RecordsDeps;
  private readonly labelCache = new WeakMap<Connector, Map<string, string>>();

  constructor(deps: RecordsDeps) {
    this.deps = deps;
  }

  modules(connection: string, opts: { offline?: boolean } = {}): Promise<ModuleInfo[]> {
    if (opts.offline) return this.offline().modules(connection);
    return this.call(connection, (c) => c.modules());
  }

  /** `refresh`: fetch the module's metadata from the vendor again instead of using the cached copy. */
  describe(
    connection: string,
    module: string,
    opts: { offline?: boolean; refresh?: boolean } = {},
  ): Promise<ModuleSchema> {
    if (opts.offline) return this.offline().describe(connection, module);
    return this.call(connection, (c) => {
      if (opts.refresh) this.deps.pool.forgetSchema(c, module);
      return this.deps.pool.schemaOf(c, module);
    });
  }

  async list(
    connection: string,
    module: string,
    query: ListQuery,
    opts: { offline?: boolean } = {},
  ): Promise<ListPage & { offline?: { lastSyncAt: string | null } }> {
    if (opts.offline) return this.offline().list(connection, module, query);
    if (query.search !== undefined && query.search.trim() !== '') {
      throw serviceError('unsupported', 'errors.service.wordSearchOffline');
    }
    return this.call(connection, async (c) => {
      checkQuery(await this.deps.pool.schemaOf(c, module), query);
      return c.list(module, query);
    });
  }

  get(connection: string, module: string, id: string, opts: { offline?: boolean } = {}): Promise<CrmRecord> {
    if (opts.offline) return this.offline().get(connection, module, id);
    return this.call(connection, (c) => c.get(module, id));
  }

  create(connection: string, module: string, data: RecordData): Promise<CrmRecord> {
    return this.call(connection, async (c) => {
      const schema = await this.deps.pool.schemaOf(c, module);
      validateRecordData(schema, data);
      // A refused create is never sent again here: the refresh only serves the next attempt.
      return this.refreshOnRefusal(c, module, c.create(module, data));
    });
  }

  async update(
    connection: string,
    module: string,
    id: string,
    data: RecordData,
    opts: { offline?: boolean } = {},
  ): Promise<CrmRecord | { queued: true; module: string; id: string }> {
    if (opts.offline) {
      // Checked against the schema stored with the mirror, so a bad edit never waits in the outbox.
      const offline = this.offline();
      validateRecordData(await offline.describe(connection, module), data);
      return offline.update(connection, module, id, data);
    }
    return this.call(connection, async (c) => {
      const schema = await this.deps.pool.schemaOf(c, module);
      validateRecordData(schema, data);
      const rec = await this.refreshOnRefusal(c, module, c.update(module, id, data));
      this.labelCache.get(c)?.delete(`${module}\u0000${id}`);
      return rec;
    });
  }

  delete(connection: string, module: string, id: string): Promise<void> {
    return this.call(connection, async (c) => {
      await c.delete(module, id);
      this.labelCache.get(c)?.delete(`${module}\u0000${id}`);
    });
  }

  /**
   * Reference picker: records whose first label field contains `text`. A label made of several fields
   * ("Anna" + "de Vries") is also found by the whole label as the picker shows it.
   */
  lookup(
    connection: string,
    module: string,
    text: string,
    limit: number,
    opts: { offline?: boolean } = {},
  ): Promise<{ id: string; label: string }[]> {
    if (opts.offline) {
      const o = this.offline();
      return findByLabel(
        {
          schema: () => o.describe(connection, module),
          list: (q) => o.list(connection, module, q),
        },
        text,
        limit,
      );
    }
    return this.call(connection, async (c) => {
      const found = await findByLabel(
        { schema: () => this.deps.pool.schemaOf(c, module), list: (q) => c.list(module, q) },
        text,
        limit,
      );
      const cache = this.labelsOf(c);
      for (const f of found) remember(cache, `${module}\u0000${f.id}`, f.label);
      return found;
    });
  }

  /**
   * Readable labels for ids (one get per id not yet known); ids that no longer exist are left out.
   * Offline they come from the mirror, and a module never synced has none (the ids show).
   */
  async labels(
    connection: string,
    module: string,
    ids: string[],
    opts: { offline?: boolean } = {},
  ): Promise<Record<string, string>> {
    if (opts.offline) {
      const o = this.offline();
      const fields = await o.describe(connection, module).then(labelFieldsOf, (err: unknown) => {
        if (err instanceof CrmError && err.kind === 'not_found') return null;
        throw err;
      });
      const out: Record<string, string> = {};
      if (!fields) return out;
      for (const id of new Set(ids)) {
        const rec = await o.get(connection, module, id).catch((err: unknown) => {
          if (err instanceof CrmError && err.kind === 'not_found') return null;
          throw err;
        });
        if (rec) out[id] = labelOf(rec, fields);
      }
      return out;
    }
    return this.call(connection, async (c) => {
      const schema = await this.deps.pool.schemaOf(c, module);
      const labelFields = labelFieldsOf(schema);
      const cache = this.labelsOf(c);
      const out: Record<string, string> = {};
      for (const id of new Set(ids)) {
        const key = `${module}\u0000${id}`;
        let label = cache.get(key);
        if (label === undefined) {
          try {
            label = labelOf(await c.get(module, id), labelFields);
          } catch (err) {
            if (err instanceof CrmError && err.kind === 'not_found') continue;
            throw err;
          }
          remember(cache, key, label);
        }
        out[id] = label;
      }
      return out;
    });
  }

  async relations(connection: string, module: string, opts: { offline?: boolean } = {}): Promise<Relation[]> {
    const schemas: ModuleSchema[] = [];
    for (const m of await this.modules(connection, opts)) {
      schemas.push(await this.describe(connection, m.name, opts));
    }
    return this.call(connection, async (c) => c.relations?.(module, schemas) ?? []);
  }

  async related(
    connection: string,
    module: string,
    id: string,
    opts: { offline?: boolean; pageSize?: number } = {},
  ): Promise<RelatedList[]> {
    const out: RelatedList[] = [];
    for (const rel of await this.relations(connection, module, opts)) {
      const query: ListQuery = {
        page: 1,
        pageSize: opts.pageSize ?? RELATED_PAGE_SIZE,
        filters: [{ field: rel.field, op: '=', value: id }],
      };
      const page = await this.list(connection, rel.module, query, opts.offline ? { offline: true } : {});
      out.push({
        ...rel,
        ...(page.total !== undefined ? { total: page.total } : {}),
        rows: page.rows,
        hasMore: page.hasMore,
      });
    }
    return out;
  }

  private offline(): OfflineRecords {
    const hook = this.deps.offline?.();
    if (!hook) throw new CrmError('unsupported', NO_MIRROR_MESSAGE);
    return hook;
  }

  private async call<T>(connection: string, fn: (c: Connector) => Promise<T>): Promise<T> {
    const connector = await this.deps.pool.get(connection);
    try {
      return await fn(connector);
    } catch (err) {
      throw this.deps.pool.scrub(connection, err);
    }
  }

  /**
   * The vendor refused data our checks against the cached metadata let through (a picklist value it no
   * longer has, a field it no longer knows): the metadata is fetched again for the next call. The error
   * stands; nothing is sent again.
   */
  private async refreshOnRefusal<T>(c: Connector, module: string, call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (err) {
      if (err instanceof CrmError && err.kind === 'validation' && c.metadata?.contradicted(module)) {
        this.deps.pool.dropSchema(c, module);
      }
      throw err;
    }
  }

  private labelsOf(c: Connector): Map<string, string> {
    let cache = this.labelCache.get(c);
    if (!cache) this.labelCache.set(c, (cache = new Map()));
    return cache;
  }
}

/** Filters and sort must name described fields that allow it (the UI's grid and the CLI alike). */
function checkQuery(schema: ModuleSchema, query: ListQuery): void {
  const byName = new Map(schema.fields.map((f) => [f.name, f]));
  const check = (name: string, what: 'filter' | 'sort') => {
    const f = byName.get(name);
    const named = { field: name, module: schema.module };
    if (!f) {
      const key = what === 'filter' ? 'errors.service.cannotFilterOn' : 'errors.service.cannotSortOn';
      throw serviceError('invalid_input', key, named);
    }
    if ((what === 'filter' ? f.filterable : f.sortable) === false) {
      const key = what === 'filter' ? 'errors.service.notFilterable' : 'errors.service.notSortable';
      throw serviceError('unsupported', key, named);
    }
  };
  query.filters.forEach((f: Filter) => check(f.field, 'filter'));
  if (query.sort) check(query.sort.field, 'sort');
}

/** How many records a search by a label's first word reads to find the whole label among them. */
const COMPOSED_LABEL_CANDIDATES = 100;

function labelFieldsOf(schema: ModuleSchema): string[] {
  if (schema.labelFields && schema.labelFields.length > 0) return schema.labelFields;
  const firstText = schema.fields.find((f) => f.type === 'string');
  return firstText ? [firstText.name] : [];
}

function labelOf(rec: CrmRecord, labelFields: string[]): string {
  const parts = labelFields
    .map((f) => rec[f])
    .filter((v) => v !== null && v !== undefined && v !== '')
    .map((v) => (Array.isArray(v) ? v.join(', ') : String(v)));
  return parts.length > 0 ? parts.join(' ') : rec.id;
}

function remember(cache: Map<string, string>, key: string, label: string): void {
  if (cache.size >= LABEL_CACHE_MAX) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, label);
}

/** Where a picker looks: the vendor, or the mirror while offline. */
interface LabelSource {
  schema(): Promise<ModuleSchema>;
  list(query: ListQuery): Promise<ListPage>;
}

/**
 * Records whose first label field contains `text`. A label made of several fields ("Anna" + "de Vries")
 * is also found by the whole label as the picker shows it.
 */
async function findByLabel(src: LabelSource, text: string, limit: number): Promise<{ id: string; label: string }[]> {
  const labelFields = labelFieldsOf(await src.schema());
  const first = labelFields[0];
  const query = (op: 'contains' | 'startswith', value: string, size: number): ListQuery => ({
    page: 1,
    pageSize: size,
    filters: value && first ? [{ field: first, op, value }] : [],
    ...(first ? { sort: { field: first, desc: false } } : {}),
  });
  const search = async (value: string, size: number): Promise<ListPage> => {
    try {
      return await src.list(query('contains', value, size));
    } catch (err) {
      // A vendor that cannot search inside text (refused as unsupported) can still match a prefix.
      if (!(err instanceof CrmError && err.kind === 'unsupported') || !value) throw err;
      return src.list(query('startswith', value, size));
    }
  };
  let rows = (await search(text, limit)).rows;
  const words = text.trim().split(/\s+/);
  if (rows.length === 0 && labelFields.length > 1 && words.length > 1) {
    // No first field holds the whole label: ask for its first word, keep the labels that hold it all.
    const wanted = text.trim().toLowerCase();
    const candidates = (await search(words[0] ?? '', Math.max(limit, COMPOSED_LABEL_CANDIDATES))).rows;
    rows = candidates.filter((r) => labelOf(r, labelFields).toLowerCase().includes(wanted));
  }
  return rows.slice(0, limit).map((r) => ({ id: r.id, label: labelOf(r, labelFields) }));
}
