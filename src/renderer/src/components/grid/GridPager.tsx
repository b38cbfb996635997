import { formatTimestamp } from '../../lib/format.ts';

const PAGE_SIZES = [25, 50, 100, 250, 500];

interface Props {
  page: number;
  setPage: (update: number | ((page: number) => number)) => void;
  pageSize: number;
  onPageSize: (size: number) => void;
  rowCount: number;
  /** Omitted where the vendor gives no count. */
  total: number | undefined;
  hasMore: boolean;
  /** The next page is still loading (the previous one is on screen). */
  placeholder: boolean;
  fetching: boolean;
  /** Set when the page comes from the offline copy. */
  offline: { lastSyncAt: string | null } | undefined;
}

/** Below the grid: first/previous/next/last, where we are, the page size, loading and offline marks. */
export function GridPager({
  page,
  setPage,
  pageSize,
  onPageSize,
  rowCount,
  total,
  hasMore,
  placeholder,
  fetching,
  offline,
}: Props) {
  const pageCount = total !== undefined ? Math.max(1, Math.ceil(total / pageSize)) : null;
  const from = rowCount ? (page - 1) * pageSize + 1 : 0;
  return (
    <div className="pager" data-testid="pager">
      <button type="button" aria-label="First page" disabled={page <= 1} onClick={() => setPage(1)}>
        «
      </button>
      <button type="button" aria-label="Previous page" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
        ‹
      </button>
      <span data-testid="page-info">
        Page {page}
        {pageCount !== null ? ` of ${pageCount}` : ''} · rows {from}–{from + rowCount - (rowCount ? 1 : 0)}
        {total !== undefined ? ` of ${total}` : hasMore ? ' (more)' : ''}
      </span>
      <button
        type="button"
        aria-label="Next page"
        disabled={!hasMore || placeholder}
        onClick={() => setPage((p) => p + 1)}
      >
        ›
      </button>
      {pageCount !== null && (
        <button type="button" aria-label="Last page" disabled={page >= pageCount} onClick={() => setPage(pageCount)}>
          »
        </button>
      )}
      <label>
        Page size{' '}
        <select value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))}>
          {PAGE_SIZES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      {fetching && <span className="muted">Loading…</span>}
      {offline && (
        <span className="tag" data-testid="offline-copy">
          offline copy · synced {formatTimestamp(offline.lastSyncAt)}
        </span>
      )}
    </div>
  );
}
