import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretEnvName } from '../../src/main/credentials/env.ts';
import { terminalText } from '../../src/cli/terminal-text.ts';
import { runCrm } from '../cli/run-crm.ts';
import { connectionFromEntry, startSim, type SimHarness } from '../helpers/sim.ts';

// A vendor's text may hold terminal escape sequences (recolour, clear the screen, set the window title,
// rewrite the line): the CLI's text output shows them harmless; `--json` output keeps them exactly.
const NASTY = 'Acme\u001b[2J\u001b]0;pwned\u0007\r\u009b31mRed\u202eevil';
const ESC = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;

describe('control characters in the CLI output', { timeout: 60_000 }, () => {
  let sim: SimHarness;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let id: string;

  beforeAll(async () => {
    sim = await startSim('spotler', { records: 2 });
    home = mkdtempSync(join(tmpdir(), 'crm-term-'));
    const conn = connectionFromEntry('spotler', sim.entry);
    env = { CRM_HOME: home, CRM_RATE_LIMIT: 'off', [secretEnvName('t')]: JSON.stringify(conn.secrets) };
    const r = await runCrm(['connect', 't', '--vendor', 'spotler', '--url', conn.url], env);
    expect(r.code, r.err).toBe(0);
    const created = (await sim.control('POST', 'records/accounts', { name: NASTY })) as { id: number | string };
    id = String(created.id);
  });
  afterAll(async () => {
    await sim?.ws.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('list and get print the value without its control characters', async () => {
    for (const args of [
      ['list', 't', 'accounts', '--where', `id = ${id}`],
      ['get', 't', 'accounts', id],
    ]) {
      const r = await runCrm(args, env);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain('\uFFFD');
      expect(r.out).not.toMatch(ESC);
    }
  });

  it('--json keeps the value exact', async () => {
    const r = await runCrm(['get', 't', 'accounts', id, '--json'], env);
    expect(r.code, r.err).toBe(0);
    expect((JSON.parse(r.out) as { name: string }).name).toBe(NASTY);
  });

  it('an error line that echoes such text prints it harmless', async () => {
    const r = await runCrm(['get', 't', 'accounts', `9\u001b]0;pwned\u0007`], env);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('\uFFFD');
    expect(r.err.replace(/\n$/, '')).not.toMatch(ESC);
    const unknown = await runCrm([`li\u001b[2Jst`], env);
    expect(unknown.err.replace(/\n$/, '')).not.toMatch(ESC);
  });

  it('terminalText keeps line feeds, tabs and ordinary text', () => {
    expect(terminalText('a\tb\nc é 中')).toBe('a\tb\nc é 中');
  });
});
