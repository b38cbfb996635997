import type { Command } from '../command.ts';
import { cli } from '../i18n.ts';

export const command: Command = {
  name: 'remove',
  summary: 'Deletes a connection and its keychain entry.',
  usage: '<name>',
  positionals: ['name'],
  // The store (when plugged in) drops the connection's local mirror too.
  options: {},
  async run(ctx, args) {
    const name = args.arg('name');
    await (await ctx.services()).connections.remove(name);
    return { json: { ok: true }, human: () => cli().t('cli.out.removed', { name }) };
  },
};
