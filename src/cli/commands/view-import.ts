import type { Command } from '../command.ts';
import { cli } from '../i18n.ts';
import { offlineOption } from './common.ts';

export const command: Command = {
  name: 'view-import',
  summary:
    'Saves a shared view file for the module; fields the module does not have are left out and named (the rest loads).',
  usage: '<name> <module> --file <file> [--offline]',
  positionals: ['name', 'module'],
  usesMirror: (args) => args.flag('offline'),
  options: { file: { type: 'string', help: 'the view file (crm view-export writes one)' }, ...offlineOption },
  async run(ctx, args) {
    const file = ctx.resolvePath(args.requireString('file'));
    const services = await ctx.services();
    const [name, module] = [args.arg('name'), args.arg('module')];
    const schema = await services.records.describe(name, module, { offline: args.flag('offline') });
    const result = await services.views.importFile(name, schema, file);
    return {
      json: result,
      human: () =>
        result.unknownFields.length
          ? cli().t('cli.out.viewSavedUnknown', { name: result.name, module, fields: result.unknownFields.join(', ') })
          : cli().t('cli.out.viewSaved', { name: result.name }),
    };
  },
};
