import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationBatchResponse } from '../../../../src/shared/sync/mutations';
import { startSyncTestServer, type SyncTestServer } from '../../sync/test-server';

let server: SyncTestServer;

beforeAll(async () => {
  server = await startSyncTestServer('lc_b2_mutations');
});
afterAll(async () => {
  await server?.close();
});

async function post(token: string, body: unknown, raw = false): Promise<Response> {
  return fetch(`${server.url}/v1/mutations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
}

async function count(table: string): Promise<number> {
  const [row] = await server.service(async (query) => query(`select count(*)::int as n from ${table}`));
  return Number(row?.['n']);
}

describe('POST /v1/mutations', () => {
  it('applies a batch once: a retried batch returns the same results and changes nothing', async () => {
    const user = await server.createUser();
    const sessionId = randomUUID();
    const batch = {
      mutations: [
        {
          id: randomUUID(),
          table: 'sessions',
          op: 'insert',
          row: { id: sessionId, user_id: user.userId, organization_id: user.orgId, title: 'Plan', participants: '[]', created_at: 1_767_600_000_000, updated_at: 1_767_600_000_000 },
        },
        { id: randomUUID(), table: 'transcripts', op: 'insert', row: { id: randomUUID(), session_id: sessionId, content: 'hello', speaker: 'me', is_owner: 1, sequence_number: 1, created_at: 1_767_600_001_000 } },
        { id: randomUUID(), table: 'sessions', op: 'update', key: sessionId, changes: { title: 'Plan v2', updated_at: 1_767_600_002_000 } },
      ],
    };
    const first = await post(user.token, batch);
    expect(first.status).toBe(200);
    const body = (await first.json()) as MutationBatchResponse;
    expect(body.results.map((result) => result.status)).toEqual(['applied', 'applied', 'applied']);
    expect(body.results.every((result) => result.status === 'applied' && result.txid === body.txid)).toBe(true);

    const again = (await (await post(user.token, batch)).json()) as MutationBatchResponse;
    expect(again.results).toEqual(body.results);
    expect(await count(`transcripts where session_id = '${sessionId}'`)).toBe(1);
    const [session] = await server.service(async (query) =>
      query(`select title, is_owner, (extract(epoch from s.created_at) * 1000)::bigint::text as created from sessions s join transcripts t on t.session_id = s.id where s.id = $1`, [sessionId]),
    );
    expect(session).toEqual({ title: 'Plan v2', is_owner: true, created: '1767600000000' });
  });

  it('rejects what RLS or constraints refuse, per mutation, and keeps the rest', async () => {
    const owner = await server.createUser();
    const stranger = await server.createUser();
    const theirs = randomUUID();
    await server.service(async (query) =>
      query(`insert into sessions (id, user_id, organization_id, title) values ($1, $2, $3, 'Theirs')`, [theirs, owner.userId, owner.orgId]),
    );
    const mine = randomUUID();
    const response = await post(stranger.token, {
      mutations: [
        { id: randomUUID(), table: 'sessions', op: 'update', key: theirs, changes: { title: 'Hijacked' } },
        { id: randomUUID(), table: 'sessions', op: 'insert', row: { id: randomUUID(), user_id: owner.userId, title: 'Forged owner' } },
        { id: randomUUID(), table: 'sessions', op: 'insert', row: { id: mine, user_id: stranger.userId, title: 'Mine' } },
        { id: randomUUID(), table: 'sessions', op: 'insert', row: { id: mine, user_id: stranger.userId, title: 'Duplicate' } },
        { id: randomUUID(), table: 'sessions', op: 'update', key: randomUUID(), changes: { title: 'Nobody' } },
        { id: randomUUID(), table: 'sessions', op: 'delete', key: theirs },
      ],
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as MutationBatchResponse;
    expect(body.results.map((result) => (result.status === 'applied' ? 'applied' : result.error.code))).toEqual([
      'auth.forbidden',
      'auth.forbidden',
      'applied',
      'db.constraint',
      'sync.not_found',
      'auth.forbidden',
    ]);
    const [row] = await server.service(async (query) => query(`select title from sessions where id = $1`, [theirs]));
    expect(row?.['title']).toBe('Theirs');
    expect(await count(`sessions where id = '${mine}'`)).toBe(1);
  });

  it('answers 4xx with nothing changed for malformed JSON, unknown tables, ops, columns, wrong types and oversized batches', async () => {
    const user = await server.createUser();
    const before = await count('sessions');
    const good = { id: randomUUID(), table: 'sessions', op: 'insert', row: { id: randomUUID(), user_id: user.userId, title: 'Fine' } };
    const cases: unknown[] = [
      { mutations: [good, { id: randomUUID(), table: 'user_credentials', op: 'insert', row: { id: randomUUID() } }] },
      { mutations: [good, { id: randomUUID(), table: 'sessions', op: 'upsert', row: {} }] },
      { mutations: [good, { id: randomUUID(), table: 'sessions', op: 'update', key: randomUUID(), changes: { stripe_id: 'x' } }] },
      { mutations: [good, { id: randomUUID(), table: 'sessions', op: 'update', key: randomUUID(), changes: { recording_duration_seconds: 'long' } }] },
      { mutations: [good, { id: 'not-a-uuid', table: 'sessions', op: 'delete', key: randomUUID() }] },
      { mutations: [good, good] },
      { mutations: Array.from({ length: 501 }, () => ({ ...good, id: randomUUID() })) },
      { mutations: [] },
    ];
    for (const body of cases) {
      const response = await post(user.token, body);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      const error = ((await response.json()) as { error: { code: string; message: string } }).error;
      expect(error.code).toMatch(/^validation\./);
      expect(error.message.length).toBeGreaterThan(0);
    }
    const malformed = await post(user.token, '{"mutations": [', true);
    expect(malformed.status).toBe(400);
    expect((await post('bad-token', { mutations: [good] })).status).toBe(401);
    expect(await count('sessions')).toBe(before);
  });
});
