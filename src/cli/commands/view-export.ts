import type { Command } from '../command.ts';
import { cli } from '../i18n.ts';

export const command: Command = {
  name: 'view-export',
  summary: 'Writes a saved view to a small JSON file to share (crm view-import reads it).',
  usage: '<name> <module> <view> --out <file>',
  positionals: ['name', 'module', 'view'],
  options: { out: { type: 'string', help: 'the file to write' } },
  async run(ctx, args) {
    const out = ctx.resolvePath(args.requireString('out'));
    const services = await ctx.services();
    await services.views.exportFile(args.arg('name'), args.arg('module'), args.arg('view'), out);
    return { json: { ok: true }, human: () => cli().t('cli.out.viewWritten', { name: args.arg('view'), file: out }) };
  },
};
