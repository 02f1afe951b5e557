import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncMutationRejected, SyncStatus } from '../../shared/ipc/contracts/sync';
import { SYNCED_TABLES } from '../../shared/sync/tables';
import { createCore, type CoreApi } from '../create-core';
import { createMemorySecretStore, type SecretStore } from '../ports';
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
});
