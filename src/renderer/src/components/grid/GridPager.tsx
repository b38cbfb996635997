import { useTranslation } from 'react-i18next';
import { arrows } from '../../i18n/bidi.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
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
  const { t } = useTranslation();
  const { formats, dir } = useLocale();
  const arrow = arrows(dir);
  const n = (x: number) => formats.count(x);
  const pageCount = total !== undefined ? Math.max(1, Math.ceil(total / pageSize)) : null;
  const from = rowCount ? (page - 1) * pageSize + 1 : 0;
  const span = { from: n(from), to: n(from + rowCount - (rowCount ? 1 : 0)) };
  const where = [
    pageCount !== null ? t('pager.pageOf', { page: n(page), pages: n(pageCount) }) : t('pager.page', { page: n(page) }),
    total !== undefined
      ? t('pager.rowsOf', { ...span, total: n(total) })
      : hasMore
        ? t('pager.rowsMore', span)
        : t('pager.rows', span),
  ].join(t('pager.separator'));
  return (
    <div className="pager" data-testid="pager">
      <button type="button" aria-label={t('pager.first')} disabled={page <= 1} onClick={() => setPage(1)}>
        {arrow.first}
      </button>
      <button type="button" aria-label={t('pager.previous')} disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
        {arrow.previous}
      </button>
      <span data-testid="page-info">{where}</span>
      <button
        type="button"
        aria-label={t('pager.next')}
        disabled={!hasMore || placeholder}
        onClick={() => setPage((p) => p + 1)}
      >
        {arrow.next}
      </button>
      {pageCount !== null && (
        <button
          type="button"
          aria-label={t('pager.last')}
          disabled={page >= pageCount}
          onClick={() => setPage(pageCount)}
        >
          {arrow.last}
        </button>
      )}
      <label>
        {t('pager.pageSize')}{' '}
        <select value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))}>
          {PAGE_SIZES.map((s) => (
            <option key={s} value={s}>
              {n(s)}
            </option>
          ))}
        </select>
      </label>
      {fetching && <span className="muted">{t('common.loading')}</span>}
      {offline && (
        <span className="tag" data-testid="offline-copy">
          {t('pager.offlineCopy', { when: formatTimestamp(offline.lastSyncAt, formats) })}
        </span>
      )}
    </div>
  );
}
