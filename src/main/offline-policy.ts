import { CrmError } from '../shared/errors.ts';
import type { Services } from './services/api.ts';
import { serviceError } from '../shared/i18n/error-text.ts';

/**
 * The app's offline rule (the CLI has its own: `--offline` is explicit there). A connection the user
 * switched to offline reads the local mirror. A live read that fails because the vendor cannot be
 * reached falls back to the mirror when that module has been synced; the page then carries the offline
 * marker with the time of the last sync, so the UI says so. Edits queue in the outbox in the same two
 * cases. Anything else fails as it failed.
 */
export function offlinePolicy(s: Services, opts: { recheckMs?: number; now?: () => number } = {}) {
  // After a vendor could not be reached, reads go straight to the mirror for a while instead of paying
  // the HTTP layer's retries on every call; the first read after that asks the vendor again.
  const recheckMs = opts.recheckMs ?? 20_000;
  const now = opts.now ?? Date.now;
  const unreachable = new Map<string, { since: number; until: number }>();

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
    const down = unreachable.get(connection);
    if (down && now() < down.until) {
      try {
        return await local();
      } catch {
        // Not in the mirror: ask the vendor after all.
      }
    }
    try {
      const value = await live();
      unreachable.delete(connection);
      return value;
    } catch (err) {
      if (!(err instanceof CrmError) || err.kind !== 'unavailable') throw err;
      unreachable.set(connection, { since: down?.since ?? now(), until: now() + recheckMs });
      try {
        return await local();
      } catch {
        throw err; // Nothing synced to fall back on: the user sees why the vendor failed.
      }
    }
  }

  /** Asks the vendor again at the next read (the user switched online, or started a sync). */
  function recheck(connection: string): void {
    unreachable.delete(connection);
  }

  /** When the vendor was last found unreachable (ISO time), or null while it answers. */
  function unreachableSince(connection: string): string | null {
    const down = unreachable.get(connection);
    return down ? new Date(down.since).toISOString() : null;
  }

  /**
   * Edits follow the same rule: queued in the outbox while switched off, and queued too when the vendor
   * cannot be reached and the module has been synced. That is safe even if the vendor did apply a write
   * it failed to confirm: the next sync's conflict check finds it already holds the value and drops it.
   */
  const edit = read;

  /** Writes other than edits need the vendor; say so plainly while switched off. */
  async function requireOnline(connection: string, action: 'create' | 'delete'): Promise<void> {
    if ((await s.sync.offline(connection)).offline) {
      throw serviceError(
        'unavailable',
        action === 'create' ? 'errors.service.offlineCreate' : 'errors.service.offlineDelete',
      );
    }
  }

  return { switchedOff, read, edit, requireOnline, unreachableSince, recheck };
}
