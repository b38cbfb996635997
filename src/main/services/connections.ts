import { CrmError } from '../../shared/errors.ts';
import {
  fieldsError,
  inEnglish,
  serviceError,
  serviceText,
  type ServiceTextKey,
} from '../../shared/i18n/error-text.ts';
import type { ErrorText } from '../../shared/errors.ts';
import type { ConnectionInfo } from '../../shared/contract.ts';
import type { SecretMap, VendorInfo } from '../../shared/crm-vendors.ts';
import type { ConnectionWithSecrets, TestResult, VendorDefinition } from '../connectors/types.ts';
import type { ConnectionInput, ConnectionsService } from './api.ts';
import type { ConnectorPool } from './connector-pool.ts';
import type { ConnectionsFile, StoredConnection } from './connections-file.ts';
import type { MirrorServices } from './extensions.ts';
import type { ConnectionSecrets } from './secrets.ts';
import type { VendorCatalog } from './vendor-catalog.ts';

/** A connection of the embedded demo workspace: kept in memory only, secrets included. */
export interface DemoConnection extends ConnectionWithSecrets {
  name: string;
}

type Known = StoredConnection & { demo: boolean };

export interface ConnectionsDeps {
  file: ConnectionsFile;
  secrets: ConnectionSecrets;
  catalog: VendorCatalog;
  /** `CRM_RATE_LIMIT=off` turns the client-side limiter off for every connection of this run. */
  rateLimitOff: boolean;
  /** The live connectors: a changed or removed connection's connector is dropped from it. */
  pool: ConnectorPool;
  /** Told after a connection is removed or renamed (its mirror, its recent records). */
  lifecycle: ConnectionLifecycle;
}

export type ConnectionLifecycle = Pick<MirrorServices, 'connectionRemoved' | 'connectionRenamed'>;

const NAME_RE = /^[^\u0000-\u001f\u007f]{1,100}$/;

export class LocalConnectionsService implements ConnectionsService {
  private readonly deps: ConnectionsDeps;
  private readonly demos = new Map<string, Known>();
  /** Serialises writes of the settings file within this process. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(deps: ConnectionsDeps) {
    this.deps = deps;
  }

  vendors(): VendorInfo[] {
    return this.deps.catalog.infos();
  }

  async list(): Promise<ConnectionInfo[]> {
    const all = await this.all();
    return all.map(toInfo);
  }

  /** Adds (or replaces) a demo connection; its secrets stay in memory. */
  async addDemo(conn: DemoConnection): Promise<void> {
    const def = this.deps.catalog.definition(conn.vendor);
    const split = splitSecrets(def, conn.settings);
    const secrets = { ...conn.secrets, ...split.secrets };
    await this.deps.secrets.memory.set(conn.name, secrets);
    this.demos.set(conn.name, {
      name: conn.name,
      vendor: conn.vendor,
      url: conn.url,
      settings: split.settings,
      secretNames: Object.keys(secrets),
      ...(conn.rateLimit === false ? { rateLimit: false } : {}),
      demo: true,
    });
    await this.deps.pool.invalidate(conn.name);
  }

  save(input: ConnectionInput & { rateLimit?: boolean }): Promise<ConnectionInfo> {
    const run = this.writing.then(() => this.deps.file.locked(() => this.saveNow(input)));
    this.writing = run.catch(() => undefined);
    return run;
  }

  remove(name: string): Promise<void> {
    const run = this.writing.then(() => this.deps.file.locked(() => this.removeNow(name)));
    this.writing = run.catch(() => undefined);
    return run;
  }

  async test(name: string): Promise<TestResult> {
    const pool = this.deps.pool;
    const connector = await pool.get(name);
    try {
      return await connector.test();
    } catch (err) {
      throw pool.scrub(name, err);
    }
  }

