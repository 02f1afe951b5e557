import { randomUUID } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { SESSION_CHILD_TABLES, SYNCED_TABLE_NAMES } from '../../../src/shared/sync/tables';
import { runInTransaction, type SqlDb } from '../db/queryable';
import { withServiceTx } from '../db/tx';
import { createServerLogger } from '../log';

const log = createServerLogger(process.env['VITEST'] ? 'silent' : 'info').child({ module: 'sync-feed' });

/** The built-in change feed: moves captured changes into the shape log in commit order. */
export interface ChangeFeed {
  /** Attaches capture triggers to the synced tables that exist, starts LISTEN and the poll loop. */
  start(): Promise<void>;
  /** Stops polling and listening; pending waiters resolve as timed out. */
  stop(): Promise<void>;
  /** Runs one poll now (serialised with the loop); returns how many log entries it wrote. */
  poll(): Promise<number>;
  /** Asks for a poll as soon as possible (after a local commit). */
  kick(): void;
  /** Resolves true when the log gains entries for `table`, false after `timeoutMs` or abort. */
  waitForTable(table: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  /** Subscribes to "this user's readable set changed" (epoch bumps); returns an unsubscribe. */
  onEpochChange(listener: (userId: string) => void): () => void;
  /** Highest log offset of `table` this process knows of, or undefined when unknown. */
  knownHead(table: string): number | undefined;
  /** Deletes log entries below `offset` and makes positions below it answer 409 must-refetch. */
  truncateBefore(offset: number): Promise<void>;
  /** Applies the retention now (the poll loop does it every compactIntervalMs); returns the new lowest offset, if it moved. */
  compact(): Promise<number | undefined>;
}

/** Options of {@link createChangeFeed}. */
export interface ChangeFeedOptions {
  db: SqlDb;
  /** Safety-net poll interval when no notification arrives (default 500 ms). */
  idleIntervalMs?: number;
  /** Most change entries one poll transaction consumes (default 20,000). */
  batchSize?: number;
  /**
   * How long a position in the log stays resumable (default 7 days). Entries older than that are
   * deleted (at most every `compactIntervalMs`, default 10 min); a client resuming from before
   * them gets 409 must-refetch. Ages are known from this process's polls only (none after a restart
   * until one period has passed).
   */
  retainLogMs?: number;
  compactIntervalMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

// Same constant in every server process: only one of them polls at a time.
const POLL_LOCK_KEY = 5_120_714_233;
const MAX_TXIDS_PER_KEY = 16;

const POLL_SQL = `
with consumed as (
  delete from sync_changes where id in (select id from sync_changes order by id limit $1)
  returning id, table_name, row_id, op, txid, aud_owners, aud_orgs, aud_public
), merged as (
  select table_name, row_id,
    (array_agg(op order by id desc))[1] as op,
    array_agg(txid order by id) as txids,
    bool_or(aud_public) as aud_public,
    max(id) as last_id
  from consumed group by table_name, row_id
), owners as (
  select c.table_name, c.row_id, array_agg(distinct o) as aud_owners
  from consumed c cross join lateral unnest(c.aud_owners) o group by 1, 2
), orgs as (
  select c.table_name, c.row_id, array_agg(distinct o) as aud_orgs
  from consumed c cross join lateral unnest(c.aud_orgs) o group by 1, 2
)
insert into sync_log as l (table_name, row_id, log_offset, op, txids, aud_owners, aud_orgs, aud_public)
select m.table_name, m.row_id, nextval('sync_log_offset_seq'), m.op, m.txids,
  coalesce(ow.aud_owners, '{}'), coalesce(og.aud_orgs, '{}'), m.aud_public
from (select * from merged order by last_id) m
left join owners ow using (table_name, row_id)
left join orgs og using (table_name, row_id)
on conflict (table_name, row_id) do update set
  log_offset = excluded.log_offset,
  op = excluded.op,
  txids = (l.txids || excluded.txids)[greatest(cardinality(l.txids || excluded.txids) - ${MAX_TXIDS_PER_KEY - 1}, 1):],
  aud_owners = array(select distinct u from unnest(l.aud_owners || excluded.aud_owners) u),
  aud_orgs = array(select distinct u from unnest(l.aud_orgs || excluded.aud_orgs) u),
  aud_public = l.aud_public or excluded.aud_public
returning table_name, log_offset::text`;

// (user, session) pairs whose readability may have changed: one log offset per pair, latest wins.
const POLL_VISIBILITY_SQL = `
with consumed as (
  delete from sync_visibility_changes where id in (select id from sync_visibility_changes order by id limit $1)
  returning id, user_id, session_id
), merged as (
  select user_id, session_id, max(id) as last_id from consumed group by user_id, session_id
)
insert into sync_visibility_log as l (user_id, session_id, log_offset)
select m.user_id, m.session_id, nextval('sync_log_offset_seq') from (select * from merged order by last_id) m
on conflict (user_id, session_id) do update set log_offset = excluded.log_offset
returning log_offset::text`;

/** Tables whose shapes expand sync_visibility_log entries (sessions and their child tables). */
export const SESSION_SCOPED_TABLES: readonly string[] = ['sessions', ...SESSION_CHILD_TABLES];

/**
 * Creates the feed over `db`. Writers' triggers fill `sync_changes`; each poll, in one service
 * transaction holding an advisory lock, deletes the entries its snapshot sees and appends them to
 * `sync_log` with offsets from a sequence. Entries committed later are only visible to a later
 * poll, and polls are serialised, so offsets follow commit order.
 */
export function createChangeFeed(options: ChangeFeedOptions): ChangeFeed {
  const { db } = options;
  const idleIntervalMs = options.idleIntervalMs ?? 500;
  const batchSize = options.batchSize ?? 20_000;
  const retainLogMs = options.retainLogMs ?? 7 * 24 * 3_600_000;
  const compactIntervalMs = options.compactIntervalMs ?? 600_000;
  const now = options.now ?? Date.now;
  // (time, highest log offset written by then), oldest first, at most one a minute.
  const checkpoints: { at: number; offset: number }[] = [];
  let lastCompactAt = now();
  const waiters = new Map<string, Set<() => void>>();
  // Per-table heads, so idle live requests wait without a database read; cleared when another
  // process appends (its NOTIFY carries its own id).
  const heads = new Map<string, number>();
  const instanceId = randomUUID();
  const epochListeners = new Set<(userId: string) => void>();
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<number> | undefined;
  let again = false;
  let unlisten: (() => Promise<void>) | undefined;

  function wake(tables: Iterable<string>): void {
    for (const table of tables) {
      const set = waiters.get(table);
      if (!set) continue;
      waiters.delete(table);
      for (const resolve of set) resolve();
    }
  }

  async function pollOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const touched = await withServiceTx(db, async (tx) => {
        const lock = await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock($1) as locked', [POLL_LOCK_KEY]);
        if (!lock.rows[0]?.locked) return undefined;
        const result = await tx.query<{ table_name: string; log_offset: string }>(POLL_SQL, [batchSize]);
        const visibility = await tx.query<{ log_offset: string }>(POLL_VISIBILITY_SQL, [batchSize]);
        if (result.rows.length > 0 || visibility.rows.length > 0) await tx.query(`select pg_notify('sync_log', $1)`, [instanceId]);
        // A visibility entry is a change of every session-scoped table (for the users it names).
        const rows = [...result.rows];
        const visibilityHead = Math.max(0, ...visibility.rows.map((row) => Number(row.log_offset)));
        if (visibility.rows.length > 0) for (const table of SESSION_SCOPED_TABLES) rows.push({ table_name: table, log_offset: String(visibilityHead) });
        return { rows, count: result.rows.length + visibility.rows.length, full: result.rows.length >= batchSize || visibility.rows.length >= batchSize };
      });
      if (!touched || touched.rows.length === 0) return total;
      total += touched.count;
      let highest = 0;
      for (const row of touched.rows) {
        const offset = Number(row.log_offset);
        highest = Math.max(highest, offset);
        if (heads.has(row.table_name) && offset > (heads.get(row.table_name) ?? 0)) heads.set(row.table_name, offset);
      }
      noteCheckpoint(highest);
      wake(new Set(touched.rows.map((row) => row.table_name)));
      if (!touched.full) return total;
    }
  }

