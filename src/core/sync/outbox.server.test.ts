import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncMutationRejected, SyncStatus } from '../../shared/ipc/contracts/sync';
import { SYNCED_TABLES } from '../../shared/sync/tables';
import { createCore, type CoreApi } from '../create-core';
import { openDatabase } from '../db/open-database';
import { createMemorySecretStore, type SecretStore } from '../ports';
import { adoptLocalRows } from './change-capture';
import { createSyncEngine } from './sync-engine';
import { readAsUser, readMirror, startServerProcess, type ServerProcess } from './testing/server-process';

const PASSWORD = 'correct horse battery';
let server: ServerProcess;
let dir: string;

beforeAll(async () => {
  server = await startServerProcess('lc_b2_outbox');
  dir = mkdtempSync(join(tmpdir(), 'lc-b2-outbox-'));
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function openCore(name: string, secrets: SecretStore = createMemorySecretStore()): CoreApi {
  return createCore({ databasePath: join(dir, `${name}.sqlite`), dataDir: join(dir, name), secrets });
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function mirrorEqualsServer(core: CoreApi, userId: string, tables: readonly (keyof typeof SYNCED_TABLES)[]): Promise<boolean> {
  for (const table of tables) {
    const columns = SYNCED_TABLES[table];
    const expected = await readAsUser(server.pool, userId, table, columns);
    if (JSON.stringify(readMirror(core.internals.db, table, columns)) !== JSON.stringify(expected)) return false;
  }
  return true;
}

function session(userId: string, orgId: string, title: string, at: number) {
  return { id: randomUUID(), user_id: userId, organization_id: orgId, title, visibility: 'organization', status: 'draft', participants: '[]', recording_duration_seconds: 0, created_at: at, updated_at: at };
}

describe('outbox and convergence', () => {
  it('converges two devices of one user when one was offline and both wrote', async () => {
    const email = `two-devices-${randomUUID()}@example.test`;
    const user = await server.signUp(email, PASSWORD);
    const laptop = openCore('laptop');
    const desktop = openCore('desktop');
    const statuses: SyncStatus[] = [];
    laptop.subscribe((event, payload) => {
      if (event === 'sync.statusChanged') statuses.push(payload as SyncStatus);
    });
    await laptop['sync.signIn']({ serverUrl: server.url, email, password: PASSWORD });
    await desktop['sync.signIn']({ serverUrl: server.url, email, password: PASSWORD });

    const at = Date.UTC(2026, 0, 5, 9);
    const shared = session(user.userId, user.orgId, 'Kickoff', at);
    laptop.internals.sync.outbox.insert('sessions', shared);
    laptop.internals.sync.flush();
    await until(() => desktop.internals.db.raw.prepare('SELECT 1 FROM sessions WHERE id = ?').get(shared.id) !== undefined);

    // The desktop goes offline and keeps working; the laptop keeps writing online.
    await desktop.internals.sync.close();
    const offline = session(user.userId, user.orgId, 'Written offline', at + 1000);
    desktop.internals.sync.outbox.insert('sessions', offline);
    for (let n = 1; n <= 3; n += 1) {
      desktop.internals.sync.outbox.insert('transcripts', {
        id: randomUUID(), session_id: offline.id, content: `offline ${n}`, speaker: 'me', is_owner: 1, sequence_number: n,
        start_time_seconds: n, end_time_seconds: n + 1, duration_seconds: 1, created_at: at + n,
      });
    }
    desktop.internals.sync.outbox.update('sessions', shared.id, { title: 'Kickoff (desktop)', updated_at: at + 5000 });
    laptop.internals.sync.outbox.update('sessions', shared.id, { title: 'Kickoff (laptop)', updated_at: at + 4000 });
    const online = session(user.userId, user.orgId, 'Written online', at + 2000);
    laptop.internals.sync.outbox.insert('sessions', online);
    laptop.internals.sync.flush();
    await until(async () => (await laptop['sync.status']({})).pending === 0);
    expect(desktop.internals.db.raw.prepare('SELECT 1 FROM sessions WHERE id = ?').get(online.id)).toBeUndefined();

    await desktop.internals.sync.resume();
    const tables = ['sessions', 'transcripts'] as const;
    await until(async () => (await mirrorEqualsServer(laptop, user.userId, tables)) && (await mirrorEqualsServer(desktop, user.userId, tables)));
    const titles = readMirror(laptop.internals.db, 'sessions', ['id', 'title']).map((row) => row['title']);
    expect(titles.sort()).toEqual(['Kickoff (desktop)', 'Written offline', 'Written online']);
    expect(readMirror(laptop.internals.db, 'transcripts', ['id', 'content']).map((row) => row['content']).sort()).toEqual(['offline 1', 'offline 2', 'offline 3']);
    await until(async () => (await desktop['sync.status']({})).pending === 0).catch((error: unknown) => {
      const rows = [desktop.internals.db.raw.prepare('SELECT table_name, op, status, txid FROM outbox').all(), desktop.internals.db.raw.prepare("SELECT table_name, shape_offset, is_up_to_date FROM sync_state WHERE table_name IN ('sessions','transcripts')").all()];
      throw new Error(`outbox ${JSON.stringify(rows)}`, { cause: error });
    });
    await until(() => statuses.at(-1)?.state === 'synced').catch((error: unknown) => {
      throw new Error(`last status ${JSON.stringify(statuses.at(-1))}`, { cause: error });
    });
    await laptop.close();
    await desktop.close();
  });

  it('rolls back a write the server rejects and says why', async () => {
    const ownerEmail = `owner-${randomUUID()}@example.test`;
    const owner = await server.signUp(ownerEmail, PASSWORD);
    const memberEmail = `member-${randomUUID()}@example.test`;
    const member = await server.signUp(memberEmail, PASSWORD);
    await server.pool.query(`insert into organization_members (organization_id, user_id, role) values ($1, $2, 'member')`, [owner.orgId, member.userId]);
    const sessionId = randomUUID();
    await server.pool.query(`insert into sessions (id, user_id, organization_id, title, visibility) values ($1, $2, $3, 'Board review', 'organization')`, [
      sessionId,
      owner.userId,
      owner.orgId,
    ]);

    const core = openCore('member');
    const rejections: SyncMutationRejected[] = [];
    core.subscribe((event, payload) => {
      if (event === 'sync.mutationRejected') rejections.push(payload as SyncMutationRejected);
    });
    await core['sync.signIn']({ serverUrl: server.url, email: memberEmail, password: PASSWORD });
    await until(() => core.internals.db.raw.prepare('SELECT 1 FROM sessions WHERE id = ?').get(sessionId) !== undefined);

    core.internals.sync.outbox.update('sessions', sessionId, { title: 'Renamed by a member' });
    expect(readMirror(core.internals.db, 'sessions', ['id', 'title'])).toContainEqual({ id: sessionId, title: 'Renamed by a member' });
    core.internals.sync.flush();
    await until(() => rejections.length > 0);
    expect(rejections[0]).toMatchObject({ table: 'sessions', rowId: sessionId, op: 'update', code: 'auth.forbidden' });
    expect(readMirror(core.internals.db, 'sessions', ['id', 'title'])).toContainEqual({ id: sessionId, title: 'Board review' });
    const [row] = (await server.pool.query<{ title: string }>('select title from sessions where id = $1', [sessionId])).rows;
    expect(row?.title).toBe('Board review');
    await core.close();
  });

  it('sends a write made offline 40 days ago as new, and its retry after a lost response with the same first_sent_at (device clock 300 days behind)', async () => {
    const user = await server.signUp(`lost-response-${randomUUID()}@example.test`, PASSWORD);
    const db = openDatabase(join(dir, 'lost-response.sqlite'));
    adoptLocalRows(db, { userId: user.userId, organizationId: user.orgId });
    const bodies: { mutations: { id: string; first_sent_at?: number }[]; sent_at?: number }[] = [];
    // A device clock far off is no reason to refuse: ages are measured on the device's own clock.
    const deviceNow = () => Date.now() - 300 * 86_400_000;
    let posts = 0;
    // The first POST reaches the server, but its answer is lost on the way back.
    const lossy: typeof fetch = async (input, init) => {
      const isMutation = String(input instanceof Request ? input.url : input).endsWith('/v1/mutations');
      if (isMutation) bodies.push(JSON.parse(String(init?.body)) as (typeof bodies)[number]);
      const response = await fetch(input, init);
      if (isMutation && (posts += 1) === 1) {
        await response.arrayBuffer();
        throw new TypeError('fetch failed: connection reset');
      }
      return response;
    };
    const rejections: unknown[] = [];
    const engine = createSyncEngine({
      db, serverUrl: server.url, getAccessToken: async () => user.accessToken, now: deviceNow, newId: randomUUID,
      fetch: lossy, tables: ['sessions'], onRejected: (rejected) => rejections.push(rejected),
    });
    const written = session(user.userId, user.orgId, 'Written offline', deviceNow() - 40 * 86_400_000);
    const entryId = engine.outbox.insert('sessions', written);
    db.raw.prepare('UPDATE outbox SET created_at = ? WHERE id = ?').run(written.created_at, entryId);
    engine.start();
    try {
      engine.flush();
      await until(() => (db.raw.prepare('SELECT status FROM outbox WHERE id = ?').get(entryId) as { status: string } | undefined)?.status !== 'pending' || rejections.length > 0);
      expect(rejections).toEqual([]);
      expect(posts).toBe(2);
      const sent = bodies.map((body) => body.mutations.find((mutation) => mutation.id === entryId)?.first_sent_at);
      expect(sent[0]).toBeGreaterThan(deviceNow() - 60_000);
      expect(sent[1]).toBe(sent[0]);
      expect(bodies[1]?.sent_at).toBeGreaterThan(sent[0] ?? Infinity);
      const rows = (await server.pool.query<{ n: number }>('select count(*)::int as n from sessions where id = $1', [written.id])).rows;
      expect(rows[0]?.n).toBe(1);
    } finally {
      await engine.stop();
      db.raw.close();
    }
  });

  it('rolls back a write whose first send is older than the server keeps outcomes and says why', async () => {
    const email = `expired-${randomUUID()}@example.test`;
    const user = await server.signUp(email, PASSWORD);
    const core = openCore('expired');
    const rejections: SyncMutationRejected[] = [];
    core.subscribe((event, payload) => {
      if (event === 'sync.mutationRejected') rejections.push(payload as SyncMutationRejected);
    });
    await core['sync.signIn']({ serverUrl: server.url, email, password: PASSWORD });
    const written = session(user.userId, user.orgId, 'Retried for a month', Date.now() - 31 * 86_400_000);
    // Queued and (as far as this device knows) first sent 31 days ago, in one synchronous step.
    core.internals.db.transaction(() => {
      const entryId = core.internals.sync.outbox.insert('sessions', written);
      core.internals.db.raw.prepare('UPDATE outbox SET first_sent_at = ? WHERE id = ?').run(written.created_at, entryId);
    });
    core.internals.sync.flush();
    await until(() => rejections.length > 0);
    expect(rejections[0]).toMatchObject({ table: 'sessions', rowId: written.id, op: 'insert', code: 'sync.mutation_expired' });
    expect(rejections[0]?.message).toMatch(/30 days/);
    expect(core.internals.db.raw.prepare('SELECT 1 FROM sessions WHERE id = ?').get(written.id)).toBeUndefined();
    expect((await server.pool.query('select 1 from sessions where id = $1', [written.id])).rows).toEqual([]);
    await core.close();
  });
});
