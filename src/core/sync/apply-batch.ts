import type { ChangeMessage, Message, Row, ShapeStreamOptions } from '@electric-sql/client';
import { SESSION_CHILD_TABLES, SYNCED_TABLES, type SyncedTable } from '../../shared/sync/tables';
import type { AppDb } from '../db/open-database';
import type { SqlValue } from '../db/sql';
import type { Statement } from 'better-sqlite3';
import { withoutCapture } from './change-capture';

/**
 * Parses Postgres text values (as /v1/shape sends them) into the SQLite mirror's encoding:
 * timestamptz → epoch ms, bool → 0/1, json/jsonb → JSON text, int8 → number.
 */
export const SQLITE_PARSER: NonNullable<ShapeStreamOptions['parser']> = {
  // Parser functions receive the raw Postgres text of a non-null value.
  timestamptz: (value: string) => parsePgTimestamp(value),
  timestamp: (value: string) => parsePgTimestamp(value),
  bool: (value: string) => (value === 't' || value === 'true' ? 1 : 0),
  json: (value: string) => value,
  jsonb: (value: string) => value,
  int8: (value: string) => Number(value),
};

/** A shape's column types as its `electric-schema` header gives them. */
export type ShapeSchema = Record<string, { type: string; dims?: number; not_null?: boolean } | undefined>;

/** Converts a row of Postgres text values (in place) to what {@link SQLITE_PARSER} would have made of it. */
export type RowConverter = (value: Row) => void;

const toNumber = (value: string) => Number(value);
const keepText = (value: string) => value;
// The client's own parsers for the types it knows (int2/4, float4/8), then SQLITE_PARSER's overrides.
const CONVERTERS: Record<string, (value: string) => unknown> = {
  int2: toNumber,
  int4: toNumber,
  float4: toNumber,
  float8: toNumber,
  int8: toNumber,
  bool: (value) => (value === 't' || value === 'true' ? 1 : 0),
  timestamptz: parsePgTimestamp,
  timestamp: parsePgTimestamp,
  json: keepText,
  jsonb: keepText,
};

/**
 * The same conversion as the ShapeStream's parser with {@link SQLITE_PARSER}, done in one tight
 * loop per row instead of per value inside the client's JSON reviver; undefined when a column is
 * an array (left to the client's array parser).
 */
export function createRowConverter(schema: ShapeSchema): RowConverter | undefined {
  const steps: [string, (value: string) => unknown][] = [];
  for (const [column, info] of Object.entries(schema)) {
    if (!info || typeof info.type !== 'string') return undefined;
    if (info.dims !== undefined && info.dims > 0) return undefined;
    const convert = CONVERTERS[info.type];
    if (convert && convert !== keepText) steps.push([column, convert]);
  }
  return (value) => {
    for (const [column, convert] of steps) {
      const item = value[column];
      if (typeof item === 'string') value[column] = convert(item) as Row[string];
    }
  };
}

/** Postgres ISO output (`2026-01-05 09:00:00.123+00`) → epoch ms. */
export function parsePgTimestamp(value: string): number {
  const fast = parseUtcTimestamp(value);
  if (fast !== undefined) return fast;
  const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00').replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`Unparseable timestamp from the sync server`);
  return ms;
}

// Digits of `value` from `start` to `end` as a number; NaN unless all are digits.
function digits(value: string, start: number, end: number): number {
  let result = 0;
  for (let index = start; index < end; index += 1) {
    const digit = value.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    result = result * 10 + digit;
  }
  return result;
}

