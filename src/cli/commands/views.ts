import type { Command } from '../command.ts';
import { table } from '../output.ts';

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
    const human = () =>
      views.length === 0
        ? '(no saved views)'
        : table(
            ['name', 'default', 'columns', 'filters', 'sort', 'page size'],
            views.map((v) => [
              v.name,
              v.default ? 'yes' : '',
              v.columns.join(', '),
              String(v.filters.length),
              v.sort ? `${v.sort.field}${v.sort.desc ? ':desc' : ''}` : '',
              String(v.pageSize),
            ]),
          );
    return { json, human };
  },
};
