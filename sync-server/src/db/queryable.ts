import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';

/** The result shape shared by `pg` (rowCount) and PGlite (affectedRows). */
export interface QueryResultLike<R> {
  rows: R[];
  rowCount?: number | null;
  affectedRows?: number;
}

/** The minimal surface the db helpers need: one parameterised statement at a time. */
export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResultLike<R>>;
}

/** A database handle the helpers accept: a pg Pool, a pg Client/PoolClient, or PGlite. */
export type SqlDb = pg.Pool | pg.PoolClient | pg.Client | PGlite;

/** A connection inside an open transaction, as handed to transaction callbacks. */
export type TxQueryable = Queryable & { exec(sql: string): Promise<void> };

/** Rows changed by a statement, whichever driver ran it. */
export function affectedRows(result: QueryResultLike<unknown>): number {
  return result.rowCount ?? result.affectedRows ?? 0;
}

/**
 * Runs `fn` in one transaction on one connection: PGlite's own transaction (which serialises
 * callers), a client checked out of a pg Pool, or BEGIN/COMMIT on a pg Client. Rolls back on throw.
 */
export async function runInTransaction<T>(db: SqlDb, fn: (tx: TxQueryable) => Promise<T>): Promise<T> {
  if (isPglite(db)) {
    return db.transaction((tx) => fn(wrapPgliteTx(tx)));
  }
  if (isPool(db)) {
    const client = await db.connect();
    try {
      return await runOnClient(client, fn);
    } finally {
      client.release();
    }
  }
  return runOnClient(db, fn);
}

async function runOnClient<T>(client: pg.ClientBase, fn: (tx: TxQueryable) => Promise<T>): Promise<T> {
  const tx: TxQueryable = {
    query: async <R>(text: string, params?: unknown[]) => client.query(text, params) as unknown as Promise<QueryResultLike<R>>,
    // The simple protocol (no parameters) accepts several statements.
    exec: async (sql: string) => {
      await client.query(sql);
    },
  };
  await client.query('begin');
  try {
    const result = await fn(tx);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

function wrapPgliteTx(tx: Transaction): TxQueryable {
  return {
    query: async <R>(text: string, params?: unknown[]) => tx.query<R>(text, params),
    exec: async (sql: string) => {
      await tx.exec(sql);
    },
  };
}

function isPglite(db: SqlDb): db is PGlite {
  return 'waitReady' in db && typeof (db as PGlite).transaction === 'function';
}

function isPool(db: SqlDb): db is pg.Pool {
  return 'totalCount' in db && typeof (db as pg.Pool).connect === 'function';
}
