import type { Command } from '../command.ts';
import { cli } from '../i18n.ts';
import { keyValues } from '../output.ts';
import { dataOption, readData } from './common.ts';

export const command: Command = {
  name: 'create',
  summary: 'Creates a record; the fields are checked against describe before anything is sent.',
  usage: "<name> <module> --data '<json>'",
  positionals: ['name', 'module'],
  usesMirror: () => false,
  options: { ...dataOption },
  async run(ctx, args) {
    const data = await readData(ctx, args);
    const services = await ctx.services();
    const rec = await services.records.create(args.arg('name'), args.arg('module'), data);
    return { json: rec, human: () => `${cli().t('cli.out.created', { id: rec.id })}\n${keyValues(rec)}` };
  },
};
