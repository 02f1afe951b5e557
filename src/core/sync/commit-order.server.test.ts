import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNCED_TABLES } from '../../shared/sync/tables';
import { createCore, type CoreApi } from '../create-core';
import { createMemorySecretStore, type SecretStore } from '../ports';
import { readAsUser, readMirror, startServerProcess, type ServerProcess } from './testing/server-process';

const COMPARED = ['users', 'organizations', 'organization_members', 'sessions', 'transcripts', 'smart_notes'] as const;
const WRITERS = 6;
const COMMITS_PER_WRITER = 170;

let server: ServerProcess;
let dir: string;

function openCore(name: string, secrets: SecretStore): CoreApi {
  return createCore({ databasePath: join(dir, `${name}.sqlite`), dataDir: join(dir, name), secrets });
}

// A small deterministic PRNG so a failing run can be replayed.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

let commitCount = 0;

async function post(token: string, mutations: unknown[]): Promise<void> {
  commitCount += 1;
  const response = await fetch(`${server.url}/v1/mutations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mutations }),
  });
  if (!response.ok) throw new Error(`mutations failed: ${response.status} ${await response.text()}`);
}

/** One writer: sessions (some private), transcripts, notes, updates and deletes, one commit per POST. */
async function write(token: string, userId: string, orgId: string, seed: number, commits: number): Promise<void> {
  const next = random(seed);
  const sessions: { id: string; seq: number; transcripts: string[] }[] = [];
  for (let i = 0; i < commits; i += 1) {
    const roll = next();
    const session = sessions[Math.floor(next() * sessions.length)];
    const at = Date.UTC(2026, 0, 5) + i * 1000 + seed;
    if (!session || roll < 0.2) {
      const id = randomUUID();
      sessions.push({ id, seq: 0, transcripts: [] });
      const visibility = next() < 0.75 ? 'organization' : 'private';
      await post(token, [
        { id: randomUUID(), table: 'sessions', op: 'insert', row: { id, user_id: userId, organization_id: orgId, title: `W${seed} #${i}`, visibility, created_at: at, updated_at: at } },
      ]);
    } else if (roll < 0.65) {
      const lines = [];
      for (let n = 0; n < 1 + Math.floor(next() * 3); n += 1) {
        session.seq += 1;
        const id = randomUUID();
        session.transcripts.push(id);
        lines.push({
          id: randomUUID(),
          table: 'transcripts',
          op: 'insert',
          row: { id, session_id: session.id, content: `line ${session.seq}`, speaker: 'me', is_owner: 1, sequence_number: session.seq, start_time_seconds: session.seq, created_at: at },
        });
      }
      await post(token, lines);
    } else if (roll < 0.8) {
      await post(token, [{ id: randomUUID(), table: 'sessions', op: 'update', key: session.id, changes: { title: `W${seed} edit ${i}`, updated_at: at } }]);
    } else if (roll < 0.88) {
      await post(token, [
        { id: randomUUID(), table: 'smart_notes', op: 'insert', row: { id: randomUUID(), session_id: session.id, user_id: userId, organization_id: orgId, category: 'key_point', content: `note ${i}`, created_at: at, updated_at: at } },
      ]);
    } else if (roll < 0.97 && session.transcripts.length > 0) {
      const gone = session.transcripts.splice(Math.floor(next() * session.transcripts.length), 1)[0];
      await post(token, [{ id: randomUUID(), table: 'transcripts', op: 'delete', key: gone }]);
    } else if (roll < 0.985) {
      const visibility = next() < 0.5 ? 'private' : 'organization';
      await post(token, [{ id: randomUUID(), table: 'sessions', op: 'update', key: session.id, changes: { visibility, updated_at: at } }]);
    } else {
      sessions.splice(sessions.indexOf(session), 1);
      await post(token, [{ id: randomUUID(), table: 'sessions', op: 'delete', key: session.id }]);
    }
  }
}

async function mirrorMatches(core: CoreApi, userId: string): Promise<string[]> {
  const differences: string[] = [];
  for (const table of COMPARED) {
    const columns = SYNCED_TABLES[table];
    const expected = await readAsUser(server.pool, userId, table, columns);
    const actual = readMirror(core.internals.db, table, columns);
    if (JSON.stringify(actual) !== JSON.stringify(expected)) differences.push(`${table}: mirror ${actual.length} rows, server ${expected.length}`);
  }
  return differences;
}

async function eventually(check: () => Promise<string[]>, timeoutMs = 60_000): Promise<string[]> {
  const start = Date.now();
  let last = await check();
  while (last.length > 0 && Date.now() - start < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    last = await check();
  }
  return last;
}

// The same run against the server on Postgres 15 and on its embedded PGlite (no DATABASE_URL).
describe.each(['postgres', 'pglite'] as const)('desktop mirror under concurrent writers (%s)', (backend) => {
  beforeAll(async () => {
    commitCount = 0;
    server = await startServerProcess('lc_b2_commit_order', { embedded: backend === 'pglite' });
    dir = mkdtempSync(join(tmpdir(), 'lc-b2-core-'));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`equals what Postgres shows the user after ${WRITERS} writers × ${COMMITS_PER_WRITER} commits, with a restart halfway`, async () => {
    const reader = await server.signUp(`reader-${randomUUID()}@example.test`);
    const outsider = await server.signUp(`outsider-${randomUUID()}@example.test`);
    const writers = [];
    for (let i = 0; i < WRITERS; i += 1) {
      const writer = await server.signUp(`writer-${i}-${randomUUID()}@example.test`);
      await server.pool.query(`insert into organization_members (organization_id, user_id, role) values ($1, $2, 'member')`, [reader.orgId, writer.userId]);
      writers.push(writer);
    }
    const secrets = createMemorySecretStore();
    let core = openCore('reader', secrets);
    await core['sync.signIn']({ serverUrl: server.url, email: reader.email, password: 'correct horse battery' });

    const done = writers.map((writer, index) => write(writer.accessToken, writer.userId, reader.orgId, index + 1, COMMITS_PER_WRITER));
    // Halfway through the writers' commits the desktop quits and starts again from its SQLite file.
    let restarted = false;
    const restart = (async () => {
      while (commitCount < (WRITERS * COMMITS_PER_WRITER) / 2) await new Promise((resolve) => setTimeout(resolve, 25));
      await core.close();
      core = openCore('reader', secrets);
      restarted = true;
    })();
    // The outsider's organization is busy too; none of it may reach the reader.
    done.push(write(outsider.accessToken, outsider.userId, outsider.orgId, 99, 60));
    await Promise.all(done);
    await restart;
    expect(restarted).toBe(true);

    const [commits] = (await server.pool.query<{ n: string }>(`select count(*) as n from sync_mutations`)).rows;
    expect(Number(commits?.n)).toBeGreaterThanOrEqual(WRITERS * COMMITS_PER_WRITER);
    const differences = await eventually(() => mirrorMatches(core, reader.userId));
    expect(differences).toEqual([]);
    const sessions = readMirror(core.internals.db, 'sessions', ['id', 'organization_id']);
    expect(sessions.length).toBeGreaterThan(50);
    expect(sessions.every((row) => row['organization_id'] === reader.orgId)).toBe(true);
    await core.close();
  });
});
