import { randomUUID } from 'node:crypto';
import { Shape, ShapeStream, type Row, type ShapeStreamInterface } from '@electric-sql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationBatchResponse } from '../../../src/shared/sync/mutations';
import { startSyncTestServer, type SyncTestServer } from '../sync/test-server';
import { actAsAnon, actAsUser, attempt, withRootDb, type Attempt } from '../../test/db';

// Migration 0019: users.personal_context is readable only by its owner. Co-members still read each
// other's profile rows (users_select), so "colleague" is the case the row policy alone does not stop.
let server: SyncTestServer;
let owner: { userId: string; orgId: string; token: string };
let colleague: { userId: string; orgId: string; token: string };
let stranger: { userId: string; orgId: string; token: string };

beforeAll(async () => {
  server = await startSyncTestServer('lc_b2_personal_context', { liveTimeoutMs: 3_000 });
  owner = await server.createUser();
  colleague = await server.createUser({ orgId: owner.orgId, role: 'member' });
  stranger = await server.createUser();
  await server.service(async (query) => {
    await query(`update users set personal_context = 'owner: negotiating a raise' where id = $1`, [owner.userId]);
    await query(`update users set personal_context = 'colleague: new to sales' where id = $1`, [colleague.userId]);
    await query(`update users set personal_context = 'stranger: other company' where id = $1`, [stranger.userId]);
  });
});
afterAll(async () => {
  await server?.close();
});

function outcome(result: Attempt): unknown {
  return result.ok ? result.rows : result.code;
}

async function storedContext(userId: string): Promise<unknown> {
  const [row] = await server.service((query) => query('select personal_context from users where id = $1', [userId]));
  return row?.['personal_context'];
}

