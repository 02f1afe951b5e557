import { isReadOnlyTable, SESSION_CHILD_TABLES, SYNCED_TABLES, SYNCED_TABLE_NAMES, type SyncedTable } from '../../shared/sync/tables';
import type { AppDb } from '../db/open-database';

/**
 * Change capture: SQLite triggers on the synced tables the desktop writes turn every local
 * INSERT/UPDATE/DELETE into an outbox entry in the SAME transaction, so no repo or service needs
 * to know about sync. Writes made by the stream applier (and rollbacks) run inside
 * {@link withoutCapture} and are not captured.
 *
 * Modes (one row in `sync_capture`, persisted with the data):
 * - `local` (signed out): writes only leave a marker in `sync_unsynced` (table, row, first op);
 * - `outbox` (signed in): writes append outbox entries (insert: the full row; update: the changed
 *   columns, with the previous row for rollback; delete: the previous row).
 * On sign-in, {@link adoptLocalRows} gives marked rows to the user and queues them, so nothing
 * written while signed out is lost.
 */

/** Tables whose local writes reach the server (users, organizations, members, templates and the READ_ONLY_TABLES are read-only mirrors). */
export const CAPTURED_TABLES: readonly SyncedTable[] = SYNCED_TABLE_NAMES.filter(
  (table) => table !== 'users' && table !== 'organizations' && table !== 'organization_members' && table !== 'templates' && !isReadOnlyTable(table),
);

/** Owner columns set on adoption: [user column, organization column]. */
const OWNER_COLUMNS: Partial<Record<SyncedTable, { user: string; org?: string }>> = {
  sessions: { user: 'user_id', org: 'organization_id' },
  smart_notes: { user: 'user_id', org: 'organization_id' },
  summaries: { user: 'user_id', org: 'organization_id' },
  session_context: { user: 'user_id', org: 'organization_id' },
  custom_reports: { user: 'user_id' },
  prep_checklist: { user: 'created_by' },
  collaborative_action_items: { user: 'created_by' },
};

// A v4 UUID (the server requires uuid mutation ids) and epoch milliseconds, in SQL.
const NEW_ID = `lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
  substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`;
const NOW_MS = `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`;
const CAPTURING = `(SELECT applying FROM sync_capture WHERE id = 1) = 0`;
const MODE_IS = (mode: 'local' | 'outbox') => `(SELECT mode FROM sync_capture WHERE id = 1) = '${mode}'`;

// Bump when the trigger text changes so existing databases get the new triggers.
const VERSION = 1;
const installed = new WeakSet<AppDb>();

function jsonRow(table: SyncedTable, alias: string): string {
  return `json_object(${SYNCED_TABLES[table].map((column) => `'${column}', ${alias}.${column}`).join(', ')})`;
}

function triggerSql(table: SyncedTable): string[] {
  const columns: readonly string[] = SYNCED_TABLES[table];
  // Changed columns only: start from the new row and remove every unchanged column (and id).
  const changed = `json_remove(${jsonRow(table, 'NEW')}, '$.id', ${columns
    .filter((column) => column !== 'id')
    .map((column) => `CASE WHEN NEW.${column} IS OLD.${column} THEN '$.${column}' ELSE '$.__changed' END`)
    .join(', ')})`;
  // A cascaded delete of a session's child needs no mutation: the server cascades too.
  const parentAlive = SESSION_CHILD_TABLES.includes(table) ? ` AND EXISTS (SELECT 1 FROM sessions WHERE id = OLD.session_id)` : '';
  const mark = (op: string, id: string) =>
    `INSERT INTO sync_unsynced (table_name, row_id, op) SELECT '${table}', ${id}, '${op}'
       WHERE ${MODE_IS('local')} AND NOT EXISTS (SELECT 1 FROM sync_unsynced WHERE table_name = '${table}' AND row_id = ${id});`;
  return [
    `CREATE TRIGGER sync_capture_${table}_insert AFTER INSERT ON ${table} WHEN ${CAPTURING} BEGIN
       INSERT INTO outbox (id, table_name, op, row_id, payload, previous, status, created_at)
         SELECT ${NEW_ID}, '${table}', 'insert', NEW.id, ${jsonRow(table, 'NEW')}, NULL, 'pending', ${NOW_MS} WHERE ${MODE_IS('outbox')};
       ${mark('insert', 'NEW.id')}
     END`,
    `CREATE TRIGGER sync_capture_${table}_update AFTER UPDATE ON ${table} WHEN ${CAPTURING} BEGIN
       INSERT INTO outbox (id, table_name, op, row_id, payload, previous, status, created_at)
         SELECT ${NEW_ID}, '${table}', 'update', NEW.id, c.changes, ${jsonRow(table, 'OLD')}, 'pending', ${NOW_MS}
         FROM (SELECT ${changed} AS changes) AS c WHERE ${MODE_IS('outbox')} AND c.changes <> '{}';
       ${mark('update', 'NEW.id')}
     END`,
    `CREATE TRIGGER sync_capture_${table}_delete AFTER DELETE ON ${table} WHEN ${CAPTURING}${parentAlive} BEGIN
       INSERT INTO outbox (id, table_name, op, row_id, payload, previous, status, created_at)
         SELECT ${NEW_ID}, '${table}', 'delete', OLD.id, '{}', ${jsonRow(table, 'OLD')}, 'pending', ${NOW_MS} WHERE ${MODE_IS('outbox')};
       ${mark('delete', 'OLD.id')}
       DELETE FROM sync_unsynced WHERE ${MODE_IS('local')} AND table_name = '${table}' AND row_id = OLD.id AND op = 'insert';
       UPDATE sync_unsynced SET op = 'delete' WHERE ${MODE_IS('local')} AND table_name = '${table}' AND row_id = OLD.id AND op = 'update';
     END`,
  ];
}

