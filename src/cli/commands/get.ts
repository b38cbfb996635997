import type { Command } from '../command.ts';
import { keyValues } from '../output.ts';
import { offlineOption } from './common.ts';

export const command: Command = {
  name: 'get',
  summary: 'Prints one record.',
  usage: '<name> <module> <id> [--offline]',
  positionals: ['name', 'module', 'id'],
  usesMirror: (args) => args.flag('offline'),
  options: { ...offlineOption },
  async run(ctx, args) {
    const services = await ctx.services();
    const rec = await services.records.get(args.arg('name'), args.arg('module'), args.arg('id'), {
      offline: args.flag('offline'),
    });
    return { json: rec, human: () => keyValues(rec) };
  },
};