// Generous: other projects share the 2 cores, and a wait is not a performance check.
async function until(condition: () => boolean, timeoutMs = 45_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function usersShape(token: string, signal: AbortSignal): Shape<Row> {
  const stream = new ShapeStream<Row>({
    url: `${server.url}/v1/shape`,
    params: { table: 'users' },
    headers: { Authorization: `Bearer ${token}` },
    signal,
  });
  // The client's .d.ts is not written for exactOptionalPropertyTypes; the runtime object is the same.
  return new Shape(stream as unknown as ShapeStreamInterface<Row>);
}

async function postMutation(token: string, userId: string, personalContext: string): Promise<MutationBatchResponse> {
  const response = await fetch(`${server.url}/v1/mutations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      mutations: [{ id: randomUUID(), table: 'users', op: 'update', key: userId, changes: { personal_context: personalContext, updated_at: Date.now() } }],
    }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as MutationBatchResponse;
}

describe('users.personal_context at the SQL level', () => {
  it('a co-member and a stranger cannot read it by any select, while the co-member still reads the profile', async () => {
    await withRootDb(server.pool, async (client) => {
      for (const reader of [colleague.userId, stranger.userId]) {
        const reads = await actAsUser(client, reader, async () => [
          await attempt(client, 'select personal_context from users where id = $1', [owner.userId]),
          await attempt(client, 'select * from users where id = $1', [owner.userId]),
          await attempt(client, 'select to_jsonb(u) as row from users u where u.id = $1', [owner.userId]),
          // A filter on the column would reveal it a guess at a time.
          await attempt(client, `select id from users where id = $1 and personal_context like 'owner%'`, [owner.userId]),
          // So would returning it from a harmless update.
          await attempt(client, 'update users set full_name = full_name where id = $1 returning personal_context', [owner.userId]),
        ]);
        expect({ reader, outcomes: reads.map(outcome) }).toEqual({ reader, outcomes: ['42501', '42501', '42501', '42501', '42501'] });
      }
      const profile = await actAsUser(client, colleague.userId, () =>
        attempt(client, 'select full_name from users where id = $1', [owner.userId]),
      );
      expect(outcome(profile)).toEqual([{ full_name: 'Test User' }]);
    });
  });

  it('the owner-only function answers nothing for anyone else, and anon cannot call it', async () => {
    await withRootDb(server.pool, async (client) => {
      const mine = await actAsUser(client, owner.userId, () =>
        attempt(client, 'select app.own_personal_context(id) as value from users where id = $1', [owner.userId]),
      );
      expect(outcome(mine)).toEqual([{ value: 'owner: negotiating a raise' }]);
      for (const reader of [colleague.userId, stranger.userId]) {
        const theirs = await actAsUser(client, reader, () =>
          attempt(client, 'select app.own_personal_context($1) as value', [owner.userId]),
        );
        expect({ reader, outcome: outcome(theirs) }).toEqual({ reader, outcome: [{ value: null }] });
      }
      const anon = await actAsAnon(client, () => attempt(client, 'select app.own_personal_context($1) as value', [owner.userId]));
      expect(outcome(anon)).toBe('42501');
    });
  });

  it('the owner updates their own; a co-member or stranger updates nothing', async () => {
    await withRootDb(server.pool, async (client) => {
      for (const writer of [colleague.userId, stranger.userId]) {
        const write = await actAsUser(client, writer, () =>
          attempt(client, `update users set personal_context = 'overwritten' where id = $1`, [owner.userId]),
        );
        expect({ writer, outcome: write.ok ? write.rowCount : write.code }).toEqual({ writer, outcome: 0 });
      }
      const own = await actAsUser(client, owner.userId, async () => {
        const write = await attempt(client, `update users set personal_context = 'owner: raise agreed' where id = auth.uid()`);
        const read = await attempt(client, 'select app.own_personal_context(auth.uid()) as value');
        return { written: write.ok ? write.rowCount : write.code, read: outcome(read) };
      });
      expect(own).toEqual({ written: 1, read: [{ value: 'owner: raise agreed' }] });
    });
    expect(await storedContext(owner.userId)).toBe('owner: negotiating a raise');
  });

  it('no view, and no function authenticated may call, reads it other than the owner-only one', async () => {
    const views = await server.service((query) =>
      query(
        `select distinct v.oid::regclass::text as name
           from pg_depend d
           join pg_rewrite r on r.oid = d.objid and d.classid = 'pg_rewrite'::regclass
           join pg_class v on v.oid = r.ev_class
           join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
          where d.refobjid = 'public.users'::regclass and a.attname = 'personal_context' and v.oid <> d.refobjid`,
      ),
    );
    expect(views).toEqual([]);
    // Security-definer functions run with the owner's rights: any that touches users, returns a users
    // row or runs dynamic SQL could hand the column out. Triggers cannot be called directly.
    // (sync_audience matched too until migration 0021 made it service-role only.)
    const functions = await server.service((query) =>
      query(
        `select p.oid::regprocedure::text as name
           from pg_proc p
          where p.prosecdef and p.prorettype <> 'trigger'::regtype
            and (has_function_privilege('authenticated', p.oid, 'execute') or has_function_privilege('anon', p.oid, 'execute'))
            and (p.prosrc ~* '\\m(users|personal_context|execute)\\M' or p.prorettype = 'public.users'::regtype)
          order by 1`,
      ),
    );
    expect(functions.map((row) => row['name'])).toEqual(['app.own_personal_context(uuid)']);
  });
});

describe('users.personal_context through the sync server', () => {
  it("the users shape delivers each caller's own value only, and a mutation updating it reaches the shape", async () => {
    await server.feed.poll();
    const stop = new AbortController();
    const mine = usersShape(owner.token, stop.signal);
    const theirs = usersShape(colleague.token, stop.signal);
    expect((await mine.rows).map((row) => [row['id'], row['personal_context']])).toEqual([[owner.userId, 'owner: negotiating a raise']]);
    expect((await theirs.rows).map((row) => [row['id'], row['personal_context']])).toEqual([[colleague.userId, 'colleague: new to sales']]);

    const refused = await postMutation(colleague.token, owner.userId, 'written by a colleague');
    expect(refused.results.map((result) => result.status)).toEqual(['rejected']);
    expect(await storedContext(owner.userId)).toBe('owner: negotiating a raise');

    const applied = await postMutation(owner.token, owner.userId, 'owner: raise agreed');
    expect(applied.results.map((result) => result.status)).toEqual(['applied']);
    expect(await storedContext(owner.userId)).toBe('owner: raise agreed');
    await until(() => mine.currentRows[0]?.['personal_context'] === 'owner: raise agreed');
    expect(theirs.currentRows.map((row) => row['id'])).toEqual([colleague.userId]);
    stop.abort();
  });
});
