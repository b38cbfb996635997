import type { Command } from '../command.ts';
import { columnHeads, table } from '../output.ts';

export const command: Command = {
  name: 'modules',
  summary: 'Lists the modules of a connection by their module ids.',
  usage: '<name>',
  positionals: ['name'],
  usesMirror: () => false,
  options: {},
  async run(ctx, args) {
    const modules = await (await ctx.services()).records.modules(args.arg('name'));
    return {
      json: modules.map((m) => ({ name: m.name, label: m.label })),
      human: () =>
        table(
          columnHeads(['module', 'label']),
          modules.map((m) => [m.name, m.label]),
        ),
    };
  },
};
