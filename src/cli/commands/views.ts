import type { Command } from '../command.ts';
import { cli } from '../i18n.ts';
import { columnHeads, sortArgument, table } from '../output.ts';

export const command: Command = {
  name: 'views',
  summary: "Prints the module's saved views (columns, filters, sort, page size; which one opens by default).",
  usage: '<name> <module>',
  positionals: ['name', 'module'],
  options: {},
  async run(ctx, args) {
    const services = await ctx.services();
    const views = await services.views.list(args.arg('name'), args.arg('module'));
    const json = views.map((v) => ({
      name: v.name,
      columns: v.columns,
      filters: v.filters,
      sort: v.sort,
      pageSize: v.pageSize,
      default: v.default,
      ...(v.bulkMap ? { bulkMap: v.bulkMap } : {}),
    }));
    const { t } = cli();
    const human = () =>
      views.length === 0
        ? t('cli.out.noViews')
        : table(
            columnHeads(['name', 'default', 'columns', 'filters', 'sort', 'pageSize']),
            views.map((v) => [
              v.name,
              v.default ? t('cli.out.yes') : '',
              v.columns.join(', '),
              String(v.filters.length),
              v.sort ? sortArgument(v.sort) : '',
              String(v.pageSize),
            ]),
          );
    return { json, human };
  },
};
