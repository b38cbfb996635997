import type { Command } from '../command.ts';

export const command: Command = {
  name: 'test',
  summary: 'Logs in with the stored settings and secrets and reports who we are.',
  usage: '<name>',
  positionals: ['name'],
  usesStore: () => false,
  options: {},
  async run(ctx, args) {
    const name = args.arg('name');
    const result = await (await ctx.services()).connections.test(name);
    return {
      json: result,
      human: () =>
        `OK: "${name}" works` +
        (result.user ? `, logged in as ${result.user}` : '') +
        (result.detail ? ` (${result.detail})` : ''),
    };
  },
};
