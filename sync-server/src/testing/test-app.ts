import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp, type AppDeps } from '../app';
import { migrate } from '../db/migrate';
import { loadConfig, type ServerConfig } from '../env';

/** The CI/dev Postgres 15 (trust auth); tests create and drop their own lc_b1_ databases. */
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A migrated throwaway database. */
export interface TestDatabase {
  pool: pg.Pool;
  name: string;
  drop(): Promise<void>;
}

/** Creates `lc_b1_<random>` on the local Postgres and applies every migration. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `lc_b1_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:5432/${name}`, max: 6 });
  // An idle connection can be cut by the server (restart, a dropped database); without a listener
  // pg re-throws that as an uncaught 'error' event and fails the whole run. Queries still fail loudly.
  pool.on('error', (error) => process.stderr.write(`test pool ${name}: idle connection failed: ${error.message}\n`));
  await migrate(pool);
  return {
    pool,
    name,
    drop: async () => {
      await pool.end();
      const cleanup = new pg.Client({ connectionString: ADMIN_URL });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** A config for tests: fixed secret, silent logs, generous rate limit unless overridden. */
export function testConfig(overrides: Record<string, string> = {}): ServerConfig {
  return loadConfig({
    JWT_SECRET: 'test-secret-that-is-at-least-32-characters-long',
    DATA_DIR: '/nonexistent-data-dir-for-tests',
    LOG_LEVEL: 'silent',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    PORT: '0',
    ...overrides,
  });
}

/** A test app over a fresh database; `close()` stops the app and drops the database. */
export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  config: ServerConfig;
  close(): Promise<void>;
}

/**
 * Builds the real app on a fresh migrated database, or on `options.db` (borrowed: `close()` then
 * leaves it alone) when a test needs a second app configured differently.
 */
export async function createTestApp(
  options: { env?: Record<string, string>; deps?: Partial<AppDeps>; db?: TestDatabase } = {},
): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase());
  const config = testConfig(options.env);
  const app = await buildApp({ config, db: db.pool, ...options.deps });
  return {
    app,
    db,
    config,
    close: async () => {
      await app.close();
      if (options.db === undefined) await db.drop();
    },
  };
}

/** Tokens and ids returned by signup. */
export interface SignedUp {
  userId: string;
  orgId: string;
  accessToken: string;
  refreshToken: string;
  email: string;
}

/** Signs a user up through the public API and returns their tokens. */
export async function signUp(app: FastifyInstance, email: string, password = 'correct horse battery'): Promise<SignedUp> {
  const response = await app.inject({ method: 'POST', url: '/v1/auth/signup', payload: { email, password } });
  if (response.statusCode !== 201) throw new Error(`signup failed: ${response.statusCode} ${response.body}`);
  const body = response.json<{ user: { id: string; currentOrganizationId: string }; accessToken: string; refreshToken: string }>();
  return { userId: body.user.id, orgId: body.user.currentOrganizationId, accessToken: body.accessToken, refreshToken: body.refreshToken, email };
}

/** `Authorization` header for an access token. */
export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
