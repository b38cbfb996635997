import type { WriteIntent } from '../../../shared/audit.ts';
import { CrmError } from '../../../shared/errors.ts';
import type { CrmRecord, ModuleInfo, ModuleSchema, RecordData } from '../../../shared/fields.ts';
import type { ListQuery } from '../../../shared/query.ts';
import type { ChangePage, Connector, ConnectorContext, ListPage, TestResult } from '../types.ts';
import { decodeCursor, encodeCursor, fingerprint, type SyncCursor } from './cursor.ts';
import { fromVtRecord, mapDescribe, toVtData, type Described } from './fields.ts';
import { WebserviceSession } from './session.ts';
import { createMetadataCache } from '../common/metadata-cache.ts';
import { orderClause, whereClause } from './vtql.ts';
import type { VtDescribe, VtListTypes, VtRecord, VtSync } from './wire.ts';
import { reverseReferences } from '../common/relations.ts';
import type { Relation } from '../../../shared/relations.ts';
import { inEnglish, serviceError, serviceText } from '../../../shared/i18n/error-text.ts';

/** doc: "The query always limits its output to 100 records". */
export const QUERY_PAGE = 100;

/**
 * docs/vendors.md: sync on Users "answers an empty result" and it cannot be created or deleted through
 * the API; it is served for owner lookups (describe, list, get), not as a browsable module.
 */
const OWNER_MODULE = 'Users';

