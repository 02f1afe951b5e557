import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationBatchResponse, MutationResult } from '../../../src/shared/sync/mutations';
import { ConfigError, loadConfig } from '../env';
import { createServerLogger } from '../log';
import { DEFAULT_MUTATION_RETENTION_MS, MUTATION_PURGE_MARGIN_MS, purgeMutationOutcomes, startMutationPurge } from './mutation-retention';
import { startSyncTestServer, type SyncTestServer } from './test-server';

const DAY = 86_400_000;
let server: SyncTestServer;

beforeAll(async () => {
  server = await startSyncTestServer('lc_b2_mutation_retention');
});
afterAll(async () => {
  await server?.close();
});

async function post(token: string, mutations: unknown[], sentAt?: number): Promise<MutationBatchResponse> {
  const response = await fetch(`${server.url}/v1/mutations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(sentAt === undefined ? { mutations } : { mutations, sent_at: sentAt }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as MutationBatchResponse;
}

const outcome = (result: MutationResult | undefined) => (result?.status === 'applied' ? 'applied' : result?.error.code);

async function title(sessionId: string): Promise<unknown> {
  const [row] = await server.service(async (query) => query('select title from sessions where id = $1', [sessionId]));
  return row?.['title'];
}

async function newSession(user: { userId: string; orgId: string; token: string }, name: string): Promise<string> {
  const id = randomUUID();
  const [result] = (await post(user.token, [{ id: randomUUID(), table: 'sessions', op: 'insert', row: { id, user_id: user.userId, organization_id: user.orgId, title: name } }])).results;
  expect(outcome(result)).toBe('applied');
  return id;
}

describe('mutation outcomes: retention and purge', () => {
  it('a retry within the window is a no-op, even when its first send is older than the window while its outcome is kept', async () => {
    const user = await server.createUser();
    const firstSentAt = Date.now() - DAY;
    const insert = { id: randomUUID(), table: 'transcripts', op: 'insert', first_sent_at: firstSentAt, row: { id: randomUUID(), session_id: await newSession(user, 'Retry'), content: 'once', speaker: 'me', is_owner: 1, sequence_number: 1 } };
    const first = await post(user.token, [insert]);
    expect(outcome(first.results[0])).toBe('applied');
    const again = await post(user.token, [insert]);
    expect(again.results).toEqual(first.results);
    // 31 days on (the outcome is still recorded: purge has not run) the recorded result still answers.
    const late = await post(user.token, [{ ...insert, first_sent_at: firstSentAt - 31 * DAY }]);
    expect(late.results).toEqual(first.results);
    const [row] = await server.service(async (query) => query('select count(*)::int as n from transcripts where content = $1 and id = $2', ['once', insert.row.id]));
    expect(row?.['n']).toBe(1);
  });

  it('after the purge an old retry is refused with sync.mutation_expired and changes nothing', async () => {
    const user = await server.createUser();
    const sessionId = await newSession(user, 'Draft');
    const sentAt = Date.now() - 60_000;
    const edit = { id: randomUUID(), table: 'sessions', op: 'update', key: sessionId, changes: { title: 'Old edit' }, first_sent_at: sentAt };
    expect(outcome((await post(user.token, [edit])).results[0])).toBe('applied');
    // Someone edits the session afterwards.
    expect(outcome((await post(user.token, [{ id: randomUUID(), table: 'sessions', op: 'update', key: sessionId, changes: { title: 'Newer edit' } }])).results[0])).toBe('applied');

    // 32 days pass: the outcome ages past window + margin and the purge removes it. Moving the
    // record and the client's first send back by the same span stands in for the clock moving on.
    const shift = DEFAULT_MUTATION_RETENTION_MS + MUTATION_PURGE_MARGIN_MS + DAY;
    await server.service(async (query) => query(`update sync_mutations set created_at = created_at - $2::float8 * interval '1 millisecond' where id = $1`, [edit.id, shift]));
    expect(await purgeMutationOutcomes(server.pool, { retentionMs: DEFAULT_MUTATION_RETENTION_MS })).toBeGreaterThanOrEqual(1);
    expect(await server.service(async (query) => query('select 1 from sync_mutations where id = $1', [edit.id]))).toEqual([]);

    const retry = await post(user.token, [{ ...edit, first_sent_at: sentAt - shift }]);
    expect(retry.results[0]).toMatchObject({ id: edit.id, status: 'rejected', error: { code: 'sync.mutation_expired' } });
    const message = retry.results[0]?.status === 'rejected' ? retry.results[0].error.message : '';
    expect(message).toContain('30 days');
    expect(await title(sessionId)).toBe('Newer edit');
    // The refusal is recorded like any outcome: the next retry gets the same answer.
    expect((await post(user.token, [{ ...edit, first_sent_at: sentAt - shift }])).results).toEqual(retry.results);
    expect(await title(sessionId)).toBe('Newer edit');
  });

  it('applies new mutations with no first_sent_at, a recent one, or one slightly ahead; refuses one far ahead', async () => {
    const user = await server.createUser();
    const sessionId = await newSession(user, 'Start');
    const update = (title: string, firstSentAt?: number) => ({
      id: randomUUID(),
      table: 'sessions',
      op: 'update',
      key: sessionId,
      changes: { title },
      ...(firstSentAt === undefined ? {} : { first_sent_at: firstSentAt }),
    });
    const body = await post(user.token, [update('No timing'), update('Recent', Date.now() - 29 * DAY), update('Slightly ahead', Date.now() + 5 * 60_000)]);
    expect(body.results.map(outcome)).toEqual(['applied', 'applied', 'applied']);
    expect(await title(sessionId)).toBe('Slightly ahead');

    const ahead = await post(user.token, [update('Far ahead', Date.now() + 2 * 3_600_000), update('Expired', Date.now() - 31 * DAY)]);
    expect(ahead.results.map(outcome)).toEqual(['sync.clock_skew', 'sync.mutation_expired']);
    expect(await title(sessionId)).toBe('Slightly ahead');
  });

  it('ages mutations on the client clock when the batch says what time it is there (sent_at)', async () => {
    const user = await server.createUser();
    const sessionId = await newSession(user, 'Start');
    const update = (title: string, firstSentAt: number) => ({ id: randomUUID(), table: 'sessions', op: 'update', key: sessionId, changes: { title }, first_sent_at: firstSentAt });
    // A device whose clock is 300 days behind (or ahead): new and recent mutations still apply.
    for (const [offset, label] of [[-300 * DAY, 'behind'], [300 * DAY, 'ahead']] as const) {
      const deviceNow = Date.now() + offset;
      const body = await post(user.token, [update(`Clock ${label}`, deviceNow), update(`Clock ${label}, day-old retry`, deviceNow - DAY)], deviceNow);
      expect(body.results.map(outcome)).toEqual(['applied', 'applied']);
      const refused = await post(user.token, [update('Stale', deviceNow - 31 * DAY), update('Clock went back', deviceNow + 2 * 3_600_000)], deviceNow);
      expect(refused.results.map(outcome)).toEqual(['sync.mutation_expired', 'sync.clock_skew']);
      expect(await title(sessionId)).toBe(`Clock ${label}, day-old retry`);
    }
    const bad = await fetch(`${server.url}/v1/mutations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mutations: [update('Bad', Date.now())], sent_at: 'now' }),
    });
    expect(bad.status).toBe(400);
  });

  it('answers 400 for a malformed first_sent_at and applies nothing', async () => {
    const user = await server.createUser();
    const sessionId = await newSession(user, 'Kept');
    for (const value of ['yesterday', -1, 1.5, null]) {
      const response = await fetch(`${server.url}/v1/mutations`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ mutations: [{ id: randomUUID(), table: 'sessions', op: 'update', key: sessionId, changes: { title: 'Bad' }, first_sent_at: value }] }),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('validation.invalid_input');
    }
    expect(await title(sessionId)).toBe('Kept');
  });

  it('the purge deletes only outcomes older than the window plus the margin', async () => {
    const userId = randomUUID();
    const ages = { purged: 32 * DAY, pastWindowInMargin: 30 * DAY + 3_600_000, recent: 2 * DAY, fresh: 0 };
    const ids = Object.fromEntries(Object.keys(ages).map((name) => [name, randomUUID()])) as Record<keyof typeof ages, string>;
    await server.service(async (query) => {
      for (const [name, age] of Object.entries(ages)) {
        const id = ids[name as keyof typeof ages];
        const result = JSON.stringify({ id, status: 'applied', txid: '1' });
        await query(
          `insert into sync_mutations (user_id, id, table_name, status, result, created_at)
           values ($1, $2, 'sessions', 'applied', $3, now() - $4::float8 * interval '1 millisecond')`,
          [userId, id, result, age],
        );
      }
      return undefined;
    });
    expect(await purgeMutationOutcomes(server.pool, { retentionMs: DEFAULT_MUTATION_RETENTION_MS })).toBe(1);
    const left = await server.service(async (query) => query('select id from sync_mutations where user_id = $1 order by created_at', [userId]));
    expect(left.map((row) => row['id'])).toEqual([ids.pastWindowInMargin, ids.recent, ids.fresh]);
    // A shorter window (configured) purges more.
    expect(await purgeMutationOutcomes(server.pool, { retentionMs: 0 })).toBeGreaterThanOrEqual(1);
    const after = await server.service(async (query) => query('select id from sync_mutations where user_id = $1', [userId]));
    expect(after.map((row) => row['id'])).toEqual([ids.fresh]);
  });
});

