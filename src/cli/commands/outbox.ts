import type { Command } from '../command.ts';
import { cli } from '../i18n.ts';
import { columnHeads, showValue, table } from '../output.ts';

export const command: Command = {
  name: 'outbox',
  summary: 'Lists edits made offline that wait for a sync, and conflicts that wait for `resolve`.',
  usage: '<name>',
  positionals: ['name'],
  options: {},
  async run(ctx, args) {
    const entries = await (await ctx.services()).sync.outbox(args.arg('name'));
    return {
      json: entries,
      human: () =>
        entries.length === 0
          ? cli().t('cli.out.nothingWaiting')
          : table(
              columnHeads(['module', 'id', 'state', 'field', 'mine', 'theirs']),
              entries.flatMap((e) =>
                e.fields.map((f) => [
                  e.module,
                  e.id,
                  e.state,
                  f,
                  showValue(e.mine[f]),
                  e.theirs === null
                    ? e.state === 'conflict'
                      ? cli().t('cli.out.deletedOnServer')
                      : ''
                    : showValue(e.theirs[f]),
                ]),
              ),
            ),
    };
  },
};
