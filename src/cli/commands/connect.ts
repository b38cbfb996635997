import { toSecretMap } from '../../main/credentials/env.ts';
import { vendorIdSchema, type SecretMap } from '../../shared/crm-vendors.ts';
import { parseAssignments } from '../args.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { cli } from '../i18n.ts';
import { keyValues } from '../output.ts';

export const command: Command = {
  name: 'connect',
  summary: 'Adds a connection, or changes one (its stored secrets are kept unless new ones are given).',
  usage: '<name> --vendor V --url U [--set k=v ...] [--secret-stdin] [--rate-limit on|off] [--rename-from OLD]',
  positionals: ['name'],
  // A rename moves the connection's local mirror too (when the store is plugged in).
  usesMirror: (args) => args.string('rename-from') !== undefined,
  options: {
    vendor: { type: 'string', help: `one of ${vendorIdSchema.options.join(', ')}` },
    url: { type: 'string', help: 'the base URL of the vendor API' },
    set: { type: 'string', multiple: true, help: 'a setting, name=value (repeat for more)' },
    'secret-stdin': { type: 'boolean', help: 'read the secret fields as one JSON object from stdin' },
    'rate-limit': { type: 'string', help: 'off: no client-side rate limiter (simulators run with --limits off)' },
    'rename-from': { type: 'string', help: "the connection's current name, to rename it to <name>" },
  },
  async run(ctx, args) {
    const { t } = cli();
    const name = args.arg('name');
    const vendor = vendorIdSchema.safeParse(args.requireString('vendor'));
    if (!vendor.success) throw new UsageError(t('cli.refused.vendor', { vendors: vendorIdSchema.options.join(', ') }));
    const url = args.requireString('url');
    const settings = parseAssignments(args.strings('set'), 'set');
    const rateLimitText = args.string('rate-limit');
    if (rateLimitText !== undefined && rateLimitText !== 'on' && rateLimitText !== 'off') {
      throw new UsageError(t('cli.refused.rateLimit'));
    }
    let secrets: SecretMap | undefined;
    if (args.flag('secret-stdin')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await ctx.readStdin());
      } catch {
        // The text may be a secret: never echo it.
        throw new UsageError(t('cli.refused.stdinNotJson'));
      }
      secrets = toSecretMap(parsed, 'stdin');
    }
    const services = await ctx.services();
    const previousName = args.string('rename-from');
    const known = (await services.connections.list()).some((c) => c.name === (previousName ?? name));
    const def = services.connections.vendors().find((v) => v.id === vendor.data);
    if (!secrets && !known && def && def.secrets.length > 0 && !services.connections.envSecretsGiven(name)) {
      const names = def.secrets.map((s) => s.name).join(', ');
      throw new UsageError(
        t('cli.refused.secretsNeeded', { names, variable: services.connections.secretEnvName(name) }),
      );
    }
    // Keys that name a setting (SmartSimple's functions with their tokens) are settings, stored as such.
    const secretFields = Object.keys(secrets ?? {}).filter((k) => !def?.settings.some((s) => s.name === k));
    if (secretFields.length > 0 && services.connections.envSecretsGiven(name)) {
      ctx.note(t('cli.out.envWins', { variable: services.connections.secretEnvName(name) }));
    }
    const info = await services.connections.save({
      name,
      vendor: vendor.data,
      url,
      settings,
      ...(secrets ? { secrets } : {}),
      ...(previousName ? { previousName } : {}),
      ...(rateLimitText ? { rateLimit: rateLimitText === 'on' } : {}),
    });
    return {
      json: info,
      human: () =>
        `${t('cli.out.saved', { name: info.name })}\n` +
        keyValues(
          {
            [t('cli.columns.vendor')]: info.vendor,
            [t('cli.columns.url')]: info.url,
            ...info.settings,
            [t('cli.columns.secrets')]: info.secretNames.join(', '),
          },
          100,
        ),
    };
  },
};
