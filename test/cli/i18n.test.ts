import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.ts';
import { MemorySecretStore } from '../../src/main/credentials/memory.ts';
import type { CreateServicesOptions } from '../../src/main/services/index.ts';
import { CrmError } from '../../src/shared/errors.ts';
import { fakeCatalog, fakeState, type FakeState } from '../services/fake-vendor.ts';
import { memoryIo } from './io.ts';

// The CLI in Persian: chosen by --lang, CRM_LANG or the POSIX locale; help and error lines are
// translated, the vendor's message is kept as sent, and --json output and exit codes do not change.
let home: string;
let state: FakeState;
let keychain: MemorySecretStore;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'crm-cli-i18n-'));
  state = fakeState(3);
  keychain = new MemorySecretStore();
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}, stdin?: string) {
  const io = memoryIo({ CRM_HOME: home, ...env }, stdin);
  const services: Partial<CreateServicesOptions> = { catalog: fakeCatalog(state), secrets: { keychain } };
  const code = await runCli(argv, io, services);
  return { code, out: io.out(), err: io.err() };
}

async function connect() {
  const argv = ['connect', 'acme', '--vendor', 'simply', '--url', 'https://crm.example', '--set', 'username=ann'];
  const r = await cli([...argv, '--secret-stdin', '--json'], {}, '{"password":"pw-1"}');
  expect(r.code).toBe(0);
}

describe('CLI language', () => {
  it('prints help in Persian with --lang fa, CRM_LANG=fa or a Persian LANG', async () => {
    for (const [argv, env] of [
      [['--help', '--lang', 'fa'], {}],
      [['--help'], { CRM_LANG: 'fa' }],
      [['--help'], { LANG: 'fa_IR.UTF-8' }],
      [['--lang=fa', '--help'], { CRM_LANG: 'en' }],
    ] as const) {
      const r = await cli([...argv], { ...env });
      expect(r.code, JSON.stringify(argv)).toBe(0);
      expect(r.out).toContain('فرمان‌ها:');
      expect(r.out).toContain('  list ');
    }
    const english = await cli(['--help', '--lang', 'en'], { CRM_LANG: 'fa', LANG: 'fa_IR.UTF-8' });
    expect(english.out).toContain('Commands:');
    expect((await cli(['--help'], { LANG: 'C.UTF-8' })).out).toContain('Commands:');
  });

  it('translates a command help and its options', async () => {
    const r = await cli(['help', 'list', '--lang', 'fa']);
    expect(r.out).toMatch(/^کاربرد: crm list <name> <module>/);
    expect(r.out).toContain('گزینه‌ها:');
    expect(r.out).toContain('--page-size  تعداد ردیف در هر صفحه');
  });

  it('refuses an unknown --lang as a usage error', async () => {
    const r = await cli(['connections', '--lang', 'de']);
    expect(r).toEqual({ code: 2, out: '', err: 'crm: --lang takes one of en, fa, not "de"\n' });
  });

  it('frames a vendor error with its translated title and keeps the message as sent', async () => {
    await connect();
    state.failNext = new CrmError('permission', 'Access denied for user ann');
    const fa = await cli(['test', 'acme', '--lang', 'fa']);
    expect(fa).toEqual({ code: 1, out: '', err: 'crm test: اجازهٔ این کار را ندارید: Access denied for user ann\n' });
    state.failNext = new CrmError('permission', 'Access denied for user ann');
    const en = await cli(['test', 'acme']);
    expect(en).toEqual({ code: 1, out: '', err: 'crm test: Access denied for user ann\n' });
  });

  it('translates usage errors, with the same exit code', async () => {
    const r = await cli(['list', 'acme', '--lang', 'fa']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`crm list: list: <module> داده نشده است (کاربرد: crm list ${await usageOf('list')})\n`);
  });

  it('prints the same --json document in every language', async () => {
    await connect();
    const en = await cli(['list', 'acme', 'Accounts', '--json']);
    const fa = await cli(['list', 'acme', 'Accounts', '--json', '--lang', 'fa']);
    expect(fa.code).toBe(0);
    expect(fa.out).toBe(en.out);
    expect(JSON.parse(fa.out)).toHaveProperty('rows');
  });
});