describe('the purge loop', () => {
  it('purges at start and again each period until stopped', async () => {
    const insertOld = async (): Promise<string> => {
      const id = randomUUID();
      await server.service(async (query) =>
        query(
          `insert into sync_mutations (user_id, id, table_name, status, result, created_at)
           values ($1, $1, 'sessions', 'applied', '{}', now() - interval '40 days')`,
          [id],
        ),
      );
      return id;
    };
    const exists = async (id: string) => (await server.service(async (query) => query('select 1 from sync_mutations where id = $1', [id]))).length > 0;
    const until = async (condition: () => Promise<boolean>) => {
      const start = Date.now();
      while (!(await condition())) {
        if (Date.now() - start > 10_000) throw new Error('condition not met in time');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const atStart = await insertOld();
    const purge = startMutationPurge({ db: server.pool, retentionMs: DEFAULT_MUTATION_RETENTION_MS, intervalMs: 50, log: createServerLogger('silent') });
    try {
      await until(async () => !(await exists(atStart)));
      const later = await insertOld();
      await until(async () => !(await exists(later)));
    } finally {
      await purge.stop();
    }
    const afterStop = await insertOld();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await exists(afterStop)).toBe(true);
  });
});

describe('SYNC_MUTATION_RETENTION_DAYS', () => {
  it('defaults to 30 days, takes whole days and refuses zero or junk', () => {
    const base = { DATA_DIR: '/nonexistent-data-dir-for-tests', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(base).mutationRetentionMs).toBe(DEFAULT_MUTATION_RETENTION_MS);
    expect(loadConfig({ ...base, SYNC_MUTATION_RETENTION_DAYS: '7' }).mutationRetentionMs).toBe(7 * DAY);
    for (const value of ['0', '1.5', 'month']) expect(() => loadConfig({ ...base, SYNC_MUTATION_RETENTION_DAYS: value })).toThrow(ConfigError);
  });
});
