import { recordSchema } from '../../../shared/fields.ts';
import type { Filter, Sort } from '../../../shared/query.ts';
import type { Connector } from '../../connectors/types.ts';
import type { SourceRow } from '../../export/pipeline.ts';
import type { ConnectionStore } from '../../store/index.ts';

/** Rows of a module from the mirror, pending offline edits shown (no request). */
export function mirrorSource(
  store: ConnectionStore,
  module: string,
  query: { filters: readonly Filter[]; sort?: Sort | undefined },
): Iterable<SourceRow> {
  const overlay = new Map(store.outbox.items(module).map((i) => [i.id, i.mine]));
  return store.mirror.rows(module, { ...query, overlay });
}

/** Page size of a live export; connectors serve sizes above their vendor's limit with several calls. */
export const LIVE_PAGE_SIZE = 100;

/**
 * Rows of a module live from the vendor, page by page (one page in memory at a time). A row that is not
 * a valid record goes to the error report instead of failing the export.
 */
export async function* liveSource(
  connector: Connector,
  module: string,
  query: { filters: Filter[]; sort?: Sort | undefined },
  signal?: AbortSignal,
): AsyncIterable<SourceRow> {
  for (let page = 1; ; page++) {
    signal?.throwIfAborted();
    const result = await connector.list(module, {
      page,
      pageSize: LIVE_PAGE_SIZE,
      filters: query.filters,
      ...(query.sort ? { sort: query.sort } : {}),
    });
    for (const row of result.rows) {
      const checked = recordSchema.safeParse(row);
      if (checked.success) yield { ok: true, record: row };
      else
        yield {
          ok: false,
          id: String((row as { id?: unknown }).id ?? '?'),
          error: 'the vendor sent a record of an unexpected shape',
        };
    }
    if (!result.hasMore || result.rows.length === 0) return;
  }
}
