import type { Command } from '../command.ts';
import { cli } from '../i18n.ts';
import { columnHeads, table } from '../output.ts';

export const command: Command = {
  name: 'connections',
  summary: 'Lists the connections: name, vendor, URL and settings; secrets only by name, never their values.',
  usage: '',
  positionals: [],
  usesMirror: () => false,
  options: {},
  async run(ctx) {
    const list = await (await ctx.services()).connections.list();
    return {
      json: list.map((c) => ({
        name: c.name,
        vendor: c.vendor,
        url: c.url,
        settings: c.settings,
        secretNames: c.secretNames,
        demo: c.demo,
      })),
      human: () =>
        list.length === 0
          ? cli().t('cli.out.noConnections')
          : table(
              columnHeads(['name', 'vendor', 'url', 'settings', 'secrets']),
              list.map((c) => [
                c.name,
                c.vendor,
                c.url,
                Object.entries(c.settings)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' '),
                c.secretNames.join(', '),
              ]),
            ),
    };
  },
};