  function noteCheckpoint(offset: number): void {
    const last = checkpoints.at(-1);
    if (last && now() - last.at < 60_000) last.offset = Math.max(last.offset, offset);
    else checkpoints.push({ at: now(), offset });
  }

  /** Deletes log entries written more than retainLogMs ago; returns the new lowest readable offset. */
  async function compact(): Promise<number | undefined> {
    lastCompactAt = now();
    let cut: number | undefined;
    while (checkpoints.length > 0 && (checkpoints[0]?.at ?? Infinity) <= now() - retainLogMs) cut = checkpoints.shift()?.offset;
    if (cut === undefined) return undefined;
    // Positions after the checkpoint's last entry stay readable: clients caught up then can resume.
    await truncateBefore(cut + 1);
    return cut + 1;
  }

  async function truncateBefore(offset: number): Promise<void> {
    await withServiceTx(db, async (tx) => {
      await tx.query('delete from sync_log where log_offset < $1', [offset]);
      await tx.query('delete from sync_visibility_log where log_offset < $1', [offset]);
      await tx.query('update sync_feed_state set min_offset = greatest(min_offset, $1)', [offset]);
    });
  }

  function poll(): Promise<number> {
    if (polling) {
      again = true;
      return polling;
    }
    polling = (async () => {
      try {
        let total = 0;
        do {
          again = false;
          total += await pollOnce();
        } while (again);
        if (now() - lastCompactAt >= compactIntervalMs) await compact();
        return total;
      } finally {
        polling = undefined;
      }
    })();
    return polling;
  }