export function createSimplyConnector(ctx: ConnectorContext): Connector {
  const username = ctx.settings.username ?? '';
  const session = new WebserviceSession(ctx.http, username, ctx.secrets.accessKey ?? '');
  const cache = ctx.metadata ?? createMetadataCache({ scope: 'simply' });

  function describeRaw(module: string): Promise<Described> {
    // The vendor's describe answer is what is cached; mapDescribe reads it (fresh or stored) the same way.
    return cache.get(
      module,
      'describe',
      () =>
        // docs/vendors.md: the operation is `describe` (the doc's `describeobject` does not exist).
        session.call<VtDescribe>('GET', { operation: 'describe', elementType: module }).catch((err: unknown) => {
          if (err instanceof CrmError && err.kind === 'permission') {
            throw serviceError('not_found', 'errors.service.noModuleMayNotRead', { vendor: 'Simply CRM', module });
          }
          throw err;
        }),
      (raw) => mapDescribe(raw as VtDescribe),
    );
  }

  function query(text: string, tag?: string): Promise<VtRecord[]> {
    return session.call<VtRecord[]>('GET', { operation: 'query', query: text }, tag ? { tag } : {});
  }

  function sync(module: string, since: number): Promise<VtSync> {
    // docs/vendors.md: sync is GET only and needs elementType.
    return session.call<VtSync>('GET', { operation: 'sync', elementType: module, modifiedTime: String(since) });
  }

  return {
    async test(): Promise<TestResult> {
      const login = await session.login();
      return { ok: true, user: username, detail: `vtiger ${login.vtigerVersion ?? '?'}, user id ${login.userId}` };
    },

    async modules(): Promise<ModuleInfo[]> {
      const res = await session.call<VtListTypes>('GET', { operation: 'listtypes' });
      const info = res.information ?? {};
      // Non-entity types (Groups, Currency, ...) cannot be queried or synced (doc, "Known issues").
      return res.types
        .filter((t) => info[t]?.isEntity !== false && t !== OWNER_MODULE)
        .map((t) => ({ name: t, label: info[t]?.label ?? t }));
    },

    async describe(module: string): Promise<ModuleSchema> {
      return (await describeRaw(module)).schema;
    },

    async list(module: string, q: ListQuery): Promise<ListPage> {
      const d = await describeRaw(module);
      const where = whereClause(q.filters, d);
      const order = orderClause(q.sort, d);
      const offset = (q.page - 1) * q.pageSize;
      // docs/vendors.md: count(*) answers [{"count":"N"}] and is not capped at 100.
      const countP = query(`select count(*) from ${module}${where};`);
      countP.catch(() => undefined);
      const rows: CrmRecord[] = [];
      // Pages above the 100-row cap are served with several `limit offset, count` queries.
      while (rows.length < q.pageSize) {
        const n = Math.min(QUERY_PAGE, q.pageSize - rows.length);
        const chunk = await query(`select * from ${module}${where}${order} limit ${offset + rows.length}, ${n};`);
        rows.push(...chunk.map((r) => fromVtRecord(r, d)));
        if (chunk.length < n) break;
      }
      const total = Number((await countP)[0]?.count);
      if (!Number.isFinite(total)) throw new CrmError('protocol', 'Simply CRM answered count(*) without a number');
      return { rows, total, hasMore: offset + rows.length < total };
    },

    async get(module: string, id: string): Promise<CrmRecord> {
      const d = await describeRaw(module);
      checkId(d, id);
      const row = await session.call<VtRecord>('GET', { operation: 'retrieve', id }, { kind: 'record' });
      return fromVtRecord(row, d);
    },

    async create(module: string, data: RecordData): Promise<CrmRecord> {
      const d = await describeRaw(module);
      const element = toVtData(data, d);
      // vtiger puts a new record on the API user when no owner is given; say so explicitly.
      if (d.byName.has('assigned_user_id') && !element.assigned_user_id) {
        element.assigned_user_id = (await session.login()).userId;
      }
      requireMandatory(d, element);
      const row = await session.call<VtRecord>(
        'POST',
        { operation: 'create', elementType: module, element: JSON.stringify(element) },
        { kind: 'write' },
      );
      return fromVtRecord(row, d);
    },

    readsBeforeUpdate: true,

    async update(module: string, id: string, data: RecordData, intent?: WriteIntent): Promise<CrmRecord> {
      const d = await describeRaw(module);
      checkId(d, id);
      const changes = toVtData(data, d);
      // docs/vendors.md: Simply CRM's update writes fields left out of the element back empty, and mandatory
      // fields must always be present: send the full retrieved record with the changes merged in.
      const current = await session.call<VtRecord>('GET', { operation: 'retrieve', id }, { kind: 'record' });
      intent?.onCurrent?.(fromVtRecord(current, d));
      const element: VtRecord = {};
      for (const f of d.schema.fields) if (!f.readOnly && f.name in current) element[f.name] = current[f.name] ?? '';
      Object.assign(element, changes, { id });
      requireMandatory(d, element);
      const row = await session.call<VtRecord>(
        'POST',
        { operation: 'update', element: JSON.stringify(element) },
        { kind: 'write' },
      );
      return fromVtRecord(row, d);
    },

    async delete(module: string, id: string): Promise<void> {
      const d = await describeRaw(module);
      checkId(d, id);
      await session.call('POST', { operation: 'delete', id }, { kind: 'record' });
    },

    /** Reference fields queried in reverse: describe's `refersTo` names the modules each may point at. */
    relations(module: string, schemas: readonly ModuleSchema[]): Relation[] {
      return reverseReferences(module, schemas);
    },

    deletionFeed(module: string): boolean {
      return module !== OWNER_MODULE;
    },

    async changes(module: string, cursor: string | null): Promise<ChangePage> {
      if (module === OWNER_MODULE)
        throw serviceError('unsupported', 'errors.service.vendorNoChangeFeed', { vendor: 'Simply CRM', module });
      const d = await describeRaw(module);
      const prev = cursor === null ? null : decodeCursor(cursor);
      // docs/vendors.md: modifiedTime must be at least 1 (0 reads as missing and fails with HTTP 500).
      const first = await sync(module, prev ? Math.max(1, prev.t - 1) : 1);
      const pages = [first];
      if (prev && first.more && Number(first.lastModifiedTime) <= prev.t) {
        // The page held only the boundary second, and the server includes every record of that second in
        // one page, so it is complete: continue strictly after it (else the same page would repeat).
        pages.push(await sync(module, prev.t));
      }
      const last = pages[pages.length - 1] ?? first;
      const rows = pages.flatMap((p) => p.updated);
      const gone = pages.flatMap((p) => p.deleted);
      const updated = rows.filter((r) => !(prev && prev.seen[r.id ?? ''] === fingerprint(r)));
      const deleted = gone.filter((id) => !prev?.gone.includes(id));
      const t = Math.max(prev?.t ?? 0, ...pages.map((p) => Number(p.lastModifiedTime) || 0));
      const latest = rows.reduce((m, r) => ((r.modifiedtime ?? '') > m ? (r.modifiedtime ?? '') : m), '');
      const seen: Record<string, string> = prev && prev.t === t ? { ...prev.seen } : {};
      for (const r of rows) if (r.id && r.modifiedtime === latest) seen[r.id] = fingerprint(r);
      const next: SyncCursor = {
        v: 1,
        t,
        seen,
        gone: [...new Set([...(prev && prev.t === t ? prev.gone : []), ...gone])],
      };
      return {
        updated: updated.map((r) => fromVtRecord(r, d)),
        deleted,
        cursor: encodeCursor(next),
        more: last.more === true,
      };
    },

    async *listIds(module: string): AsyncIterable<string[]> {
      await describeRaw(module);
      let after: string | null = null;
      for (;;) {
        // Keyset paging on the id: stable while records are added or deleted during the walk.
        const where: string = after ? ` where id > '${after}'` : '';
        const rows = await query(`select id from ${module}${where} order by id limit ${QUERY_PAGE};`, 'idpass');
        const ids = rows.map((r) => r.id ?? '').filter(Boolean);
        if (ids.length) yield ids;
        if (rows.length < QUERY_PAGE) return;
        after = ids[ids.length - 1] ?? null;
        if (!after || !/^\d+x\d+$/.test(after))
          throw new CrmError('protocol', 'Simply CRM sent a record id that is not NxM');
      }
    },

    async close(): Promise<void> {
      await session.logout();
    },
  };
}

/** An id of another module (or not NxM at all) cannot name a record here. */
function checkId(d: Described, id: string): void {
  const m = /^(\d+)x\d+$/.exec(id);
  if (!m || m[1] !== d.idPrefix) {
    throw serviceError('not_found', 'errors.service.notIdOfRecordIn', {
      id,
      module: d.schema.module,
      vendor: 'Simply CRM',
    });
  }
}

function requireMandatory(d: Described, element: VtRecord): void {
  const missing = d.schema.fields.filter((f) => f.required && (element[f.name] ?? '') === '').map((f) => f.name);
  if (missing.length) {
    const required = serviceText('errors.service.aValueIsRequired');
    throw serviceError(
      'validation',
      'errors.service.needsValueFor',
      { vendor: 'Simply CRM', fields: missing.join(', ') },
      {
        fields: Object.fromEntries(missing.map((name) => [name, inEnglish(required)])),
        fieldTexts: Object.fromEntries(missing.map((name) => [name, required])),
      },
    );
  }
}
