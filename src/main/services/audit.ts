import type { AuditAction, WriteIntent } from '../../shared/audit.ts';
import { CrmError } from '../../shared/errors.ts';
import type { CrmRecord, RecordData, RecordValue } from '../../shared/fields.ts';
import type { Connector } from '../connectors/types.ts';
import type { AuditStore } from '../store/audit.ts';

/**
 * The audit log's one hook: every connector the services hand out (records, sync's outbox push, bulk
 * jobs, undo; the app and the CLI alike) is wrapped here once, so no write path can skip the log. Each
 * create, update and delete is recorded with the fields before and after, the outcome and the vendor's
 * message (scrubbed of the connection's secrets).
 */
export function audited(
  inner: Connector,
  connection: string,
  log: () => AuditStore,
  scrub: (err: unknown) => unknown,
): Connector {
  const record = (
    action: AuditAction,
    op: 'create' | 'update' | 'delete',
    module: string,
    id: string,
    before: RecordData,
    after: RecordData,
    intent: WriteIntent | undefined,
    err?: unknown,
  ) => {
    const message = err === undefined ? undefined : errorText(scrub(err));
    log().add({
      connection,
      module,
      record: id,
      action,
      op,
      before,
      after,
      outcome: err === undefined ? 'ok' : 'error',
      ...(message !== undefined ? { message } : {}),
      ...(intent?.job !== undefined ? { job: intent.job } : {}),
      ...(intent?.undoes !== undefined ? { undoes: intent.undoes } : {}),
    });
  };

  /** The record before a write: the caller's read when it made one, else one read here. */
  const readBefore = async (module: string, id: string, intent: WriteIntent | undefined): Promise<RecordData> => {
    if (intent?.before) return intent.before as RecordData;
    try {
      return await inner.get(module, id);
    } catch (err) {
      // A missing record: the write itself will say so (and be logged). Anything else (no access, the
      // vendor unreachable) stops here, before a write whose before values could not be known.
      if (err instanceof CrmError && err.kind === 'not_found') return {};
      throw err;
    }
  };

  const writes: Pick<Connector, 'create' | 'update' | 'delete'> = {
    async create(module, data, intent) {
      const action = intent?.action ?? 'create';
      try {
        const created = await inner.create(module, data);
        record(action, 'create', module, created.id, {}, pick(created, Object.keys(data), data), intent);
        return created;
      } catch (err) {
        record(action, 'create', module, '', {}, data, intent, err);
        throw err;
      }
    },
    async update(module, id, data, intent) {
      const action = intent?.action ?? 'update';
      const fields = Object.keys(data);
      // The connector's own read (vtiger's full-record update) serves as the before values when it makes one.
      let seen: RecordData = {};
      const handOver = !intent?.before && inner.readsBeforeUpdate === true;
      const known = handOver ? null : pick(await readBefore(module, id, intent), fields);
      const pass = handOver ? { onCurrent: (r: Record<string, unknown>) => void (seen = r as RecordData) } : undefined;
      try {
        const updated = await inner.update(module, id, data, pass);
        record(action, 'update', module, id, known ?? pick(seen, fields), pick(updated, fields, data), intent);
        return updated;
      } catch (err) {
        record(action, 'update', module, id, known ?? pick(seen, fields), data, intent, err);
        throw err;
      }
    },
    async delete(module, id, intent) {
      const action = intent?.action ?? 'delete';
      const before = withoutId(await readBefore(module, id, intent));
      try {
        await inner.delete(module, id);
        record(action, 'delete', module, id, before, {}, intent);
      } catch (err) {
        record(action, 'delete', module, id, before, {}, intent, err);
        throw err;
      }
    },
  };

  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'create' || prop === 'update' || prop === 'delete') return writes[prop];
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The named fields of a record; a field the record lacks takes the fallback's value, else null. */
function pick(rec: RecordData | CrmRecord, fields: string[], fallback: RecordData = {}): RecordData {
  const out: RecordData = {};
  for (const f of fields) out[f] = (rec[f] as RecordValue | undefined) ?? fallback[f] ?? null;
  return out;
}

function withoutId(rec: RecordData): RecordData {
  const { id: _id, ...rest } = rec;
  return rest;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
