import type { ErrorCode } from '../../shared/errors';
import type { WireMutation, WireMutationBatch } from '../../shared/sync/mutations';
import { SYNCED_TABLES, type SyncedTable } from '../../shared/sync/tables';
import type { AppDb } from '../db/open-database';
import type { SqlValue } from '../db/sql';
import { upsertRow } from './apply-batch';
import { ensureChangeCapture, withoutCapture } from './change-capture';

/** A local write waiting for (or decided by) the server. */
export interface OutboxEntry {
  id: string;
  table_name: SyncedTable;
  op: 'insert' | 'update' | 'delete';
  row_id: string;
  payload: string;
  previous: string | null;
  status: 'pending' | 'sent' | 'confirmed' | 'rejected';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  txid: string | null;
  created_at: number;
  /** First send attempt (epoch ms), null until the entry is first sent; sent unchanged on retries. */
  first_sent_at: number | null;
}

/** A rejected local write, after its row was rolled back. */
export interface RejectedWrite {
  outboxId: string;
  table: SyncedTable;
  rowId: string;
  op: OutboxEntry['op'];
  code: ErrorCode;
  message: string;
}

/** Local writes that reach the server: each changes SQLite and (through change capture) adds an outbox row in ONE transaction. */
export function createOutbox(db: AppDb, options: { now: () => number; newId: () => string }) {
  const { now } = options;
  ensureChangeCapture(db);

  function readRow(table: SyncedTable, id: string): Record<string, SqlValue> | undefined {
    return db.raw.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, SqlValue> | undefined;
  }

  function checkColumns(table: SyncedTable, values: Record<string, unknown>): [string[], SqlValue[]] {
    const allowed: readonly string[] = SYNCED_TABLES[table];
    const columns = Object.keys(values).filter((column) => values[column] !== undefined);
    const unknown = columns.filter((column) => !allowed.includes(column));
    if (unknown.length > 0) throw new Error(`Not a synced column of ${table}: ${unknown.join(', ')}`);
    return [columns, columns.map((column) => values[column] as SqlValue)];
  }

  // The change-capture triggers add the outbox entry in the same transaction (when signed in).
  function lastEntryId(): string | undefined {
    return (db.raw.prepare(`SELECT id FROM outbox ORDER BY rowid DESC LIMIT 1`).get() as { id: string } | undefined)?.id;
  }

  /**
   * Records now as the first send attempt of entries that have none, just before they are
   * posted, and returns the entries with that time. Retries keep the first value: the server
   * tells an old retry from a new mutation by it.
   */
  function markAttempted(entries: OutboxEntry[]): OutboxEntry[] {
    const at = now();
    const statement = db.raw.prepare(`UPDATE outbox SET first_sent_at = ? WHERE id = ? AND first_sent_at IS NULL`);
    const read = db.raw.prepare(`SELECT first_sent_at FROM outbox WHERE id = ?`);
    return db.transaction(() =>
      entries.map((entry) => {
        statement.run(at, entry.id);
        const stored = read.get(entry.id) as { first_sent_at: number | null } | undefined;
        return { ...entry, first_sent_at: stored?.first_sent_at ?? entry.first_sent_at };
      }),
    );
  }

  return {
    /** Inserts a row locally; capture queues it. Returns the outbox id (undefined while signed out). */
    insert(table: SyncedTable, row: Record<string, unknown> & { id: string }): string | undefined {
      return db.transaction(() => {
        const [columns, values] = checkColumns(table, row);
        db.raw.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...values);
        return lastEntryId();
      });
    },
    /** Updates columns of a row locally; capture queues the change with the previous row for rollback. */
    update(table: SyncedTable, id: string, changes: Record<string, unknown>): string | undefined {
      return db.transaction(() => {
        if (!readRow(table, id)) throw new Error(`No ${table} row ${id} to update`);
        const [columns, values] = checkColumns(table, changes);
        db.raw.prepare(`UPDATE ${table} SET ${columns.map((column) => `${column} = ?`).join(', ')} WHERE id = ?`).run(...values, id);
        return lastEntryId();
      });
    },
    /** Deletes a row locally (cascading locally); capture queues the delete. */
    remove(table: SyncedTable, id: string): string | undefined {
      return db.transaction(() => {
        db.raw.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
        return lastEntryId();
      });
    },
    /** Entries due for sending, oldest first. */
    due(limit: number): OutboxEntry[] {
      return db.raw
        .prepare(`SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY rowid LIMIT ?`)
        .all(now(), limit) as OutboxEntry[];
    },
    /** Earliest time a pending entry may be retried, or undefined when none is pending. */
    nextAttemptAt(): number | undefined {
      const row = db.raw.prepare(`SELECT min(next_attempt_at) AS at FROM outbox WHERE status = 'pending'`).get() as { at: number | null };
      return row.at ?? undefined;
    },
    /** Pending + sent (unconfirmed) entries. */
    unconfirmedCount(): number {
      return (db.raw.prepare(`SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sent')`).get() as { n: number }).n;
    },
    /** Stamps the first send attempt of entries that have none (see above). */
    markAttempted,
    /**
     * The POST /v1/mutations body for entries about to be sent: stamps their first send
     * ({@link markAttempted}), maps each through `adjust`, and adds this device's clock as
     * `sent_at`, so the server ages mutations on the clock that stamped them.
     */
    toWireBatch(entries: OutboxEntry[], adjust: (mutation: WireMutation) => WireMutation = (mutation) => mutation): WireMutationBatch {
      const mutations = markAttempted(entries).map((entry) => adjust(toWireMutation(entry)));
      return { mutations, sent_at: now() };
    },
    /** The server applied these entries in transaction `txid`; they wait for the stream to confirm. */
    markSent(ids: string[], txid: string): void {
      const statement = db.raw.prepare(`UPDATE outbox SET status = 'sent', txid = ?, sent_at = ?, last_error = NULL WHERE id = ? AND status = 'pending'`);
      const at = now();
      db.transaction(() => {
        for (const id of ids) statement.run(txid, at, id);
      });
    },
    /** A transient failure: retry later with exponential backoff (0.5 s doubling, at most 60 s). */
    markFailed(ids: string[], error: string): void {
      const statement = db.raw.prepare(
        `UPDATE outbox SET attempts = attempts + 1, last_error = ?,
           next_attempt_at = ? + min(60000, 500 * (1 << min(attempts, 7))) WHERE id = ?`,
      );
      db.transaction(() => {
        for (const id of ids) statement.run(error.slice(0, 500), now(), id);
      });
    },
    /** The server refused the entry: roll the local row back to what it was, in one transaction. */
    reject(entry: OutboxEntry, code: ErrorCode, message: string): RejectedWrite {
      const table = entry.table_name;
      db.raw.pragma('foreign_keys = OFF');
      try {
        withoutCapture(db, () => {
          const previous = entry.previous === null ? null : (JSON.parse(entry.previous) as Record<string, SqlValue> | null);
          if (entry.op === 'insert') {
            db.raw.prepare(`DELETE FROM ${table} WHERE id = ?`).run(entry.row_id);
          } else if (previous) {
            upsertRow(db, table, Object.keys(previous), previous);
          }
          db.raw.prepare(`UPDATE outbox SET status = 'rejected', last_error = ? WHERE id = ?`).run(`${code}: ${message}`.slice(0, 500), entry.id);
        });
      } finally {
        db.raw.pragma('foreign_keys = ON');
      }
      return { outboxId: entry.id, table, rowId: entry.row_id, op: entry.op, code, message };
    },
    /** Treats entries the server accepted before `olderThan` as confirmed (their txid may have been compacted away). */
    expireSent(olderThan: number): void {
      db.raw.prepare(`UPDATE outbox SET status = 'confirmed' WHERE status = 'sent' AND coalesce(sent_at, created_at) < ?`).run(olderThan);
    },
    /** Deletes confirmed and rejected entries (kept briefly for diagnostics). */
    purgeDone(): void {
      db.raw.prepare(`DELETE FROM outbox WHERE status IN ('confirmed', 'rejected') AND created_at < ?`).run(now() - 3_600_000);
    },
  };
}

/** The outbox's type. */
export type Outbox = ReturnType<typeof createOutbox>;

/** The wire form of an outbox entry for POST /v1/mutations. */
export function toWireMutation(entry: OutboxEntry): WireMutation {
  const payload = JSON.parse(entry.payload) as Record<string, unknown>;
  const timing = entry.first_sent_at === null ? {} : { first_sent_at: entry.first_sent_at };
  switch (entry.op) {
    case 'insert':
      return { id: entry.id, table: entry.table_name, op: 'insert', row: payload, ...timing };
    case 'update':
      return { id: entry.id, table: entry.table_name, op: 'update', key: entry.row_id, changes: payload, ...timing };
    case 'delete':
      return { id: entry.id, table: entry.table_name, op: 'delete', key: entry.row_id, ...timing };
  }
}