  /** The connection with its secrets, for creating a connector. */
  async resolve(name: string): Promise<ConnectionWithSecrets> {
    const conn = await this.find(name);
    if (!conn) throw notFound(name);
    const def = this.deps.catalog.definition(conn.vendor);
    let settings = conn.settings;
    let secrets: SecretMap;
    const fromEnv = conn.demo ? null : this.deps.secrets.fromEnv(name);
    if (fromEnv) {
      // A key of the env object that names a setting (SmartSimple's `functions` with its tokens) replaces
      // that setting for this run and is split like a stored one; the rest are the secret fields.
      const settingNames = new Set(def.settings.map((s) => s.name));
      const overrides: Record<string, string> = {};
      const plain: SecretMap = {};
      for (const [k, v] of Object.entries(fromEnv)) (settingNames.has(k) ? overrides : plain)[k] = v;
      let split = splitSecrets(def, { ...settings, ...overrides });
      // Secret parts the environment does not give (tokens typed into --set at connect) are read from
      // the keychain, the only time it is touched while the variable is set.
      const stored = conn.secretNames.filter((k) => !def.secrets.some((s) => s.name === k) && !(k in split.secrets));
      if (stored.length > 0 && def.joinSecrets) {
        const kept = (await this.deps.secrets.store(false).get(name)) ?? {};
        split = splitSecrets(def, def.joinSecrets(split.settings, { ...kept, ...split.secrets }));
      }
      settings = split.settings;
      secrets = { ...split.secrets, ...plain };
    } else {
      secrets = (await this.deps.secrets.store(conn.demo).get(name)) ?? {};
      if (def.secrets.length > 0 && Object.keys(secrets).length === 0) {
        const variable = this.deps.secrets.envName(name);
        throw serviceError('auth', 'errors.service.noSecretsStored', { name, variable });
      }
    }
    return {
      vendor: conn.vendor,
      url: conn.url,
      settings,
      secrets,
      rateLimit: !(this.deps.rateLimitOff || conn.rateLimit === false),
    };
  }

  /** Whether `CRM_SECRET_<NAME>` gives this connection's secrets for this run. */
  envSecretsGiven(name: string): boolean {
    return this.deps.secrets.fromEnv(name) !== null;
  }

  secretEnvName(name: string): string {
    return this.deps.secrets.envName(name);
  }

  async info(name: string): Promise<ConnectionInfo> {
    const conn = await this.find(name);
    if (!conn) throw notFound(name);
    return toInfo(conn);
  }

