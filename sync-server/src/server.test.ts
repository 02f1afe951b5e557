import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './env';
import { createServerLogger } from './log';
import { startServer } from './server';
import { createTestDatabase } from './testing/test-app';

let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'lc-b1-boot-'));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

describe('boot on embedded PGlite (no DATABASE_URL, no JWT_SECRET)', () => {
  it('migrates, serves health/readiness and auth over pg, and keeps data and secret across restarts', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' });
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    const first = await startServer(config, createServerLogger('silent'));
    let accessToken: string;
    try {
      expect(first.databaseUrl).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${first.url}/readyz`);
      expect(ready.status).toBe(200);
      expect((await json(ready)).status).toBe('ready');

      const signup = await fetch(`${first.url}/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'boot@example.com', password: 'embedded password' }),
      });
      expect(signup.status).toBe(201);
      accessToken = (await json(signup))['accessToken'] as string;
      const auth = { authorization: `Bearer ${accessToken}` };
      const orgs = await fetch(`${first.url}/v1/organizations`, { headers: auth });
      expect((await json(orgs))['organizations']).toHaveLength(1);

      // The sync path is wired in: a mutation applied under RLS shows up in the user's shape.
      const me = (await json(await fetch(`${first.url}/v1/me`, { headers: auth })))['user'] as { id: string; currentOrganizationId: string };
      const sessionId = randomUUID();
      const mutation = await fetch(`${first.url}/v1/mutations`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          mutations: [{ id: randomUUID(), table: 'sessions', op: 'insert', row: { id: sessionId, user_id: me.id, organization_id: me.currentOrganizationId, title: 'Boot check' } }],
        }),
      });
      expect(mutation.status).toBe(200);
      const shape = await fetch(`${first.url}/v1/shape?table=sessions&offset=-1`, { headers: auth });
      expect(shape.status).toBe(200);
      expect(JSON.stringify(await shape.json())).toContain(sessionId);
    } finally {
      await first.close();
    }

    const again = loadConfig({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' });
    expect(again.jwtSecret).toBe(config.jwtSecret);
    const second = await startServer(again, createServerLogger('silent'));
    try {
      const me = await fetch(`${second.url}/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(me.status).toBe(200);
      const login = await fetch(`${second.url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'boot@example.com', password: 'embedded password' }),
      });
      expect(login.status).toBe(200);
    } finally {
      await second.close();
    }
  });
});

/** Runs `npm run server`'s entry with the given env; resolves with exit code and stderr. */
function runMain(env: Record<string, string>, onStderr?: (text: string, kill: () => void) => void): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr, () => child.kill('SIGTERM'));
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('main entry', () => {
  it('exits 2 with a clear message on invalid configuration', async () => {
    const result = await runMain({ PORT: 'not-a-port', DATABASE_URL: 'mysql://x', DATA_DIR: dataDir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid sync server configuration');
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('DATABASE_URL: must be a postgres:// URL');
  });

  it('starts on DATABASE_URL and shuts down cleanly on SIGTERM', async () => {
    const db = await createTestDatabase();
    let healthStatus = 0;
    let isChecking = false;
    const env = { PORT: '0', DATA_DIR: join(dataDir, 'main'), LOG_LEVEL: 'info', DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${db.name}` };
    const result = await runMain(env, (stderr, kill) => {
      const url = /"url":"(http:\/\/[^"]+)"/.exec(stderr)?.[1];
      if (url === undefined || isChecking) return;
      isChecking = true;
      void fetch(`${url}/readyz`).then((response) => {
        healthStatus = response.status;
        kill();
      });
    }).finally(() => db.drop());
    expect(healthStatus).toBe(200);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('"msg":"stopped"');
  });
});