  function kick(): void {
    if (!running) return;
    poll().catch((error: unknown) => log.warn({ err: error }, 'feed poll failed'));
  }

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(() => {
      poll()
        .catch((error: unknown) => log.warn({ err: error }, 'feed poll failed'))
        .finally(schedule);
    }, idleIntervalMs);
    timer.unref();
  }

  async function listen(): Promise<void> {
    const onNotify = (channel: string, payload: string | undefined) => {
      if (channel === 'sync_changes') {
        kick();
      } else if (channel === 'sync_epochs') {
        if (payload) for (const listener of epochListeners) listener(payload);
      } else if (payload !== instanceId) {
        heads.clear();
        wakeAll();
      }
    };
    if (isPglite(db)) {
      const offChanges = await db.listen('sync_changes', (payload) => onNotify('sync_changes', payload));
      const offLog = await db.listen('sync_log', (payload) => onNotify('sync_log', payload));
      const offEpochs = await db.listen('sync_epochs', (payload) => onNotify('sync_epochs', payload));
      unlisten = async () => {
        await offChanges();
        await offLog();
        await offEpochs();
      };
      return;
    }
    if (!isPool(db)) return;
    const client = await db.connect();
    client.on('notification', (message) => onNotify(message.channel, message.payload));
    client.on('error', (error) => log.warn({ err: error }, 'feed listener connection failed'));
    await client.query('listen sync_changes');
    await client.query('listen sync_log');
    await client.query('listen sync_epochs');
    unlisten = async () => {
      client.release(true);
    };
  }

  // Another process appended to the log: live requests re-check their tables.
  function wakeAll(): void {
    wake([...waiters.keys()]);
  }

  return {
    async start() {
      await runInTransaction(db, async (tx) => {
        const existing = await tx.query<{ name: string }>(
          `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
           where n.nspname = 'public' and c.relkind = 'r' and c.relname = any($1)`,
          [SYNCED_TABLE_NAMES],
        );
        for (const row of existing.rows) await tx.query('select app.sync_ensure_capture($1)', [row.name]);
      });
      await withServiceTx(db, async (tx) => {
        const visibility = await tx.query<{ head: string }>(`select coalesce(max(log_offset), 0)::text as head from sync_visibility_log`);
        const visibilityHead = Number(visibility.rows[0]?.head ?? 0);
        for (const table of SYNCED_TABLE_NAMES) {
          const result = await tx.query<{ head: string }>(`select coalesce(max(log_offset), 0)::text as head from sync_log where table_name = $1`, [table]);
          const head = Number(result.rows[0]?.head ?? 0);
          heads.set(table, SESSION_SCOPED_TABLES.includes(table) ? Math.max(head, visibilityHead) : head);
        }
      });
      running = true;
      try {
        await listen();
      } catch (error) {
        log.warn({ err: error }, 'LISTEN unavailable; relying on polling');
      }
      await poll();
      schedule();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await polling?.catch(() => undefined);
      await unlisten?.();
      unlisten = undefined;
      wakeAll();
    },
    poll,
    kick,
    knownHead: (table) => heads.get(table),
    onEpochChange(listener) {
      epochListeners.add(listener);
      return () => epochListeners.delete(listener);
    },
    waitForTable(table, timeoutMs, signal) {
      return new Promise<boolean>((resolve) => {
        let set = waiters.get(table);
        if (!set) {
          set = new Set();
          waiters.set(table, set);
        }
        const done = (changed: boolean) => {
          clearTimeout(timeout);
          signal?.removeEventListener('abort', onAbort);
          waiters.get(table)?.delete(onChange);
          resolve(changed && running);
        };
        const onChange = () => done(true);
        const onAbort = () => done(false);
        const timeout = setTimeout(() => done(false), timeoutMs);
        set.add(onChange);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    truncateBefore,
    compact,
  };
}

function isPglite(db: SqlDb): db is PGlite {
  return 'waitReady' in db && typeof (db as PGlite).listen === 'function';
}

function isPool(db: SqlDb): db is pg.Pool {
  return 'totalCount' in db && typeof (db as pg.Pool).connect === 'function';
}
