import type { Command } from '../command.ts';
import { cli } from '../i18n.ts';
import { recordColumns, showValue, table } from '../output.ts';
import { offlineOption } from './common.ts';

export const command: Command = {
  name: 'related',
  summary:
    "Prints the records related to one record (an account's contacts, deals, projects): the first page of each relation.",
  usage: '<name> <module> <id> [--offline]',
  positionals: ['name', 'module', 'id'],
  usesMirror: (args) => args.flag('offline'),
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
    const { t } = cli();
    const human = () =>
      lists.length === 0
        ? t('cli.out.noRelations')
        : lists
            .map((l) => {
              const named = { label: l.label, module: l.module, field: l.field };
              const head =
                l.total !== undefined
                  ? t('cli.out.relatedHeadTotal', { ...named, total: l.total })
                  : t('cli.out.relatedHead', named);
              if (l.rows.length === 0) return `${head}\n${t('cli.out.none')}`;
              const columns = recordColumns(l.rows);
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
