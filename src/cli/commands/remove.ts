import type { Command } from '../command.ts';

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
    return { json: { ok: true }, human: () => `Removed connection "${name}".` };
  },
};
