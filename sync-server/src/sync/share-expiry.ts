import { z } from 'zod';
import type { SqlDb } from '../db/queryable';
import { withServiceTx } from '../db/tx';
import { createServerLogger, type ServerLogger } from '../log';
import type { ChangeFeed } from './feed';

/**
 * Turns the expiry of a share into the same visibility change as its revocation, so live shapes of
 * the recipient receive deletes of the session's rows when `shared_meetings.expires_at` passes
 * (migration 0018). The position of the sweep lives in the database: every expiry is recorded once,
 * whichever server process sweeps, and shares that expired while no server ran are swept at start.
 */
export interface ShareExpirySweeper {
  /** Sweeps once (expiries missed while stopped), then sweeps at each next expiry until stopped. */
  start(): Promise<void>;
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
  /** Sweeps now (serialised with the timer); returns how many shares it recorded as expired. */
  sweep(): Promise<number>;
}

/** Options of {@link createShareExpirySweeper}. */
export interface ShareExpirySweeperOptions {
  db: SqlDb;
  /**
   * The change feed: kicked after a sweep that recorded expiries. Its epoch notices (a share was
   * written or deleted anywhere) make the sweeper re-read the next expiry.
   */
  feed?: Pick<ChangeFeed, 'kick' | 'onEpochChange'>;
  /** Longest wait between two sweeps (default 60 s): the fallback, and the cap of the timer. */
  maxWaitMs?: number;
  /** Wait after a failed sweep (default 5 s). */
  retryMs?: number;
  logger?: ServerLogger;
}

// Fire a little after the expiry, so the sweep's clock has passed it.
const LATE_MS = 10;
const SweepRowSchema = z.object({ expired: z.coerce.number().int().nonnegative(), next_in_ms: z.string().nullable() });
const PlanRowSchema = z.object({ next_in_ms: z.string().nullable() });

/** Creates the sweeper over `db` (Postgres or PGlite with migration 0018). */
export function createShareExpirySweeper(options: ShareExpirySweeperOptions): ShareExpirySweeper {
  const { db, feed } = options;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const retryMs = options.retryMs ?? 5_000;
  const log = (options.logger ?? createServerLogger('silent')).child({ module: 'share-expiry' });
  let isRunning = false;
  let timer: NodeJS.Timeout | undefined;
  let isPlanQueued = false;
  let unsubscribe: (() => void) | undefined;
  // Sweeps and plans run one at a time, in call order.
  let queue: Promise<unknown> = Promise.resolve();

  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  }

  /** Sweeps after the next expiry (`nextInMs` from now, null when none), at most maxWaitMs away. */
  function scheduleIn(nextInMs: number | null): void {
    setTimer(nextInMs === null ? maxWaitMs : Math.min(Math.max(nextInMs + LATE_MS, 0), maxWaitMs));
  }

  function setTimer(delayMs: number): void {
    if (!isRunning) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      exclusive(sweepOnce).catch((error: unknown) => {
        log.warn({ err: error }, 'share expiry sweep failed');
        setTimer(retryMs);
      });
    }, delayMs);
    timer.unref();
  }

  async function sweepOnce(): Promise<number> {
    const result = await withServiceTx(db, (tx) => tx.query('select expired, next_in_ms::text as next_in_ms from app.sync_sweep_share_expiries()'));
    const row = SweepRowSchema.parse(result.rows[0]);
    if (row.expired > 0) {
      log.info({ shares: row.expired }, 'expired shares recorded');
      feed?.kick();
    }
    scheduleIn(row.next_in_ms === null ? null : Number(row.next_in_ms));
    return row.expired;
  }

  // A share was written or deleted: its expiry may be earlier than the timer.
  async function planOnce(): Promise<void> {
    isPlanQueued = false;
    if (!isRunning) return;
    const result = await withServiceTx(db, (tx) => tx.query('select app.sync_next_share_expiry_ms()::text as next_in_ms'));
    const row = PlanRowSchema.parse(result.rows[0]);
    const nextInMs = row.next_in_ms === null ? null : Number(row.next_in_ms);
    if (nextInMs !== null && nextInMs <= 0) await sweepOnce();
    else scheduleIn(nextInMs);
  }

  function requestPlan(): void {
    if (!isRunning || isPlanQueued) return;
    isPlanQueued = true;
    exclusive(planOnce).catch((error: unknown) => {
      log.warn({ err: error }, 'share expiry planning failed');
      setTimer(retryMs);
    });
  }

  return {
    async start() {
      isRunning = true;
      try {
        await exclusive(sweepOnce);
      } catch (error) {
        isRunning = false;
        throw error;
      }
      unsubscribe = feed?.onEpochChange(requestPlan);
    },
    async stop() {
      isRunning = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      unsubscribe?.();
      unsubscribe = undefined;
      await queue;
    },
    sweep: () => exclusive(sweepOnce),
  };
}
