import type { Simulator } from '../common/server.ts';
import type { SimOptions } from '../workspace.ts';
import { SarvApi, type SarvAccount } from './api.ts';
import { SarvStore } from './store.ts';

/**
 * SarvCRM API v5 simulator: everything under `{baseUrl}/API.php?method=...` (Login, Retrieve, Save,
 * GetModuleFields), as the doc describes it, corrected where real servers differ (docs/vendors.md).
 */
export function createSarvSim(opts: SimOptions): Simulator {
  const account: SarvAccount = { utype: 'demo-sarv', username: 'admin', password: `sarv-${opts.seed}-Pa55!` };
  const store = new SarvStore(opts.seed, opts.records);
  const api = new SarvApi(store, account, opts.limits);
  const key = (module: string, id: string) => store.keyOf(module, id);
  return {
    vendor: 'sarv',
    basePath: '',
    handle: (req) => api.handle(req),
    credentials: () => ({ utype: account.utype, username: account.username, password: account.password }),
    expireSessions: () => api.expireSessions(),
    rateLimited: (s) => api.rateLimited(s),
    reset: () => store.reset(),
    records: {
      get(module, id) {
        const k = key(module, id);
        if (k === undefined) return undefined;
        const row = store.stored(module, k);
        return row && { id, ...row };
      },
      create: (module, fields) => String(store.rawWrite(module, undefined, fields)),
      update: (module, id, fields) => {
        const k = key(module, id);
        return k !== undefined && store.rawWrite(module, k, fields) === true;
      },
      remove: (module, id) => {
        const k = key(module, id);
        return k !== undefined && store.table(module).remove(k);
      },
    },
  };
}
