import { createServices, type LocalServices } from './services/index.ts';
import { mirrorServicesFactory } from './services/mirror/index.ts';
import { createHandlers } from './handlers.ts';
import { createRouter, type Dispatch } from './router.ts';
import type { Demo } from './demo.ts';
import { ConnectionsFile } from './services/connections-file.ts';
import { writeFileSync } from 'node:fs';

export interface Core {
  dispatch: Dispatch;
  services: LocalServices;
  /** Set when the demo workspace is running (nothing configured). */
  demo: Demo | null;
  close(): Promise<void>;
}

/**
 * Everything behind the renderer, for both transports: services, the demo workspace when no connection
 * is configured (CRM_DEMO=off to never start it), and the router over the contract.
 */
export async function startCore(opts: {
  dataDir: string;
  transport: 'electron' | 'browser';
  version: string;
  env?: NodeJS.ProcessEnv;
  /** The background worker's built file, when the main process is bundled (Electron). */
  workerUrl?: URL;
}): Promise<Core> {
  const env = opts.env ?? process.env;
  const configured = (await new ConnectionsFile(opts.dataDir).read()).length > 0;
  // Loaded only when the demo runs: a dynamic import keeps the simulators out of the main bundle's file.
  const demo = !configured && env['CRM_DEMO'] !== 'off' ? await (await import('./demo.ts')).startDemo(env) : null;
  // For the Electron e2e run, which cannot read the app's stdout: where the demo simulators are.
  const lineFile = env['CRM_DEMO_LINE_FILE'];
  if (demo && lineFile) writeFileSync(lineFile, JSON.stringify(demo.line), { mode: 0o600 });
  const services = await createServices({
    dataDir: opts.dataDir,
    env,
    mirror: mirrorServicesFactory(opts.workerUrl ? { workerUrl: opts.workerUrl } : {}),
    ...(demo ? { demo: demo.connections } : {}),
  });
  const log = (msg: string) => process.stderr.write(`crm-desk: ${msg}\n`);
  const dispatch = createRouter(
    createHandlers(services, { version: opts.version, transport: opts.transport, demo: demo !== null }),
    log,
  );
  return {
    dispatch,
    services,
    demo,
    async close() {
      await services.close();
      await demo?.workspace.close();
    },
  };
}
