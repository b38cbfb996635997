import { toSecretMap } from '../../main/credentials/env.ts';
import { vendorIdSchema, type SecretMap } from '../../shared/crm-vendors.ts';
import { parseAssignments } from '../args.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { keyValues } from '../output.ts';

export const command: Command = {
  name: 'connect',
  summary: 'Adds a connection, or changes one (its stored secrets are kept unless new ones are given).',
  usage: '<name> --vendor V --url U [--set k=v ...] [--secret-stdin] [--rate-limit on|off] [--rename-from OLD]',
  positionals: ['name'],
  // A rename moves the connection's local mirror too (when the store is plugged in).
  usesStore: (args) => args.string('rename-from') !== undefined,
  options: {
    vendor: { type: 'string', help: `one of ${vendorIdSchema.options.join(', ')}` },
    url: { type: 'string', help: 'the base URL of the vendor API' },
    set: { type: 'string', multiple: true, help: 'a setting, name=value (repeat for more)' },
    'secret-stdin': { type: 'boolean', help: 'read the secret fields as one JSON object from stdin' },
    'rate-limit': { type: 'string', help: 'off: no client-side rate limiter (simulators run with --limits off)' },
    'rename-from': { type: 'string', help: "the connection's current name, to rename it to <name>" },
  },
  async run(ctx, args) {
    const name = args.arg('name');
    const vendor = vendorIdSchema.safeParse(args.requireString('vendor'));
    if (!vendor.success) throw new UsageError(`connect: --vendor must be one of ${vendorIdSchema.options.join(', ')}`);
    const url = args.requireString('url');
    const settings = parseAssignments(args.strings('set'), 'set');
    const rateLimitText = args.string('rate-limit');
    if (rateLimitText !== undefined && rateLimitText !== 'on' && rateLimitText !== 'off') {
      throw new UsageError('connect: --rate-limit takes on or off');
    }
    let secrets: SecretMap | undefined;
    if (args.flag('secret-stdin')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await ctx.readStdin());
      } catch {
        // The text may be a secret: never echo it.
        throw new UsageError('connect: stdin is not valid JSON (expected one JSON object of secret fields)');
      }
      secrets = toSecretMap(parsed, 'stdin');
    }
    const services = await ctx.services();
    const previousName = args.string('rename-from');
    const known = (await services.connections.list()).some((c) => c.name === (previousName ?? name));
    const def = services.connections.vendors().find((v) => v.id === vendor.data);
    if (!secrets && !known && def && def.secrets.length > 0 && !services.connections.envSecretsGiven(name)) {
      throw new UsageError(
        `connect: give the secrets (${def.secrets.map((s) => s.name).join(', ')}) as one JSON object with --secret-stdin, or in ${services.connections.secretEnvName(name)}`,
      );
    }
    // Keys that name a setting (SmartSimple's functions with their tokens) are settings, stored as such.
    const secretFields = Object.keys(secrets ?? {}).filter((k) => !def?.settings.some((s) => s.name === k));
    if (secretFields.length > 0 && services.connections.envSecretsGiven(name)) {
      ctx.note(
        `${services.connections.secretEnvName(name)} is set: it wins for this run, so the secrets from stdin were not stored`,
      );
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
        `Saved connection "${info.name}".\n` +
        keyValues({ vendor: info.vendor, url: info.url, ...info.settings, secrets: info.secretNames.join(', ') }, 100),
    };
  },
};
