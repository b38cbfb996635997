import type { CrmError } from '../../shared/errors.ts';
import { serviceError, type ServiceTextKey } from '../../shared/i18n/error-text.ts';
import type { ModuleSchema } from '../../shared/fields.ts';
import type { Connector } from '../connectors/types.ts';

type WriteOp = 'create' | 'update' | 'delete';

/**
 * The one place a write the module's described capabilities rule out is refused, before any request.
 * The connector pool hands out only wrapped connectors, so every write path (the records service, bulk
 * jobs, undo, the outbox push) passes here. Describe is cached by the connector, so the check costs no
 * request once the module is known.
 */
export function capabilityChecked(inner: Connector, schemaOf: (module: string) => Promise<ModuleSchema>): Connector {
  const allow = async (op: WriteOp, module: string): Promise<void> => {
    const schema = await schemaOf(module);
    if (!schema.capabilities[op]) throw cannot(op, module);
  };
  const writes: Pick<Connector, WriteOp> = {
    async create(module, data, intent) {
      await allow('create', module);
      return inner.create(module, data, intent);
    },
    async update(module, id, data, intent) {
      await allow('update', module);
      return inner.update(module, id, data, intent);
    },
    async delete(module, id, intent) {
      await allow('delete', module);
      return inner.delete(module, id, intent);
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

const refusals = {
  create: 'errors.service.cannotCreate',
  update: 'errors.service.cannotUpdate',
  delete: 'errors.service.cannotDelete',
} as const satisfies Record<WriteOp, ServiceTextKey>;

function cannot(op: WriteOp, module: string): CrmError {
  return serviceError('unsupported', refusals[op], { module });
}