// The shape every timestamptz has on the wire (the server reads in UTC):
// `YYYY-MM-DD HH:MM:SS[.f…]+00`. One row of a snapshot has several, so this avoids building an ISO
// string for Date.parse; anything else (other offsets, BC, far years) returns undefined. Digits
// past milliseconds are dropped, as Date.parse does.
function parseUtcTimestamp(value: string): number | undefined {
  const end = value.length - 3;
  if (end < 19 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || value.charCodeAt(10) !== 32 || value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58) return undefined;
  if (value.charCodeAt(end) !== 43 || value.charCodeAt(end + 1) !== 48 || value.charCodeAt(end + 2) !== 48) return undefined;
  let ms = 0;
  if (end > 19) {
    if (value.charCodeAt(19) !== 46 || end === 20) return undefined;
    if (Number.isNaN(digits(value, 20, end))) return undefined;
    ms = digits(value, 20, Math.min(end, 23)) * (end === 21 ? 100 : end === 22 ? 10 : 1);
  }
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  const hour = digits(value, 11, 13);
  const minute = digits(value, 14, 16);
  const second = digits(value, 17, 19);
  // NaN fails every comparison; years below 1000 avoid Date.UTC's 0–99 → 1900s rule.
  if (!(year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59 && ms >= 0)) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const statements = new WeakMap<AppDb, Map<string, Statement>>();

// better-sqlite3 prepares on every call; batches run thousands of identical statements.
function stmt(db: AppDb, text: string): Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let statement = cache.get(text);
  if (!statement) {
    statement = db.raw.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}

/** True while a local write to the row waits to be sent or confirmed. */
function hasUnconfirmedWrite(db: AppDb, table: SyncedTable, rowId: string): boolean {
  return stmt(db, `SELECT 1 FROM outbox WHERE table_name = ? AND row_id = ? AND status IN ('pending', 'sent') LIMIT 1`).get(table, rowId) !== undefined;
}

/** Server rows held back while a local write to the same key awaits its POST result. */
export type DeferredChanges = Map<string, { operation: 'insert' | 'update' | 'delete'; value: Row; txids: string[] }>;

/**
 * The server applied outbox entries in `txid`. If the stream already delivered that transaction
 * for a key (held in `deferred`), confirm now and write the server's row unless another local
 * write to the key is still waiting.
 */
export function confirmFromDeferred(db: AppDb, deferred: DeferredChanges, entries: { id: string; table_name: SyncedTable; row_id: string }[], txid: string): string[] {
  const confirmed: string[] = [];
  for (const entry of entries) {
    const key = `${entry.table_name}/${entry.row_id}`;
    const held = deferred.get(key);
    if (!held?.txids.includes(txid)) continue;
    db.raw.pragma('foreign_keys = OFF');
    try {
      withoutCapture(db, () => {
        stmt(db, `UPDATE outbox SET status = 'confirmed' WHERE id = ? AND status = 'sent'`).run(entry.id);
        confirmed.push(entry.id);
        if (hasUnconfirmedWrite(db, entry.table_name, entry.row_id)) return;
        deferred.delete(key);
        if (held.operation === 'delete') deleteRow(db, entry.table_name, entry.row_id);
        else upsertRow(db, entry.table_name, SYNCED_TABLES[entry.table_name], held.value, held.operation === 'insert');
      });
    } finally {
      db.raw.pragma('foreign_keys = ON');
    }
  }
  return confirmed;
}

/** Where a table's stream stands, stored with the rows it covers. */
export interface StreamPosition {
  handle: string | null;
  offset: string;
}

/** What one applied batch did. */
export interface BatchOutcome {
  upserted: number;
  deleted: number;
  /** Outbox ids confirmed by a txid seen in this batch. */
  confirmed: string[];
  isUpToDate: boolean;
  refetched: boolean;
}

/**
 * Applies one ShapeStream batch to SQLite in ONE transaction together with the stream position,
 * so a crash never leaves rows and position apart. Rows with unconfirmed local writes keep the
 * local version until the outbox entry is confirmed (its txid arrives) or rejected.
 * must-refetch clears the table (except rows with pending writes) before the new snapshot.
 */
export function applyShapeBatch(
  db: AppDb,
  table: SyncedTable,
  messages: Message<Row>[],
  position: () => StreamPosition,
  now: number,
  deferred?: DeferredChanges,
): BatchOutcome {
  const outcome: BatchOutcome = { upserted: 0, deleted: 0, confirmed: [], isUpToDate: false, refetched: false };
  const columns: readonly string[] = SYNCED_TABLES[table];
  const raw = db.raw;
  // Streams are independent (a transcript may arrive before its session): the mirror takes the
  // server's word for references, and cascades session deletes itself below.
  raw.pragma('foreign_keys = OFF');
  try {
    withoutCapture(db, () => {
      const restoreCapture = messages.length >= BULK_MESSAGES ? dropInsertCapture(db, table) : undefined;
      const pendingKeys = new Set(
        (stmt(db, `SELECT row_id FROM outbox WHERE table_name = ? AND status IN ('pending', 'sent')`).all(table) as { row_id: string }[]).map(
          (row) => row.row_id,
        ),
      );
      for (const message of messages) {
        if ('control' in message.headers) {
          if (message.headers.control === 'must-refetch') {
            raw.prepare(`DELETE FROM ${table} WHERE id NOT IN (SELECT row_id FROM outbox WHERE table_name = ? AND status IN ('pending', 'sent'))`).run(table);
            raw.prepare(`UPDATE sync_state SET rows_synced = 0, is_up_to_date = 0 WHERE table_name = ?`).run(table);
            outcome.refetched = true;
            outcome.isUpToDate = false;
          } else if (message.headers.control === 'up-to-date') {
            outcome.isUpToDate = true;
          }
          continue;
        }
        if (!('operation' in message.headers)) continue;
        const change = message as ChangeMessage<Row>;
        const id = String(change.value['id']);
        const txids = change.headers.txids ?? [];
        if (txids.length > 0 && pendingKeys.has(id)) {
          const confirmed = stmt(
            db,
              `UPDATE outbox SET status = 'confirmed' WHERE table_name = ? AND row_id = ? AND status = 'sent'
               AND txid IN (SELECT value FROM json_each(?)) RETURNING id`,
          ).all(table, id, JSON.stringify(txids.map(String))) as { id: string }[];
          outcome.confirmed.push(...confirmed.map((row) => row.id));
        }
        if (pendingKeys.has(id)) {
          if (hasUnconfirmedWrite(db, table, id)) {
            // Our own write may arrive before its POST returns: keep the server's row until then.
            deferred?.set(`${table}/${id}`, { operation: change.headers.operation, value: change.value, txids: txids.map(String) });
            continue;
          }
          pendingKeys.delete(id);
        }
        if (change.headers.operation === 'delete') {
          deleteRow(db, table, id);
          outcome.deleted += 1;
        } else if (change.headers.operation === 'insert' && insertWholeRow(db, table, columns, change.value)) {
          outcome.upserted += 1;
        } else {
          upsertRow(db, table, columns, change.value, change.headers.operation === 'insert');
          outcome.upserted += 1;
        }
      }
      restoreCapture?.();
      const at = position();
      stmt(
        db,
          `INSERT INTO sync_state (table_name, shape_handle, shape_offset, rows_synced, is_up_to_date, updated_at)
           VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(table_name) DO UPDATE SET shape_handle = excluded.shape_handle, shape_offset = excluded.shape_offset,
             rows_synced = rows_synced + excluded.rows_synced,
             is_up_to_date = CASE WHEN ? THEN 1 ELSE is_up_to_date END, updated_at = excluded.updated_at`,
      ).run(table, at.handle, at.offset, outcome.upserted, outcome.isUpToDate ? 1 : 0, now, outcome.isUpToDate ? 1 : 0);
    });
  } finally {
    raw.pragma('foreign_keys = ON');
  }
  return outcome;
}

/** Removes a table's mirrored rows and position (before a fresh sync or on sign-out). */
export function clearTable(db: AppDb, table: SyncedTable): void {
  db.raw.pragma('foreign_keys = OFF');
  try {
    withoutCapture(db, () => {
      db.raw.prepare(`DELETE FROM ${table}`).run();
      db.raw.prepare(`DELETE FROM sync_state WHERE table_name = ?`).run(table);
    });
  } finally {
    db.raw.pragma('foreign_keys = ON');
  }
}

function deleteRow(db: AppDb, table: SyncedTable, id: string): void {
  if (table === 'sessions') {
    for (const child of SESSION_CHILD_TABLES) db.raw.prepare(`DELETE FROM ${child} WHERE session_id = ?`).run(id);
  }
  db.raw.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
}

const uniqueIndexCache = new WeakMap<AppDb, Map<string, string[][]>>();

// Non-primary unique keys of a table, e.g. transcripts (session_id, sequence_number).
function uniqueKeys(db: AppDb, table: string): string[][] {
  let perDb = uniqueIndexCache.get(db);
  if (!perDb) {
    perDb = new Map();
    uniqueIndexCache.set(db, perDb);
  }
  let keys = perDb.get(table);
  if (!keys) {
    const indexes = db.raw.prepare(`SELECT name, origin FROM pragma_index_list(?) WHERE "unique" = 1`).all(table) as { name: string; origin: string }[];
    keys = indexes
      .filter((index) => index.origin !== 'pk')
      .map((index) => (db.raw.prepare(`SELECT name FROM pragma_index_info(?)`).all(index.name) as { name: string }[]).map((c) => c.name));
    perDb.set(table, keys);
  }
  return keys;
}

// Batches at least this long (snapshot chunks) skip the table's insert-capture trigger, see below.
const BULK_MESSAGES = 500;

/**
 * Inside the applier's transaction the change-capture insert trigger never captures anything
 * (`applying` is set), yet SQLite still runs it per row to evaluate its WHEN subquery: about a
 * quarter of a snapshot row's insert cost. For a bulk batch it is dropped and re-created in the
 * same transaction, so no other writer ever sees the table without it and a failed batch rolls
 * both back. Returns the function that re-creates it (undefined when the table has none).
 */
function dropInsertCapture(db: AppDb, table: SyncedTable): (() => void) | undefined {
  const name = `sync_capture_${table}_insert`;
  const found = stmt(db, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`).get(name) as { sql: string } | undefined;
  if (!found) return undefined;
  db.raw.exec(`DROP TRIGGER ${name}`);
  return () => db.raw.exec(found.sql);
}

const wholeRowInserts = new WeakMap<AppDb, Map<SyncedTable, Statement>>();

/**
 * The common case of a snapshot: a new row carrying every synced column. One cached statement per
 * table bound with a positional array, instead of building the statement text per row. Returns
 * false (nothing written) when a column is missing or the row collides with an existing key; the
 * caller then takes the general path of {@link upsertRow}.
 */
function insertWholeRow(db: AppDb, table: SyncedTable, columns: readonly string[], value: Record<string, unknown>): boolean {
  let perDb = wholeRowInserts.get(db);
  if (!perDb) {
    perDb = new Map();
    wholeRowInserts.set(db, perDb);
  }
  let statement = perDb.get(table);
  if (!statement) {
    statement = db.raw.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    perDb.set(table, statement);
  }
  const params: SqlValue[] = new Array<SqlValue>(columns.length);
  for (let index = 0; index < columns.length; index += 1) {
    const item = value[columns[index] as string];
    if (item === undefined) return false;
    params[index] = typeof item === 'string' || typeof item === 'number' ? item : toSqlValue(item);
  }
  try {
    statement.run(params);
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
    throw error;
  }
}

// Plain INSERT / UPDATE rather than INSERT … ON CONFLICT: an UPSERT overrides the `OR IGNORE` of
// other features' triggers (e.g. the search queue), which then fail.
/** Writes a full or partial row by id (insert or update), resolving stale unique keys. */
export function upsertRow(db: AppDb, table: SyncedTable, columns: readonly string[], value: Record<string, unknown>, isLikelyNew = false): void {
  const present = columns.filter((column) => column in value);
  const id = String(value['id']);
  const rest = present.filter((column) => column !== 'id');
  const insert = () =>
    stmt(db, `INSERT INTO ${table} (${present.join(', ')}) VALUES (${present.map(() => '?').join(', ')})`).run(
      ...present.map((column) => toSqlValue(value[column])),
    );
  const update = (): boolean =>
    rest.length === 0
      ? stmt(db, `SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined
      : stmt(db, `UPDATE ${table} SET ${rest.map((column) => `${column} = ?`).join(', ')} WHERE id = ?`).run(
          ...rest.map((column) => toSqlValue(value[column])),
          id,
        ).changes > 0;
  const write = () => {
    if (isLikelyNew) {
      try {
        insert();
        return;
      } catch (error) {
        // SQLite may report another unique index before the primary key: retry as an update.
        const code = (error as { code?: string }).code;
        if (code !== 'SQLITE_CONSTRAINT_PRIMARYKEY' && code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
        if (update()) return;
        throw error;
      }
    }
    if (!update()) insert();
  };
  try {
    write();
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
    // Another mirrored row still holds this unique key; the server says it moved on, so the
    // stale row goes (its own newer change is further along this stream).
    for (const key of uniqueKeys(db, table)) {
      const params = key.map((column) => toSqlValue(value[column]));
      stmt(db, `DELETE FROM ${table} WHERE id <> ? AND ${key.map((column) => `${column} = ?`).join(' AND ')}`).run(id, ...params);
    }
    write();
  }
}

function toSqlValue(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'bigint') return value;
  return JSON.stringify(value);
}
