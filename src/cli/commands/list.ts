import type { CrmRecord } from '../../shared/fields.ts';
import type { Command } from '../command.ts';
import { cli } from '../i18n.ts';
import { recordColumns, showValue, table } from '../output.ts';
import { buildListQuery, offlineOption, viewOption } from './common.ts';

export const command: Command = {
  name: 'list',
  summary: 'Prints one page of records. Filters are ANDed; a filter the vendor cannot express exactly is refused.',
  usage:
    '<name> <module> [--view NAME] [--page N] [--page-size N] [--sort f[:desc]] [--where "<field> <op> <value>" ...] [--offline]',
  positionals: ['name', 'module'],
  usesMirror: (args) => args.flag('offline'),
  options: {
    page: { type: 'string', help: 'page number, from 1 (default 1)' },
    'page-size': { type: 'string', help: 'rows per page (default 50)' },
    sort: { type: 'string', help: 'field, or field:desc' },
    where: {
      type: 'string',
      multiple: true,
      help: '"<field> <op> <value>", op one of = != < <= > >= contains startswith endswith in isempty',
    },
    ...offlineOption,
    ...viewOption,
  },
  async run(ctx, args) {
    const services = await ctx.services();
    const name = args.arg('name');
    const module = args.arg('module');
    const offline = args.flag('offline');
    const schema = await services.records.describe(name, module, { offline });
    const viewName = args.string('view');
    const view = viewName === undefined ? undefined : await services.views.get(name, module, viewName);
    const query = buildListQuery(args, schema, view);
    const page = await services.records.list(name, module, query, { offline });
    // A view shows its columns: each row keeps its id and those fields, in the view's order.
    const rows = view && view.columns.length > 0 ? page.rows.map((r) => project(r, view.columns)) : page.rows;
    const json = {
      rows,
      ...(page.total !== undefined ? { total: page.total } : {}),
      hasMore: page.hasMore,
      ...(page.offline ? { offline: page.offline } : {}),
    };
    return { json, human: () => renderPage(rows, query.page, page.total, page.hasMore, page.offline?.lastSyncAt) };
  },
};

function renderPage(
  rows: CrmRecord[],
  pageNo: number,
  total: number | undefined,
  hasMore: boolean,
  lastSync?: string | null,
): string {
  const { t } = cli();
  const columns = recordColumns(rows);
  const body =
    rows.length === 0
      ? t('cli.out.noRecords')
      : table(
          columns,
          rows.map((r) => columns.map((c) => showValue(r[c]))),
          32,
        );
  const footer = [
    t('cli.out.page', { page: pageNo }),
    t('cli.out.pageRows', { count: rows.length }),
    ...(total !== undefined ? [t('cli.out.pageTotal', { total })] : []),
    hasMore ? t('cli.out.pageMore', { next: pageNo + 1 }) : t('cli.out.lastPage'),
    ...(lastSync === undefined
      ? []
      : [lastSync === null ? t('cli.out.offlineNeverSynced') : t('cli.out.offlineSynced', { when: lastSync })]),
  ].join(' · ');
  return `${body}\n${footer}`;
}

function project(row: CrmRecord, columns: readonly string[]): CrmRecord {
  const out: CrmRecord = { id: row.id };
  for (const c of columns) if (c !== 'id' && row[c] !== undefined) out[c] = row[c] ?? null;
  return out;
}
