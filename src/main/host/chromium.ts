import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ChromiumWindow {
  child: ChildProcess;
  /** The window's private profile folder, removed by close(). */
  profile: string;
  /** Stops the window (SIGTERM, then SIGKILL after `graceMs`) and removes its profile folder. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Opens the app in a Chromium `--app` window with a private profile. The launch address (which holds a
 * one-time code) never goes on the command line, where `ps` shows it to every local user: Chromium
 * opens a page in the private profile folder (0700) that forwards to it, and that page is removed as
 * soon as the code is redeemed.
 */
export function openChromiumWindow(opts: {
  launchUrl: string;
  redeemed: Promise<void>;
  command?: string;
  onExit: () => void;
  onError: () => void;
}): ChromiumWindow {
  const profile = mkdtempSync(join(tmpdir(), 'crm-desk-chromium-'));
  const launchPage = join(profile, 'launch.html');
  writeFileSync(launchPage, forwardingPage(opts.launchUrl), { mode: 0o600 });
  void opts.redeemed.then(() => rmSync(launchPage, { force: true }));

  const child = spawn(
    opts.command ?? 'chromium',
    [
      `--app=${pathToFileURL(launchPage).href}`,
      `--user-data-dir=${profile}`,
      '--window-size=1280,820',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      // Chromium refuses to run as root with its sandbox; --test-type drops the banner that says so.
      ...(process.getuid?.() === 0 ? ['--no-sandbox', '--test-type'] : []),
    ],
    { stdio: 'ignore', detached: false },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let closing = false;
  child.once('error', () => {
    rmSync(profile, { recursive: true, force: true });
    opts.onError();
  });
  child.once('exit', () => {
    if (!closing) opts.onExit();
  });

  return {
    child,
    profile,
    async close(graceMs = 5000) {
      closing = true;
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      // Chromium's helper processes can still be writing into the profile for a moment after the main
      // process exits (ENOTEMPTY): retry for up to five seconds.
      rmSync(profile, { recursive: true, force: true, maxRetries: 50, retryDelay: 100 });
    },
  };
}

function forwardingPage(url: string): string {
  const attr = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return (
    '<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer">' +
    `<meta http-equiv="refresh" content="0;url=${attr}"><title>CRM Desk</title>\n`
  );
}
