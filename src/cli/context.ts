import { createServices, type CreateServicesOptions, type LocalServices } from '../main/services/index.ts';
import { resolveDataDir, resolveUserPath } from '../main/services/paths.ts';
import { cli } from './i18n.ts';
import { loadMirrorServices } from './mirror-services.ts';
import { terminalText } from './terminal-text.ts';

const WAIT_NOTE_GAP_MS = 5000;

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** What a command may use: the services (built on first use), paths, stdin and stderr notes. */
export class CliContext {
  readonly io: CliIo;
  /** `--json` was given (set once the arguments are parsed). */
  json: boolean;
  private readonly servicesOptions: Partial<CreateServicesOptions>;
  private built: Promise<LocalServices> | undefined;
  /** Set from the command's `usesMirror` before it runs. */
  withMirror = true;

  constructor(io: CliIo, json: boolean, servicesOptions: Partial<CreateServicesOptions> = {}) {
    this.io = io;
    this.json = json;
    this.servicesOptions = servicesOptions;
  }

  get env(): NodeJS.ProcessEnv {
    return this.io.env;
  }

  services(): Promise<LocalServices> {
    this.built ??= (async () => {
      const mirror = this.withMirror ? (this.servicesOptions.mirror ?? (await loadMirrorServices())) : undefined;
      const services = await createServices({
        dataDir: resolveDataDir({ env: this.io.env, cwd: this.io.cwd }),
        env: this.io.env,
        ...this.servicesOptions,
        mirror,
      });
      // A request that waits for the vendor's rate limit says so, so a script does not look hung; a run
      // of short waits (a long sync at the vendor's pace) is announced about every few seconds, not each.
      let announcedUntil = 0;
      services.onRateWait((w) => {
        const until = Date.now() + w.ms;
        if (until <= announcedUntil + WAIT_NOTE_GAP_MS) return;
        announcedUntil = until;
        this.note(cli().t('cli.rateWait', { seconds: Math.ceil(w.ms / 1000), vendor: w.vendor }));
      });
      return services;
    })();
    return this.built;
  }

  /** A path argument, absolute against the caller's directory (INIT_CWD under npm). */
  resolvePath(path: string): string {
    return resolveUserPath(path, this.io.env, this.io.cwd);
  }

  /** Everything on stdin, as text. */
  async readStdin(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString('utf8');
  }

  /** A note for the person at the terminal (stderr, so `--json` output stays clean). */
  note(text: string): void {
    this.io.stderr.write(`${terminalText(text)}\n`);
  }

  async close(): Promise<void> {
    if (this.built) await (await this.built.catch(() => undefined))?.close();
  }
}
