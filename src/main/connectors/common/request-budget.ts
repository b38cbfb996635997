import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { CrmError } from '../../../shared/errors.ts';
import { immediate } from './state-db.ts';
import { serviceError } from '../../../shared/i18n/error-text.ts';

/** A vendor's documented rate: at most `requests` in any `perMs`. */
export interface RequestLimit {
  requests: number;
  perMs: number;
}

export interface BudgetOptions {
  db: DatabaseSync;
  /** Which window: every budget with the same bucket in the same database shares it. */
  bucket: string;
  limit: RequestLimit;
  /** The vendor's display name, for the error after too long a refusal. */
  vendorLabel: string;
  /** How long one request may hold the single "probe" slot after a refusal (its timeout, plus slack). */
  probeMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** What one request carries across its attempts. */
export interface TakeState {
  /** When this request first met a refusal (its own 429, or a hold another request set). */
  refusedSince?: number;
  /** Told before each wait, with its length. */
  onWait?: (ms: number) => void;
}

/** A taken slot: say how the request ended. */
export interface Slot {
  /** The vendor answered (anything but 429) or the request failed: the slot counts from now. */
  done(): void;
  /**
   * The vendor refused (429): nobody sends for `holdMs`, then one request at a time until one is
   * answered.
   */
  refused(holdMs: number): void;
}

const POLL_MS = 250;
const LONGEST_HOLD_MS = 65_000;
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface HoldRow {
  until: number;
  since: number;
  probe: string | null;
  probe_until: number | null;
}

/**
 * A sliding window of request slots in SQLite, shared by every process that opens the same database.
 * A slot counts from when its request was sent until its answer arrived, then for `perMs` after that:
 * the vendor counted the request somewhere in between, so a new request never lands in a window the
 * vendor still sees as full. After a 429 everyone holds off, then a single request probes; the wait
 * after a refusal is bounded by two holds, then a `rate_limited` error.
 */
export class RequestBudget {
  private readonly opts: Required<Omit<BudgetOptions, 'db'>> & { db: DatabaseSync };
  /** Requests of this process take slots one after another (callers are served in order). */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(opts: BudgetOptions) {
    this.opts = {
      probeMs: 60_000,
      sleep: defaultSleep,
      now: Date.now,
      ...opts,
    };
  }

  get limit(): RequestLimit {
    return this.opts.limit;
  }

  /**
   * How long everyone holds off after a 429 without Retry-After: the vendor's window, so it can have
   * cleared, but never more than about a minute (an hourly window frees slots as its oldest requests
   * age out, so one probe a minute finds the first free one).
   */
  get refusalHoldMs(): number {
    return Math.min(this.opts.limit.perMs, LONGEST_HOLD_MS);
  }

  /** The longest a request waits after a refusal before it gives up: two holds. */
  get refusalBoundMs(): number {
    return 2 * this.refusalHoldMs;
  }

  take(state: TakeState = {}): Promise<Slot> {
    const next = this.chain.then(() => this.takeNow(state));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async takeNow(state: TakeState): Promise<Slot> {
    const { sleep, now } = this.opts;
    for (let first = true; ; first = false) {
      const step = this.tryTake(state, now(), first);
      if ('slot' in step) return step.slot;
      if (step.waitMs >= POLL_MS) state.onWait?.(step.waitMs);
      await sleep(step.waitMs);
    }
  }

  /** `first`: the request's first look since it was sent or refused (not a wake-up from a wait). */
  private tryTake(state: TakeState, t: number, first: boolean): { slot: Slot } | { waitMs: number } {
    const { db, bucket, limit } = this.opts;
    return immediate(db, () => {
      db.prepare('DELETE FROM request_slot WHERE bucket = ? AND at <= ?').run(bucket, t - limit.perMs);
      const hold = db
        .prepare('SELECT until, since, probe, probe_until FROM request_hold WHERE bucket = ?')
        .get(bucket) as HoldRow | undefined;
      let probe = false;
      if (hold) {
        state.refusedSince ??= t;
        const probing = hold.probe !== null && (hold.probe_until ?? 0) > t;
        // Refused for two holds: give up. Checked when a refusal comes back (so the attempts after one
        // and after two holds are made), and while waiting on others' refusals with one hold's slack.
        const waited = t - state.refusedSince;
        if (waited >= this.refusalBoundMs + (first ? 0 : this.refusalHoldMs)) throw this.gaveUp(hold.until - t);
        if (hold.until > t) return { waitMs: hold.until - t };
        if (probing) return { waitMs: Math.min(POLL_MS, (hold.probe_until ?? t) - t) };
        probe = true;
      }
      const row = db
        .prepare('SELECT COUNT(*) AS n, MIN(at) AS oldest FROM request_slot WHERE bucket = ?')
        .get(bucket) as { n: number; oldest: number | null };
      if (row.n >= limit.requests) return { waitMs: Math.max(1, (row.oldest ?? t) + limit.perMs - t + 1) };
      const id = randomUUID();
      db.prepare('INSERT INTO request_slot (bucket, id, at) VALUES (?, ?, ?)').run(bucket, id, t);
      if (probe) {
        db.prepare('UPDATE request_hold SET probe = ?, probe_until = ? WHERE bucket = ?').run(
          id,
          t + this.opts.probeMs,
          bucket,
        );
      }
      return { slot: this.slot(id) };
    });
  }

  private slot(id: string): Slot {
    const { db, bucket, now } = this.opts;
    let ended = false;
    return {
      done: () => {
        if (ended) return;
        ended = true;
        immediate(db, () => {
          db.prepare('UPDATE request_slot SET at = ? WHERE bucket = ? AND id = ?').run(now(), bucket, id);
          // The probe was answered: the vendor takes requests again.
          db.prepare('DELETE FROM request_hold WHERE bucket = ? AND probe = ?').run(bucket, id);
        });
      },
      refused: (holdMs) => {
        if (ended) return;
        ended = true;
        const t = now();
        immediate(db, () => {
          db.prepare('UPDATE request_slot SET at = ? WHERE bucket = ? AND id = ?').run(t, bucket, id);
          const hold = db.prepare('SELECT until, since FROM request_hold WHERE bucket = ?').get(bucket) as
            Pick<HoldRow, 'until' | 'since'> | undefined;
          // A refusal soon after the last hold continues it; one much later starts a new one.
          const since = hold && hold.until + this.refusalHoldMs > t ? hold.since : t;
          const until = Math.max(t + holdMs, hold && hold.until > t ? hold.until : 0);
          db.prepare(
            `INSERT INTO request_hold (bucket, until, since, probe, probe_until) VALUES (?, ?, ?, NULL, NULL)
             ON CONFLICT (bucket) DO UPDATE SET until = excluded.until, since = excluded.since,
               probe = NULL, probe_until = NULL`,
          ).run(bucket, until, since);
        });
      },
    };
  }

  private gaveUp(retryAfterMs: number): CrmError {
    const minutes = Math.round(this.refusalBoundMs / 60_000);
    const span = minutes >= 1 ? `${minutes} min` : `${Math.round(this.refusalBoundMs / 1000)} s`;
    return serviceError(
      'rate_limited',
      'errors.service.rateLimitGaveUp',
      { vendor: this.opts.vendorLabel, span },
      { status: 429, retryAfterMs: Math.max(0, retryAfterMs) },
    );
  }
}
