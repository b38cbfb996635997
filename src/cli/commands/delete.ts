import type { Command } from '../command.ts';
import { cli } from '../i18n.ts';

export const command: Command = {
  name: 'delete',
  summary: 'Deletes a record (refused as unsupported where the vendor cannot delete).',
  usage: '<name> <module> <id>',
  positionals: ['name', 'module', 'id'],
  usesMirror: () => false,
  options: {},
  async run(ctx, args) {
    const [name, module, id] = [args.arg('name'), args.arg('module'), args.arg('id')];
    await (await ctx.services()).records.delete(name, module, id);
    return { json: { ok: true }, human: () => cli().t('cli.out.deleted', { module, id }) };
  },
};