/** Creates the capture tables and (re)creates the triggers once per database; idempotent. */
export function ensureChangeCapture(db: AppDb): void {
  if (installed.has(db)) return;
  const raw = db.raw;
  db.transaction(() => {
    raw.exec(`CREATE TABLE IF NOT EXISTS sync_capture (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        mode TEXT NOT NULL DEFAULT 'local' CHECK (mode IN ('local', 'outbox')),
        applying INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 0
      );
      INSERT OR IGNORE INTO sync_capture (id) VALUES (1);
      CREATE TABLE IF NOT EXISTS sync_unsynced (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
        UNIQUE (table_name, row_id)
      );`);
    // A crash never leaves `applying` set (it only changes inside transactions), but be safe.
    raw.prepare(`UPDATE sync_capture SET applying = 0 WHERE id = 1`).run();
    const current = (raw.prepare(`SELECT version FROM sync_capture WHERE id = 1`).get() as { version: number }).version;
    if (current !== VERSION) {
      for (const table of CAPTURED_TABLES) {
        for (const op of ['insert', 'update', 'delete']) raw.exec(`DROP TRIGGER IF EXISTS sync_capture_${table}_${op}`);
        for (const statement of triggerSql(table)) raw.exec(statement);
      }
      raw.prepare(`UPDATE sync_capture SET version = ? WHERE id = 1`).run(VERSION);
    }
  });
  installed.add(db);
  // A crash during an initial sync may have left search triggers dropped: restore them now.
  endTriggerDeferral(db);
}

/** Runs `fn` in one transaction whose writes to synced tables are NOT captured (stream applier, rollbacks). */
export function withoutCapture<T>(db: AppDb, fn: () => T): T {
  ensureChangeCapture(db);
  return db.transaction(() => {
    const flag = db.raw.prepare(`UPDATE sync_capture SET applying = applying + ? WHERE id = 1`);
    flag.run(1);
    const result = fn();
    flag.run(-1);
    return result;
  });
}

/** The current capture mode. */
export function captureMode(db: AppDb): 'local' | 'outbox' {
  ensureChangeCapture(db);
  return (db.raw.prepare(`SELECT mode FROM sync_capture WHERE id = 1`).get() as { mode: 'local' | 'outbox' }).mode;
}

/** Signed out: local writes are only marked for adoption. */
export function stopCapturingToOutbox(db: AppDb): void {
  ensureChangeCapture(db);
  db.raw.prepare(`UPDATE sync_capture SET mode = 'local' WHERE id = 1`).run();
}

/**
 * Signed in as `owner`: rows written while signed out get the user (and organization) where they
 * have none and are queued — inserts with the full row, updates with every column, deletes by id —
 * parents before children; from now on every local write goes to the outbox. One transaction.
 * Returns how many entries were queued.
 */
export function adoptLocalRows(db: AppDb, owner: { userId: string; organizationId: string | null }): number {
  ensureChangeCapture(db);
  return withoutCapture(db, () => {
    const raw = db.raw;
    let queued = 0;
    for (const table of CAPTURED_TABLES) {
      const marked = `id IN (SELECT row_id FROM sync_unsynced WHERE table_name = '${table}' AND op <> 'delete')`;
      const owners = OWNER_COLUMNS[table];
      if (owners) {
        raw.prepare(`UPDATE ${table} SET ${owners.user} = ? WHERE ${owners.user} IS NULL AND ${marked}`).run(owner.userId);
        if (owners.org && owner.organizationId) {
          raw.prepare(`UPDATE ${table} SET ${owners.org} = ? WHERE ${owners.org} IS NULL AND ${marked}`).run(owner.organizationId);
        }
      }
      const everyColumnButId = `json_remove(${jsonRow(table, 't')}, '$.id')`;
      queued += raw
        .prepare(
          `INSERT INTO outbox (id, table_name, op, row_id, payload, previous, status, created_at)
           SELECT ${NEW_ID}, u.table_name, u.op, u.row_id,
             CASE u.op WHEN 'insert' THEN ${jsonRow(table, 't')} WHEN 'update' THEN ${everyColumnButId} ELSE '{}' END,
             CASE u.op WHEN 'insert' THEN NULL ELSE ${jsonRow(table, 't')} END, 'pending', ${NOW_MS}
           FROM sync_unsynced u LEFT JOIN ${table} t ON t.id = u.row_id
           WHERE u.table_name = ? AND (u.op = 'delete' OR t.id IS NOT NULL)
           ORDER BY u.rowid`,
        )
        .run(table).changes;
    }
    raw.exec(`DELETE FROM sync_unsynced`);
    raw.prepare(`UPDATE sync_capture SET mode = 'outbox' WHERE id = 1`).run();
    return queued;
  });
}

