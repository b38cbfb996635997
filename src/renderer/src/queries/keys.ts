import type { ListQuery } from '../../../shared/query.ts';

/** Every query key the renderer uses, in one place, so invalidation cannot miss a spelling. */
export const keys = {
  appInfo: ['app.info'] as const,
  vendors: ['vendors'] as const,
  connections: ['connections'] as const,
  modules: (connection: string) => ['modules', connection] as const,
  describe: (connection: string, module: string) => ['describe', connection, module] as const,
  /** Prefix of every list page of one module (for invalidation). */
  listAll: (connection: string, module: string) => ['list', connection, module] as const,
  list: (connection: string, module: string, query: ListQuery, offline: boolean) =>
    ['list', connection, module, query, offline] as const,
  record: (connection: string, module: string, id: string) => ['record', connection, module, id] as const,
  labels: (connection: string, module: string, ids: readonly string[]) => ['labels', connection, module, ids] as const,
  lookup: (connection: string, module: string, text: string) => ['lookup', connection, module, text] as const,
  offline: (connection: string) => ['offline', connection] as const,
  syncStatus: (connection: string) => ['sync.status', connection] as const,
  outbox: (connection: string) => ['outbox', connection] as const,
  exportStatus: (jobId: string) => ['export.status', jobId] as const,
  search: (text: string) => ['search', text] as const,
  recents: ['recents'] as const,
};
