import type { Command } from '../command.ts';
import { cli } from '../i18n.ts';

export const command: Command = {
  name: 'test',
  summary: 'Logs in with the stored settings and secrets and reports who we are.',
  usage: '<name>',
  positionals: ['name'],
  usesMirror: () => false,
  options: {},
  async run(ctx, args) {
    const name = args.arg('name');
    const result = await (await ctx.services()).connections.test(name);
    return {
      json: result,
      human: () => {
        const { t } = cli();
        const ok = result.user ? t('cli.out.testOkAs', { name, user: result.user }) : t('cli.out.testOk', { name });
        return result.detail ? `${ok} (${result.detail})` : ok;
      },
    };
  },
};