/**
 * Search-index triggers a table's initial sync skips: row-by-row FTS and embedding-queue inserts
 * cost more than the sync itself, so they are dropped while the table catches up and the index is
 * brought up to date once at the end (FTS 'rebuild', embedding queue for the new rows). All three
 * FTS triggers go together: an update or delete of a row the index never saw corrupts FTS5.
 */
const DEFERRED_TRIGGERS: Partial<Record<SyncedTable, { triggers: string[]; catchUp: (startRowid: number) => [string, ...number[]][] }>> = {
  transcripts: {
    triggers: ['transcripts_fts_ai', 'transcripts_fts_au', 'transcripts_fts_ad', 'transcripts_embed_ai'],
    catchUp: (start) => [
      [`INSERT INTO transcripts_fts(transcripts_fts) VALUES ('rebuild')`],
      [`INSERT OR IGNORE INTO search_embedding_queue (source, source_rowid) SELECT 'transcript', rowid FROM transcripts WHERE rowid > ?`, start],
    ],
  },
  smart_notes: { triggers: ['smart_notes_fts_ai', 'smart_notes_fts_au', 'smart_notes_fts_ad'], catchUp: () => [[`INSERT INTO smart_notes_fts(smart_notes_fts) VALUES ('rebuild')`]] },
  summaries: { triggers: ['summaries_fts_ai', 'summaries_fts_au', 'summaries_fts_ad'], catchUp: () => [[`INSERT INTO summaries_fts(summaries_fts) VALUES ('rebuild')`]] },
};

function ensureDeferralTable(db: AppDb): void {
  db.raw.exec(`CREATE TABLE IF NOT EXISTS sync_deferred_triggers (
    table_name TEXT PRIMARY KEY, start_rowid INTEGER NOT NULL, trigger_sql TEXT NOT NULL)`);
}

/**
 * Initial sync of `table` starts: drop its deferrable search triggers (remembering them in SQLite,
 * so a crash mid-sync is repaired by {@link endTriggerDeferral} at the next start). Idempotent.
 */
export function beginTriggerDeferral(db: AppDb, table: SyncedTable): boolean {
  const config = DEFERRED_TRIGGERS[table];
  if (!config) return false;
  ensureChangeCapture(db);
  ensureDeferralTable(db);
  return db.transaction(() => {
    if (db.raw.prepare(`SELECT 1 FROM sync_deferred_triggers WHERE table_name = ?`).get(table)) return true;
    const found = config.triggers
      .map((name) => db.raw.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`).get(name) as { name: string; sql: string } | undefined)
      .filter((row): row is { name: string; sql: string } => row !== undefined);
    if (found.length === 0) return false;
    const start = (db.raw.prepare(`SELECT coalesce(max(rowid), 0) AS n FROM ${table}`).get() as { n: number }).n;
    db.raw.prepare(`INSERT INTO sync_deferred_triggers (table_name, start_rowid, trigger_sql) VALUES (?, ?, ?)`).run(table, start, JSON.stringify(found.map((row) => row.sql)));
    for (const row of found) db.raw.exec(`DROP TRIGGER ${row.name}`);
    return true;
  });
}

/** Restores deferred triggers of `table` (or of every table) and brings the search indexes up to date. */
export function endTriggerDeferral(db: AppDb, table?: SyncedTable): void {
  ensureDeferralTable(db);
  const rows = (table === undefined
    ? db.raw.prepare(`SELECT * FROM sync_deferred_triggers`).all()
    : db.raw.prepare(`SELECT * FROM sync_deferred_triggers WHERE table_name = ?`).all(table)) as { table_name: SyncedTable; start_rowid: number; trigger_sql: string }[];
  for (const row of rows) {
    db.transaction(() => {
      for (const statement of JSON.parse(row.trigger_sql) as string[]) db.raw.exec(statement);
      for (const [text, ...params] of DEFERRED_TRIGGERS[row.table_name]?.catchUp(row.start_rowid) ?? []) db.raw.prepare(text).run(...params);
      db.raw.prepare(`DELETE FROM sync_deferred_triggers WHERE table_name = ?`).run(row.table_name);
    });
  }
}