  private async saveNow(input: ConnectionInput & { rateLimit?: boolean }): Promise<ConnectionInfo> {
    const name = input.name.trim();
    if (!NAME_RE.test(name)) throw serviceError('invalid_input', 'errors.service.connectionNameInvalid');
    const def = this.deps.catalog.definition(input.vendor);
    checkUrl(input.url);
    const oldName = input.previousName?.trim() || name;
    const existing = await this.find(oldName);
    if (input.previousName && !existing) throw notFound(oldName);
    if (oldName !== name && (await this.find(name))) {
      throw serviceError('conflict', 'errors.service.connectionExists', { name });
    }
    const demo = existing?.demo ?? false;
    const store = this.deps.secrets.store(demo);
    const envSecrets = demo ? null : this.deps.secrets.fromEnv(name);
    const envGiven = envSecrets !== null;
    // A key of the secret object that names a setting is that setting (SmartSimple's `functions` with
    // its tokens), so secret parts never need to stand on a command line. The environment's object
    // fills only settings not given otherwise; the secrets' object wins over `--set`.
    const fromSecrets = partitionSettings(def, input.secrets ?? {});
    const fromEnv = partitionSettings(def, envSecrets ?? {});
    const settings = { ...fromEnv.settings, ...input.settings, ...fromSecrets.settings };
    const givenSecrets = Object.keys(fromSecrets.secrets).length > 0 ? fromSecrets.secrets : undefined;
    checkSettings(def, settings);
    if (givenSecrets) checkSecretNames(def, givenSecrets);

    const split = splitSecrets(def, settings);
    // A split part equal to the mask the stored settings give is "not retyped": keep the stored value.
    const masks = existing && existing.vendor === input.vendor ? splitSecrets(def, existing.settings).secrets : {};
    const changedParts = Object.entries(split.secrets).filter(([k, v]) => masks[k] !== v);
    const keep = givenSecrets === undefined && changedParts.length === 0;
    if (keep && existing && existing.vendor !== input.vendor && def.secrets.length > 0) {
      throw serviceError('invalid_input', 'errors.service.vendorChangeNeedsSecrets', { name: oldName });
    }

    let secretNames = existing?.secretNames ?? [];
    let hadStored = existing !== undefined && existing.secretNames.length > 0;
    const renamed = oldName !== name && existing !== undefined;
    // Stored secrets go only to the host they were given for: a new scheme, host or port needs them
    // typed again, or a confirmation naming the new origin.
    const movedTo = existing ? newOrigin(existing.url, input.url) : null;
    const unconfirmedMove = movedTo !== null && input.confirmHost !== movedTo;
    if (unconfirmedMove && (hadStored || envGiven)) {
      // CRM_SECRET_<NAME> counts as stored: it would follow the URL just the same.
      if (givenSecrets === undefined) throw movedError(oldName, movedTo);
      if (envGiven && hadStored) {
        // This run's secrets come from the environment; the stored ones belong to the old host.
        await store.delete(oldName);
        secretNames = [];
        hadStored = false;
      }
    }
    if (!keep && !envGiven) {
      // Secrets of another vendor are never carried over, even under the same field name; nor are any to
      // another host without a confirmation.
      const stored =
        hadStored && existing?.vendor === input.vendor && !unconfirmedMove ? ((await store.get(oldName)) ?? {}) : {};
      const next: SecretMap = givenSecrets
        ? { ...givenSecrets }
        : pick(
            stored,
            def.secrets.map((s) => s.name),
          );
      // Parts the settings leave masked keep their stored value under the vendor's own keys (SmartSimple
      // numbers a second function of one kind `#2`): join the stored parts back in and split again.
      if (def.joinSecrets) {
        if (unconfirmedMove && hadStored) {
          // A part still masked would need the stored value, which must not follow the URL.
          const all = (await store.get(oldName)) ?? {};
          const carried = Object.keys(splitSecrets(def, def.joinSecrets(settings, all)).secrets);
          const given = new Set(Object.keys(splitSecrets(def, settings).secrets));
          if (carried.some((k) => !given.has(k))) throw movedError(oldName, movedTo);
        }
        Object.assign(next, splitSecrets(def, def.joinSecrets(settings, stored)).secrets);
      }
      // Parts given in clear (not the stored mask) replace them.
      for (const [k, v] of Object.entries(split.secrets)) {
        const kept = masks[k] === v ? stored[k] : v;
        if (kept !== undefined) next[k] = kept;
      }
      await store.set(name, next);
      secretNames = Object.keys(next);
    } else if (envGiven && changedParts.length > 0) {
      // CRM_SECRET_<NAME> covers its own run only, so secret parts typed into the settings are still
      // kept in the keychain, beside what is stored; a part the environment gives too (same key, same
      // value) comes from there on every run it is set. A part that cannot be stored fails the save.
      const envParts = splitSecrets(def, fromEnv.settings).secrets;
      const parts = changedParts.filter(([k, v]) => envParts[k] !== v);
      if (parts.length > 0 || (renamed && hadStored)) {
        try {
          const stored = hadStored && existing?.vendor === input.vendor ? ((await store.get(oldName)) ?? {}) : {};
          const next: SecretMap = { ...stored, ...Object.fromEntries(parts) };
          await store.set(name, next);
          secretNames = Object.keys(next);
        } catch (err) {
          if (!(err instanceof CrmError) || parts.length === 0) throw err;
          const names = parts.map(([k]) => k).join(', ');
          throw new CrmError('keychain', `Could not store ${names} (given in the settings): ${err.message}`);
        }
      }
    } else if (renamed && hadStored) {
      // A rename moves the entry even while CRM_SECRET_<NAME> is set: otherwise it would be orphaned.
      const moved = await store.get(oldName);
      if (moved) await store.set(name, moved);
    }

    const record: Known = {
      name,
      vendor: input.vendor,
      url: input.url,
      settings: split.settings,
      secretNames,
      demo,
    };
    const rateLimit = input.rateLimit ?? existing?.rateLimit;
    if (rateLimit === false) record.rateLimit = false;

    if (demo) {
      this.demos.delete(oldName);
      this.demos.set(name, record);
    } else {
      const stored = (await this.deps.file.read()).filter((c) => c.name !== oldName && c.name !== name);
      stored.push(withoutDemo(record));
      await this.deps.file.write(stored);
    }
    if (renamed && hadStored) await store.delete(oldName);
    await this.deps.pool.invalidate(oldName);
    await this.deps.pool.invalidate(name);
    if (renamed) await this.deps.lifecycle.connectionRenamed?.(oldName, name);
    return toInfo(record);
  }

  private async removeNow(name: string): Promise<void> {
    const existing = await this.find(name);
    if (!existing) throw notFound(name);
    // Keychain first: if it cannot be reached the connection stays, so no entry is ever orphaned.
    if (existing.secretNames.length > 0) await this.deps.secrets.store(existing.demo).delete(name);
    if (existing.demo) this.demos.delete(name);
    else await this.deps.file.write((await this.deps.file.read()).filter((c) => c.name !== name));
    await this.deps.pool.invalidate(name);
    await this.deps.lifecycle.connectionRemoved?.(name);
  }

  private async all(): Promise<Known[]> {
    const stored = (await this.deps.file.read()).map((c) => ({ ...c, demo: false }));
    return [...this.demos.values(), ...stored.filter((c) => !this.demos.has(c.name))];
  }

