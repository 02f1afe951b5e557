import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { migrate } from './migrate';
import type { SqlQuery, SqlValue } from './sql';

/** The raw better-sqlite3 handle; only `core/db` and repos use it. */
export type Db = Database.Database;

/** A database handle with small typed helpers over the `sql` tag. */
export interface AppDb {
  readonly raw: Db;
  /** Rows of a query. */
  all<T>(query: SqlQuery): T[];
  /** First row of a query, or undefined. */
  get<T>(query: SqlQuery): T | undefined;
  /** Runs a statement and returns the number of changed rows. */
  run(query: SqlQuery): number;
  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/**
 * Opens (creating if needed) the local SQLite database, loads sqlite-vec, enables WAL and
 * foreign keys, and applies pending migrations.
 * @throws AppError('db.migration_failed') when the database's history does not match the files.
 */
export function openDatabase(path: string, options: { migrationsDir?: string } = {}): AppDb {
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  sqliteVec.load(raw);
  migrate(raw, options.migrationsDir);
  return wrapDatabase(raw);
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

function prepare(raw: Db, text: string): Database.Statement {
  let cache = statementCache.get(raw);
  if (!cache) {
    cache = new Map();
    statementCache.set(raw, cache);
  }
  let statement = cache.get(text);
  if (!statement) {
    statement = raw.prepare(text);
    cache.set(text, statement);
  }
  return statement;
}

function wrapDatabase(raw: Db): AppDb {
  return {
    raw,
    all: <T>([text, params]: SqlQuery) => prepare(raw, text).all(...(params as SqlValue[])) as T[],
    get: <T>([text, params]: SqlQuery) => prepare(raw, text).get(...(params as SqlValue[])) as T | undefined,
    run: ([text, params]: SqlQuery) => prepare(raw, text).run(...(params as SqlValue[])).changes,
    transaction: <T>(fn: () => T) => raw.transaction(fn)(),
    close: () => raw.close(),
  };
}
