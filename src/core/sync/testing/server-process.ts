import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import pg from 'pg';
import { parsePgTimestamp } from '../apply-batch';
import type { AppDb } from '../../db/open-database';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const ADMIN = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'postgres' };

/** The real sync server (`npm run server`'s entry) running as a child process, for tests and benches. */
export interface ServerProcess {
  url: string;
  /** Superuser pool on the server's database (seeding and checks only). */
  pool: pg.Pool;
  /** Signs up a user (personal organization) and returns its ids and tokens. */
  signUp(email: string, password?: string): Promise<{ email: string; userId: string; orgId: string; accessToken: string; refreshToken: string }>;
  /** Mints an access token for a user row created directly in the database (no password hashing). */
  mintToken(userId: string, orgId: string | null): Promise<string>;
  stop(): Promise<void>;
}

const JWT_SECRET = 'b2-sync-process-secret-0123456789abcdef';

/**
 * The database name a test or bench uses: `name` (prefixed lc_b2_), or with the prefix replaced by
 * LC_TEST_DB_PREFIX (e.g. lc_h1_) so two people running the same tests on one Postgres don't collide.
 */
export function testDatabaseName(name: string): string {
  const prefix = process.env['LC_TEST_DB_PREFIX'];
  if (prefix === undefined || prefix === '') return name;
  if (!/^lc_[a-z0-9]+_$/.test(prefix)) throw new Error('LC_TEST_DB_PREFIX must look like lc_xx_');
  return name.replace(/^lc_b2_/, prefix);
}

/**
 * Starts the server over a fresh Postgres database `name` (prefixed lc_b2_; see {@link testDatabaseName}),
 * or with `embedded: true` over its own embedded PGlite (no DATABASE_URL, as `npm run server`); the
 * pool then reaches PGlite through the server's loopback socket.
 */
export async function startServerProcess(requested: string, options: { embedded?: boolean } = {}): Promise<ServerProcess> {
  if (!requested.startsWith('lc_b2_')) throw new Error('B2 databases are prefixed lc_b2_');
  const name = testDatabaseName(requested);
  const isEmbedded = options.embedded === true;
  if (!isEmbedded) {
    const admin = new pg.Client(ADMIN);
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    await admin.end();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'lc-b2-server-'));
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  // LC_SERVER_NODE_ARGS passes node flags to the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile a bench's server.
  const nodeArgs = (process.env['LC_SERVER_NODE_ARGS'] ?? '').split(' ').filter((arg) => arg !== '');
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [...nodeArgs, join(ROOT, 'sync-server/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...inherited,
      ...(isEmbedded ? {} : { DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${name}` }),
      JWT_SECRET,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      ACCESS_TOKEN_TTL_SECONDS: '3600',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const { url, embeddedUrl } = await waitForListening(child);
  if (isEmbedded && !embeddedUrl) throw new Error('the server did not report its embedded database');
  // The embedded socket admits a few connections beyond the server's own pool.
  const pool = isEmbedded ? new pg.Pool({ connectionString: embeddedUrl, max: 2 }) : new pg.Pool({ ...ADMIN, database: name, max: 4 });
  // An idle connection can be cut by the server (restart, a dropped database); without a listener
  // pg re-throws that as an uncaught 'error' event and fails the whole run. Queries still fail loudly.
  pool.on('error', (error) => process.stderr.write(`test pool ${name}: idle connection failed: ${error.message}\n`));
  return {
    url,
    pool,
    async signUp(email, password = 'correct horse battery') {
      const response = await fetch(`${url}/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password, fullName: 'Sync Tester' }),
      });
      if (!response.ok) throw new Error(`signup failed: ${response.status} ${await response.text()}`);
      const body = (await response.json()) as { accessToken: string; refreshToken: string; user: { id: string; currentOrganizationId: string } };
      return { email, userId: body.user.id, orgId: body.user.currentOrganizationId, accessToken: body.accessToken, refreshToken: body.refreshToken };
    },
    async mintToken(userId, orgId) {
      const iat = Math.floor(Date.now() / 1000);
      return new SignJWT({ role: 'authenticated', org: orgId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(userId)
        .setIssuer('liveconvo-sync')
        .setAudience('authenticated')
        .setIssuedAt(iat)
        .setExpirationTime(iat + 3600)
        .sign(new TextEncoder().encode(JWT_SECRET));
    },
    async stop() {
      await pool.end();
      await new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const kill = setTimeout(() => child.kill('SIGKILL'), 3_000);
        child.once('exit', () => {
          clearTimeout(kill);
          done();
        });
        child.kill('SIGTERM');
      });
      rmSync(dataDir, { recursive: true, force: true });
      if (isEmbedded) return;
      const drop = new pg.Client(ADMIN);
      await drop.connect();
      await drop.query(`drop database if exists ${name} with (force)`);
      await drop.end();
    },
  };
}

