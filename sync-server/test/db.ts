import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../src/db/migrate';

/** Connection settings of the test Postgres (trust auth): 127.0.0.1:5432 as postgres, overridable by PG* env. */
export const TEST_PG = {
  host: process.env['PGHOST'] ?? '127.0.0.1',
  port: Number(process.env['PGPORT'] ?? 5432),
  user: process.env['PGUSER'] ?? 'postgres',
} as const;

/** A throwaway database for one test file. */
export interface TestDatabase {
  /** Database name, starting with the prefix. */
  name: string;
  /** postgres:// URL of the database, for code that takes DATABASE_URL. */
  url: string;
  /** A pool connected as the superuser (tests switch roles inside transactions). */
  pool: pg.Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** Options for {@link createTestDatabase}. */
export interface CreateTestDatabaseOptions {
  /** Name prefix that identifies the owner (lc_a_, lc_b1_, …); defaults to lc_a_. */
  prefix?: string;
  /** Apply migrations/postgres (default true). */
  migrate?: boolean;
}

// Databases a crashed run left behind are dropped once they are this old.
const STALE_AFTER_MS = 2 * 60 * 60 * 1000;

/** Creates a fresh, migrated database; call `drop()` in afterAll. */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const prefix = options.prefix ?? 'lc_a_';
  if (!/^[a-z0-9_]+_$/.test(prefix)) throw new Error(`test database prefix must be lower-case and end with _: ${prefix}`);
  await dropStaleDatabases(prefix);
  const name = `${prefix}${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await withAdminClient((admin) => admin.query(`create database ${name}`));
  const pool = new pg.Pool({ ...TEST_PG, database: name, max: 4 });
  // An idle connection can be cut by the server (restart, a dropped database); without a listener
  // pg re-throws that as an uncaught 'error' event and fails the whole run. Queries still fail loudly.
  pool.on('error', (error) => process.stderr.write(`test pool ${name}: idle connection failed: ${error.message}\n`));
  try {
    if (options.migrate !== false) await migrate(pool);
  } catch (error) {
    await pool.end();
    await dropDatabase(name);
    throw error;
  }
  const url = `postgres://${TEST_PG.user}@${TEST_PG.host}:${TEST_PG.port}/${name}`;
  return {
    name,
    url,
    pool,
    drop: async () => {
      await pool.end();
      await dropDatabase(name);
    },
  };
}

async function dropStaleDatabases(prefix: string): Promise<void> {
  const existing = await withAdminClient((admin) =>
    admin.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [prefix]),
  );
  for (const { datname } of existing.rows) {
    const stamp = /^([0-9a-z]+)_[0-9a-f]{6}$/.exec(datname.slice(prefix.length))?.[1];
    if (stamp !== undefined && Date.now() - parseInt(stamp, 36) > STALE_AFTER_MS) await dropDatabase(datname);
  }
}

/** Drops a database, disconnecting anyone still attached. */
export async function dropDatabase(name: string): Promise<void> {
  await withAdminClient((admin) => admin.query(`drop database if exists ${name} with (force)`));
}

async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ ...TEST_PG, database: 'postgres' });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** Runs `fn` on one client inside a transaction that is always rolled back; the client starts as the superuser. */
export async function withRootDb<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    return await fn(client);
  } finally {
    await client.query('rollback');
    client.release();
  }
}

/** Inside a withRootDb transaction: runs `fn` as `authenticated` with claims for `userId`, then switches back. */
export async function actAsUser<T>(
  client: pg.ClientBase,
  userId: string,
  fn: () => Promise<T>,
  extraClaims: Record<string, unknown> = {},
): Promise<T> {
  await client.query('set local role authenticated');
  await client.query(`select set_config('request.jwt.claims', $1, true)`, [
    JSON.stringify({ ...extraClaims, sub: userId, role: 'authenticated' }),
  ]);
  // No finally: after a failed statement the transaction is aborted and only the rollback of
  // withRootDb can run; resetting here would hide the original error.
  const result = await fn();
  await resetRole(client);
  return result;
}

/** Inside a withRootDb transaction: runs `fn` as `anon` (no claims), then switches back. */
export async function actAsAnon<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  await client.query('set local role anon');
  await client.query(`select set_config('request.jwt.claims', '{"role":"anon"}', true)`);
  const result = await fn();
  await resetRole(client);
  return result;
}

// A failed statement aborts the transaction; callers use savepoints (see expectDenied) to keep going.
async function resetRole(client: pg.ClientBase): Promise<void> {
  await client.query('reset role');
  await client.query(`select set_config('request.jwt.claims', '', true)`);
}

/** A rolled-back transaction running as `userId` (seed first with withRootDb + actAsUser when needed). */
export async function withUserDb<T>(pool: pg.Pool, userId: string, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withRootDb(pool, (client) => actAsUser(client, userId, () => fn(client)));
}

/** A rolled-back transaction running as `anon`. */
export async function withAnonDb<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withRootDb(pool, (client) => actAsAnon(client, () => fn(client)));
}

/** Outcome of a statement run under a savepoint: rows changed, or the SQLSTATE it failed with. */
export type Attempt = { ok: true; rowCount: number; rows: Record<string, unknown>[] } | { ok: false; code: string; message: string };

/** Runs one statement under a savepoint so a failure does not abort the surrounding transaction. */
export async function attempt(client: pg.ClientBase, text: string, params: unknown[] = []): Promise<Attempt> {
  await client.query('savepoint lc_attempt');
  try {
    const result = await client.query(text, params);
    await client.query('release savepoint lc_attempt');
    return { ok: true, rowCount: result.rowCount ?? 0, rows: result.rows as Record<string, unknown>[] };
  } catch (error) {
    await client.query('rollback to savepoint lc_attempt');
    const pgError = error as { code?: string; message?: string };
    return { ok: false, code: pgError.code ?? 'unknown', message: pgError.message ?? String(error) };
  }
}
