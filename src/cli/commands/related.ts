import type { Command } from '../command.ts';
import { showValue, table } from '../output.ts';
import { offlineOption } from './common.ts';

export const command: Command = {
  name: 'related',
  summary:
    "Prints the records related to one record (an account's contacts, deals, projects): the first page of each relation.",
  usage: '<name> <module> <id> [--offline]',
  positionals: ['name', 'module', 'id'],
  usesStore: (args) => args.flag('offline'),
  options: { ...offlineOption },
  async run(ctx, args) {
    const services = await ctx.services();
    const lists = await services.records.related(args.arg('name'), args.arg('module'), args.arg('id'), {
      offline: args.flag('offline'),
    });
    const json = lists.map((l) => ({
      module: l.module,
      field: l.field,
      label: l.label,
      ...(l.total !== undefined ? { total: l.total } : {}),
      rows: l.rows,
    }));
    const human = () =>
      lists.length === 0
        ? '(this module has no relations)'
        : lists
            .map((l) => {
              const head = `${l.label} · ${l.module} by ${l.field}${l.total !== undefined ? ` · ${l.total} in all` : ''}`;
              if (l.rows.length === 0) return `${head}\n(none)`;
              const columns: string[] = ['id'];
              for (const r of l.rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
              const rows = l.rows.map((r) => columns.map((c) => showValue(r[c])));
              return `${head}\n${table(
                columns.slice(0, 6),
                rows.map((r) => r.slice(0, 6)),
                32,
              )}`;
            })
            .join('\n\n');
    return { json, human };
  },
};
