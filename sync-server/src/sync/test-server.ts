import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { createRequireUser } from '../auth/require-user';
import { createTokenService, type TokenService } from '../auth/tokens';
import { migrate } from '../db/migrate';
import { withServiceTx } from '../db/tx';
import { handleError } from '../errors';
import { mutationRoutes } from '../routes/mutations/routes';
import { shapeRoutes } from '../routes/shape/routes';
import { createElectricProxy } from './electric-proxy';
import { createChangeFeed, type ChangeFeed } from './feed';
import { createMutationService } from './mutation-service';
import { createShapeService } from './shape-service';

/** A real sync server (Fastify + Postgres 15 + the feed) on a loopback port, for tests and benches. */
export interface SyncTestServer {
  url: string;
  pool: pg.Pool;
  feed: ChangeFeed;
  app: FastifyInstance;
  tokens: TokenService;
  /** Creates a user with its own organization (owner) and returns ids plus an access token. */
  createUser(options?: { orgId?: string; role?: string }): Promise<{ userId: string; orgId: string; token: string }>;
  /** Runs SQL as service_role (bypasses RLS), for seeding and checks. */
  service<T>(fn: (query: (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const ADMIN = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' };

/** Drops and creates database `name` (must start with lc_b2_) and migrates it. */
export async function createTestDatabase(name: string): Promise<pg.Pool> {
  if (!/^lc_[a-z0-9]+_/.test(name)) throw new Error('test databases are prefixed lc_<owner>_');
  const admin = new pg.Client(ADMIN);
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ ...ADMIN, database: name, max: 20 });
  // An idle connection can be cut by the server (restart, a dropped database); without a listener
  // pg re-throws that as an uncaught 'error' event and fails the whole run. Queries still fail loudly.
  pool.on('error', (error) => process.stderr.write(`test pool ${name}: idle connection failed: ${error.message}\n`));
  await migrate(pool);
  return pool;
}

/** Drops a test database. */
export async function dropTestDatabase(name: string): Promise<void> {
  const admin = new pg.Client(ADMIN);
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

/** Starts the server over a fresh database `name` (lc_b2_ replaced by LC_TEST_DB_PREFIX when set, e.g. lc_h1_). */
export async function startSyncTestServer(
  requested: string,
  options: { chunkSize?: number; liveTimeoutMs?: number; electricUrl?: string } = {},
): Promise<SyncTestServer> {
  const prefix = process.env['LC_TEST_DB_PREFIX'];
  if (prefix !== undefined && prefix !== '' && !/^lc_[a-z0-9]+_$/.test(prefix)) throw new Error('LC_TEST_DB_PREFIX must look like lc_xx_');
  const name = prefix ? requested.replace(/^lc_b2_/, prefix) : requested;
  const pool = await createTestDatabase(name);
  const feed = createChangeFeed({ db: pool, idleIntervalMs: 200 });
  await feed.start();
  const tokens = createTokenService({ secret: 'b2-sync-test-secret-0123456789abcdef', ttlSeconds: 3600 });
  const requireUser = createRequireUser(tokens);
  const app = Fastify({ logger: false, bodyLimit: 4_194_304 });
  app.decorateRequest('auth', null);
  app.setErrorHandler(handleError);
  const shapes = options.electricUrl
    ? createElectricProxy({ db: pool, electricUrl: options.electricUrl })
    : createShapeService({
        db: pool,
        feed,
        ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
        liveTimeoutMs: options.liveTimeoutMs ?? 5_000,
      });
  const mutations = createMutationService({ db: pool, onCommitted: () => feed.kick() });
  await app.register(shapeRoutes({ shapes, requireUser }), { prefix: '/v1' });
  await app.register(mutationRoutes({ mutations, requireUser }), { prefix: '/v1' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;

  const service: SyncTestServer['service'] = (fn) =>
    withServiceTx(pool, (tx) => fn(async (text, params) => (await tx.query<Record<string, unknown>>(text, params)).rows));

  return {
    url: `http://127.0.0.1:${port}`,
    pool,
    feed,
    app,
    tokens,
    service,
    async createUser(opts = {}) {
      const userId = randomUUID();
      const orgId = opts.orgId ?? randomUUID();
      await service(async (query) => {
        await query(`insert into users (id, email, full_name) values ($1, $2, 'Test User')`, [userId, `${userId}@example.test`]);
        if (!opts.orgId) await query(`insert into organizations (id, name) values ($1, 'Org')`, [orgId]);
        await query(`insert into organization_members (organization_id, user_id, role) values ($1, $2, $3)`, [orgId, userId, opts.role ?? 'owner']);
      });
      const { token } = await tokens.mintAccessToken({ userId, orgId });
      return { userId, orgId, token };
    },
    async close() {
      await app.close();
      await feed.stop();
      await pool.end();
      await dropTestDatabase(name);
    },
  };
}