  private async find(name: string): Promise<Known | undefined> {
    return (await this.all()).find((c) => c.name === name);
  }
}

/** Splits a secret object into the keys that name a setting of the vendor and the secret fields. */
function partitionSettings(
  def: VendorDefinition,
  given: SecretMap,
): { settings: Record<string, string>; secrets: SecretMap } {
  const names = new Set(def.settings.map((s) => s.name));
  const out = { settings: {} as Record<string, string>, secrets: {} as SecretMap };
  for (const [k, v] of Object.entries(given)) (names.has(k) ? out.settings : out.secrets)[k] = v;
  return out;
}

function splitSecrets(def: VendorDefinition, settings: Record<string, string>) {
  return def.splitSecrets ? def.splitSecrets(settings) : { settings: { ...settings }, secrets: {} };
}

function toInfo(c: Known): ConnectionInfo {
  return {
    name: c.name,
    vendor: c.vendor,
    url: c.url,
    settings: { ...c.settings },
    secretNames: [...c.secretNames],
    demo: c.demo,
  };
}

function withoutDemo(c: Known): StoredConnection {
  const { demo: _demo, ...rest } = c;
  return rest;
}

function pick(map: SecretMap, names: string[]): SecretMap {
  const out: SecretMap = {};
  for (const n of names) if (map[n] !== undefined) out[n] = map[n];
  return out;
}

function notFound(name: string): CrmError {
  return serviceError('not_found', 'errors.service.noConnection', { name });
}

/** The new URL's origin (scheme, host and port) when it differs from the old one's, else null. */
function newOrigin(oldUrl: string, newUrl: string): string | null {
  const before = originOf(oldUrl);
  const after = originOf(newUrl);
  return after !== null && after !== before ? after : null;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

function movedError(name: string, origin: string): CrmError {
  const secrets = serviceText('errors.service.secretsAgainFor', { origin });
  return serviceError(
    'invalid_input',
    'errors.service.movedNeedsSecrets',
    { name, origin },
    { fields: { secrets: inEnglish(secrets) }, fieldTexts: { secrets } },
  );
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw urlError('errors.service.notUrl', 'errors.service.notUrlField', { url });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw urlError('errors.service.urlScheme', 'errors.service.urlSchemeField');
  }
  // The URL is stored in connections.json and shown everywhere: a password in it would be too.
  if (parsed.username !== '' || parsed.password !== '') {
    throw urlError('errors.service.urlCredentials', 'errors.service.urlCredentialsField');
  }
}

function urlError(message: ServiceTextKey, field: ServiceTextKey, values?: Record<string, string>): CrmError {
  const url = serviceText(field);
  return serviceError('invalid_input', message, values, { fields: { url: inEnglish(url) }, fieldTexts: { url } });
}

/** Settings are replaced as a whole on save (only secrets are kept when omitted). */
function checkSettings(def: VendorDefinition, settings: Record<string, string>): void {
  const fields: Record<string, ErrorText> = {};
  const known = new Map(def.settings.map((s) => [s.name, s]));
  for (const [k, v] of Object.entries(settings)) {
    const spec = known.get(k);
    if (!spec) {
      const names = def.settings.map((s) => s.name).join(', ');
      fields[k] = names
        ? serviceText('errors.service.unknownSetting', { vendor: def.label, known: names })
        : serviceText('errors.service.unknownSettingNoneKnown', { vendor: def.label });
    } else if (spec.kind === 'select' && spec.options && !spec.options.includes(v)) {
      fields[k] = serviceText('errors.service.mustBeOneOf', { options: spec.options.join(', ') });
    } else if (spec.kind === 'json') {
      try {
        JSON.parse(v);
      } catch {
        fields[k] = serviceText('errors.service.mustBeJson');
      }
    }
  }
  for (const spec of def.settings) {
    if (spec.required && !settings[spec.name]) fields[spec.name] = serviceText('errors.service.required');
  }
  if (Object.keys(fields).length > 0) throw fieldsError('invalid_input', fields);
}

function checkSecretNames(def: VendorDefinition, secrets: SecretMap): void {
  const names = def.secrets.map((s) => s.name);
  const unknown = Object.keys(secrets).filter((k) => !names.includes(k));
  if (unknown.length > 0) {
    const given = { names: unknown.join(', '), vendor: def.label };
    throw names.length > 0
      ? serviceError('invalid_input', 'errors.service.unknownSecrets', { ...given, expected: names.join(', ') })
      : serviceError('invalid_input', 'errors.service.unknownSecretsNoneExpected', given);
  }
}