function waitForListening(child: ChildProcess): Promise<{ url: string; embeddedUrl: string | undefined }> {
  return new Promise((resolvePromise, reject) => {
    let buffer = '';
    let embeddedUrl: string | undefined;
    const timer = setTimeout(() => reject(new Error(`server did not start: ${buffer.slice(-2000)}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      embeddedUrl ??= /"databaseUrl":"(postgres:\/\/[^"]+)".*embedded database started/.exec(buffer)?.[1];
      const match = /"url":"(http:\/\/[^"]+)".*sync server listening/.exec(buffer);
      if (match?.[1]) {
        clearTimeout(timer);
        resolvePromise({ url: match[1], embeddedUrl });
        buffer = buffer.slice(-10_000);
      }
      if (buffer.length > 100_000) buffer = buffer.slice(-10_000);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${buffer.slice(-2000)}`));
    });
  });
}

/** Rows of `table` as Postgres shows them to `userId` (read under RLS), in the mirror's encoding. */
export async function readAsUser(pool: pg.Pool, userId: string, table: string, columns: readonly string[]): Promise<Record<string, unknown>[]> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('set local role authenticated');
    await client.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: userId, role: 'authenticated' })]);
    await client.query(`set local timezone = 'UTC'; set local datestyle = 'ISO, DMY'`);
    const types = await client.query<{ name: string; type: string }>(
      `select column_name as name, udt_name as type from information_schema.columns where table_schema = 'public' and table_name = $1`,
      [table],
    );
    const typeOf = new Map(types.rows.map((row) => [row.name, row.type]));
    const self = table === 'users' ? 'where id = auth.uid()' : '';
    // authenticated reads users.personal_context only through its owner-only function (migration 0019).
    const read = (column: string) => (table === 'users' && column === 'personal_context' ? 'app.own_personal_context(id)' : `"${column}"`);
    const result = await client.query<Record<string, string | null>>(
      `select ${columns.map((column) => `${read(column)}::text as "${column}"`).join(', ')} from public."${table}" ${self} order by id`,
    );
    await client.query('commit');
    return result.rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const column of columns) {
        const value = row[column] ?? null;
        const type = typeOf.get(column);
        if (value === null) out[column] = null;
        else if (type === 'timestamptz') out[column] = parsePgTimestamp(value);
        else if (type === 'bool') out[column] = value === 't' || value === 'true' ? 1 : 0;
        else if (type === 'int4' || type === 'int2' || type === 'int8' || type === 'float4' || type === 'float8') out[column] = Number(value);
        else out[column] = value;
      }
      return out;
    });
  } finally {
    client.release();
  }
}

/** Rows of `table` in the SQLite mirror, ordered like {@link readAsUser}. */
export function readMirror(db: AppDb, table: string, columns: readonly string[]): Record<string, unknown>[] {
  return db.raw.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY id`).all() as Record<string, unknown>[];
}
