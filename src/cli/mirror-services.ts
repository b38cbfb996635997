import type { MirrorServicesFactory } from '../main/services/extensions.ts';

/**
 * The services over the local mirror (sync, exports, outbox, `--offline`), imported only when a command
 * needs them, so commands that only talk to the vendor never load node:sqlite and the store's modules.
 */
export async function loadMirrorServices(): Promise<MirrorServicesFactory> {
  return (await import('../main/services/mirror/index.ts')).createMirrorServices;
}
