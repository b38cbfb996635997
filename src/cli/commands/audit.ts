import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { cli } from '../i18n.ts';
import { columnHeads, showValue, table } from '../output.ts';

export const command: Command = {
  name: 'audit',
  summary:
    'Lists the writes made through this data folder (app and CLI), newest first, with the values before and after.',
  usage: '<name> [--module M] [--record ID] [--since ISO]',
  positionals: ['name'],
  usesMirror: () => false,
  options: {
    module: { type: 'string', help: 'only this module' },
    record: { type: 'string', help: 'only this record id' },
    since: { type: 'string', help: 'only writes at or after this ISO 8601 time' },
  },
  async run(ctx, args) {
    const { t } = cli();
    const since = args.string('since');
    if (since !== undefined && Number.isNaN(Date.parse(since))) throw new UsageError(t('cli.refused.since'));
    const module = args.string('module');
    const record = args.string('record');
    const entries = await (
      await ctx.services()
    ).audit.list(args.arg('name'), {
      ...(module !== undefined ? { module } : {}),
      ...(record !== undefined ? { record } : {}),
      ...(since !== undefined ? { since: new Date(since).toISOString() } : {}),
    });
    const json = entries.map(({ op: _op, job: _job, undoes: _undoes, ...e }) => e);
    return {
      json,
      human: () =>
        entries.length === 0
          ? t('cli.out.noWrites')
          : table(
              columnHeads(['id', 'at', 'action', 'module', 'record', 'outcome', 'field', 'before', 'after']),
              entries.flatMap((e) => {
                const fields = [...new Set([...Object.keys(e.before), ...Object.keys(e.after)])];
                const head = [String(e.id), e.at, e.action, e.module, e.record, e.outcome];
                if (fields.length === 0) return [[...head, '', '', e.message ?? '']];
                return fields.map((f) => [...head, f, showValue(e.before[f]), showValue(e.after[f])]);
              }),
            ),
    };
  },
};
