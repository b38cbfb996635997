import { CrmError } from '../shared/errors.ts';
import type { Services } from './services/api.ts';

/**
 * The app's offline rule (the CLI has its own: `--offline` is explicit there). A connection the user
 * switched to offline reads the local mirror. A live read that fails because the vendor cannot be
 * reached falls back to the mirror when that module has been synced; the page then carries the offline
 * marker with the time of the last sync, so the UI says so. Anything else fails as it failed.
 */
export function offlinePolicy(s: Services) {
  async function switchedOff(connection: string, requested: boolean): Promise<boolean> {
    return requested || (await s.sync.offline(connection)).offline;
  }

  async function read<T>(
    connection: string,
    requested: boolean,
    live: () => Promise<T>,
    local: () => Promise<T>,
  ): Promise<T> {
    if (await switchedOff(connection, requested)) return local();
    try {
      return await live();
    } catch (err) {
      if (!(err instanceof CrmError) || err.kind !== 'unavailable') throw err;
      try {
        return await local();
      } catch {
        throw err; // Nothing synced to fall back on: the user sees why the vendor failed.
      }
    }
  }

  /** Writes other than edits need the vendor; say so plainly while switched off. */
  async function requireOnline(connection: string, what: string): Promise<void> {
    if ((await s.sync.offline(connection)).offline) {
      throw new CrmError('unavailable', `Working offline: ${what} needs the connection. Go online to do it.`);
    }
  }

  return { switchedOff, read, requireOnline };
}