async function usageOf(name: string): Promise<string> {
  const { commandEntries } = await import('../../src/cli/commands/index.ts');
  const entry = commandEntries.find((e) => e.name === name);
  if (!entry) throw new Error(name);
  return (await entry.load()).command.usage;
}

describe('CLI help in the catalogs', () => {
  it('every command has its brief, its summary and the help of each option in Persian', async () => {
    const { commandEntries } = await import('../../src/cli/commands/index.ts');
    const missing: string[] = [];
    const general = await cli(['--help', '--lang', 'fa']);
    for (const entry of commandEntries) {
      const line = general.out.split('\n').find((l) => l.startsWith(`  ${entry.name} `)) ?? '';
      if (!/[\u0600-\u06FF]/.test(line)) missing.push(`${entry.name}: brief`);
      const help = await cli(['help', entry.name, '--lang', 'fa']);
      const [, , summary] = help.out.split('\n');
      if (!/[\u0600-\u06FF]/.test(summary ?? '')) missing.push(`${entry.name}: summary`);
      const { command } = await entry.load();
      for (const option of Object.keys(command.options)) {
        const optionLine = help.out.split('\n').find((l) => l.startsWith(`  --${option} `)) ?? '';
        if (!/[\u0600-\u06FF]/.test(optionLine)) missing.push(`${entry.name}: --${option}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("gives a command's own option help where it differs from the shared one", async () => {
    const r = await cli(['help', 'view-import']);
    expect(r.out).toContain('--file');
    expect(r.out).toContain('the view file (crm view-export writes one)');
    expect(r.out).not.toContain('spreadsheet');
  });
});

describe('CLI results in Persian', () => {
  it('prints results, tables and footers in Persian and the same English as before', async () => {
    const argv = ['connect', 'acme', '--vendor', 'simply', '--url', 'https://crm.example', '--set', 'username=ann'];
    const saved = await cli([...argv, '--secret-stdin', '--lang', 'fa'], {}, '{"password":"pw-1"}');
    expect(saved.code).toBe(0);
    expect(saved.out.split('\n')[0]).toBe('اتصال «acme» ذخیره شد.');
    expect(saved.out).toContain('سرویس‌دهنده');

    const fa = await cli(['list', 'acme', 'Accounts', '--page-size', '2', '--lang', 'fa']);
    expect(fa.code).toBe(0);
    expect(fa.out).toContain('صفحهٔ 1 · ');
    expect(fa.out).toMatch(/2 ردیف · در مجموع 3 · بیشتر: --page 2\n$/);
    const en = await cli(['list', 'acme', 'Accounts', '--page-size', '2']);
    expect(en.out).toMatch(/page 1 · 2 rows · 3 in all · more: --page 2\n$/);

    const connections = await cli(['connections'], { CRM_LANG: 'fa' });
    expect(connections.out.split('\n')[0]).toMatch(/^نام\s+سرویس‌دهنده\s+نشانی\s+تنظیمات\s+رمزها$/);
  });

  it('translates command-specific usage errors', async () => {
    await connect();
    const fa = await cli(['resolve', 'acme', 'Accounts', '1', '--keep', 'both', '--lang', 'fa']);
    expect(fa).toEqual({ code: 2, out: '', err: 'crm resolve: resolve: گزینهٔ --keep فقط mine یا theirs می‌پذیرد\n' });
    const en = await cli(['resolve', 'acme', 'Accounts', '1', '--keep', 'both']);
    expect(en.err).toBe('crm resolve: resolve: --keep takes mine or theirs\n');
    const data = await cli(['create', 'acme', 'Accounts', '--data', '[1]', '--lang', 'fa']);
    expect(data.code).toBe(2);
    expect(data.err).toMatch(/^crm create: مقدار --data باید یک شیء JSON/);
  });

  it("says the services' own errors in Persian and keeps the English line as before", async () => {
    const fa = await cli(['test', 'nosuch', '--lang', 'fa']);
    expect(fa).toEqual({
      code: 1,
      out: '',
      err: 'crm test: پیدا نشد: اتصالی با نام «nosuch» نیست (فرمان connections را ببینید)\n',
    });
    const en = await cli(['test', 'nosuch']);
    expect(en.err).toBe('crm test: No connection named "nosuch" (see the connections command)\n');
  });
});
