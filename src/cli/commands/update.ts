import type { Command } from '../command.ts';
import { cli } from '../i18n.ts';
import { keyValues } from '../output.ts';
import { dataOption, offlineOption, readData } from './common.ts';

export const command: Command = {
  name: 'update',
  summary: 'Changes the given fields of a record (with --offline: queues the edit for the next sync).',
  usage: "<name> <module> <id> --data '<json>' [--offline]",
  positionals: ['name', 'module', 'id'],
  usesMirror: (args) => args.flag('offline'),
  options: { ...dataOption, ...offlineOption },
  async run(ctx, args) {
    const data = await readData(ctx, args);
    const services = await ctx.services();
    const result = await services.records.update(args.arg('name'), args.arg('module'), args.arg('id'), data, {
      offline: args.flag('offline'),
    });
    if ('queued' in result) {
      return { json: result, human: () => cli().t('cli.out.queued', { module: result.module, id: result.id }) };
    }
    return { json: result, human: () => `${cli().t('cli.out.updated', { id: result.id })}\n${keyValues(result)}` };
  },
};
