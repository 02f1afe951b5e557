import type { ErrorCode } from '../../../src/shared/errors';
import { affectedRows, type SqlDb } from '../db/queryable';
import { withServiceTx } from '../db/tx';
import type { ServerLogger } from '../log';

/** How long the outcome of a mutation id is kept by default (SYNC_MUTATION_RETENTION_DAYS): 30 days. */
export const DEFAULT_MUTATION_RETENTION_MS = 30 * 86_400_000;

/**
 * Outcomes are purged this long after the retention window closes. It bounds how far ahead of the
 * server a client's clock may be (see {@link MAX_FIRST_SENT_AHEAD_MS}) and covers a long request.
 */
export const MUTATION_PURGE_MARGIN_MS = 86_400_000;

/**
 * How far a mutation's `first_sent_at` may lie ahead of the time it is judged at (the batch's
 * `sent_at`, or the server clock for clients that send none). Further ahead is refused
 * (`sync.clock_skew`): the client's clock went back since the first send (or, without `sent_at`,
 * is ahead of the server), so the age cannot be trusted. Without `sent_at`, an outcome recorded at
 * server time T is purged after T + window + margin and a retry's claimed first send is at most
 * T + this tolerance, so the tolerance must stay below the margin.
 */
export const MAX_FIRST_SENT_AHEAD_MS = 3_600_000;

/** Default period of the purge loop (1 hour). */
export const DEFAULT_MUTATION_PURGE_INTERVAL_MS = 3_600_000;

const PURGE_BATCH = 10_000;

/**
 * Decides whether a mutation id the server holds no outcome for may be applied, from the client's
 * first send time measured against `nowMs` on the same clock (the batch's `sent_at`, else the
 * server's): `sync.mutation_expired` when older than the window (an earlier attempt's outcome may
 * have been purged, and applying it again could overwrite newer edits), `sync.clock_skew` when in
 * the future beyond the tolerance, undefined when it may run. A mutation without a first send
 * time (older clients) is treated as new.
 */
export function checkMutationAge(firstSentAt: number | undefined, nowMs: number, retentionMs: number): ErrorCode | undefined {
  if (firstSentAt === undefined) return undefined;
  if (firstSentAt < nowMs - retentionMs) return 'sync.mutation_expired';
  if (firstSentAt > nowMs + MAX_FIRST_SENT_AHEAD_MS) return 'sync.clock_skew';
  return undefined;
}

/**
 * Deletes recorded mutation outcomes older than the window plus {@link MUTATION_PURGE_MARGIN_MS},
 * as service_role, in batches (one transaction each); returns how many rows went. Ages are read
 * from the database clock, the one that stamped `sync_mutations.created_at`.
 */
export async function purgeMutationOutcomes(db: SqlDb, options: { retentionMs: number }): Promise<number> {
  const keepMs = options.retentionMs + MUTATION_PURGE_MARGIN_MS;
  let total = 0;
  for (;;) {
    const deleted = await withServiceTx(db, async (tx) =>
      affectedRows(
        await tx.query(
          `delete from sync_mutations m using (
             select user_id, id from sync_mutations where created_at < now() - $1::float8 * interval '1 millisecond' limit $2
           ) old where m.user_id = old.user_id and m.id = old.id`,
          [keepMs, PURGE_BATCH],
        ),
      ),
    );
    total += deleted;
    if (deleted < PURGE_BATCH) return total;
  }
}

/** A running purge loop. */
export interface MutationPurge {
  /** Stops the loop; resolves once a purge in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Runs {@link purgeMutationOutcomes} now and then every `intervalMs` (default 1 hour) until
 * stopped. Every server process may run it: deleting the same rows twice is harmless.
 */
export function startMutationPurge(options: { db: SqlDb; retentionMs: number; intervalMs?: number; log: ServerLogger }): MutationPurge {
  const intervalMs = options.intervalMs ?? DEFAULT_MUTATION_PURGE_INTERVAL_MS;
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;

  function run(): void {
    current = purgeMutationOutcomes(options.db, { retentionMs: options.retentionMs })
      .then((deleted) => {
        if (deleted > 0) options.log.info({ deleted }, 'purged expired mutation outcomes');
      })
      .catch((error: unknown) => options.log.warn({ err: error }, 'mutation outcome purge failed; will retry'))
      .finally(() => {
        current = undefined;
        if (!running) return;
        timer = setTimeout(run, intervalMs);
        timer.unref();
      });
  }

  run();
  return {
    async stop() {
      running = false;
      clearTimeout(timer);
      await current;
    },
  };
}
