import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { cli } from '../i18n.ts';

export const command: Command = {
  name: 'resolve',
  summary: 'Settles a conflicting offline edit: keep mine (the next sync pushes it) or theirs (the edit is dropped).',
  usage: '<name> <module> <id> --keep mine|theirs [--field f ...]',
  positionals: ['name', 'module', 'id'],
  options: {
    keep: { type: 'string', help: 'mine or theirs' },
    field: { type: 'string', multiple: true, help: 'only this field (repeatable); default every field of the edit' },
  },
  async run(ctx, args) {
    const { t } = cli();
    const keep = args.requireString('keep');
    if (keep !== 'mine' && keep !== 'theirs') throw new UsageError(t('cli.refused.keep', { command: 'resolve' }));
    const [name, module, id] = [args.arg('name'), args.arg('module'), args.arg('id')];
    const services = await ctx.services();
    await services.sync.resolve(name, module, id, keep, args.strings('field'));
    const left = (await services.sync.outbox(name)).find((e) => e.module === module && e.id === id);
    return {
      json: { module, id, keep, left: left ?? null },
      human: () =>
        left === undefined
          ? t('cli.out.nothingLeft', { module, id })
          : left.state === 'conflict'
            ? t('cli.out.stillConflict', { module, id })
            : t('cli.out.willPush', { module, id }),
    };
  },
};
