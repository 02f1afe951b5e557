import { randomUUID } from 'node:crypto';
import { isChangeMessage, Shape, ShapeStream, type Message, type Row, type ShapeStreamInterface } from '@electric-sql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationBatchResponse } from '../../../src/shared/sync/mutations';
import { SYNCED_TABLES } from '../../../src/shared/sync/tables';
import { withUserTx } from '../db/tx';
import { createElectricProxy } from './electric-proxy';
import { startSyncTestServer, type SyncTestServer } from './test-server';

// Calendars are synced read-only: each user sees only their own connections and events through
// /v1/shape (never the OAuth token), deletes reach the owner and no one else, mutations are refused.
let server: SyncTestServer;

beforeAll(async () => {
  server = await startSyncTestServer('lc_b2_calendar', { liveTimeoutMs: 3_000 });
});
afterAll(async () => {
  await server?.close();
});

type User = Awaited<ReturnType<SyncTestServer['createUser']>>;

async function connect(user: User, name: string): Promise<string> {
  const rows = await server.service(async (query) =>
    query(
      `insert into calendar_connections (user_id, organization_id, provider, email, display_name, oauth_refresh_token)
       values ($1, $2, 'google_calendar', $3, $4, 'refresh-token-secret') returning id::text`,
      [user.userId, user.orgId, `${user.userId}@example.test`, name],
    ),
  );
  return String(rows[0]?.['id']);
}

async function addEvent(connectionId: string, title: string, sessionId: string | null = null): Promise<string> {
  const rows = await server.service(async (query) =>
    query(
      `insert into calendar_events (calendar_connection_id, session_id, external_event_id, title, start_time, end_time, meeting_url, attendees)
       values ($1, $2, $3, $4, now() + interval '1 hour', now() + interval '2 hours', 'https://meet.google.com/abc-defg-hij', '[{"email":"ana@acme.test"}]')
       returning id::text`,
      [connectionId, sessionId, randomUUID(), title],
    ),
  );
  return String(rows[0]?.['id']);
}

function stream(token: string, table: string): ShapeStream<Row> {
  return new ShapeStream<Row>({ url: `${server.url}/v1/shape`, params: { table }, headers: { Authorization: `Bearer ${token}` } });
}

// The client's .d.ts is not written for exactOptionalPropertyTypes; the runtime object is the same.
async function rowsOf(token: string, table: string): Promise<Row[]> {
  const source = stream(token, table);
  const rows = await new Shape(source as unknown as ShapeStreamInterface<Row>).rows;
  source.unsubscribeAll();
  return rows;
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function post(token: string, mutations: unknown[]): Promise<MutationBatchResponse> {
  const response = await fetch(`${server.url}/v1/mutations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ mutations }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as MutationBatchResponse;
}

describe('calendar tables through /v1/shape and /v1/mutations', () => {
  it("shows each user only their own calendars and events, never the refresh token, not even to their organization", async () => {
    const alice = await server.createUser();
    const colleague = await server.createUser({ orgId: alice.orgId, role: 'member' });
    const bob = await server.createUser();
    const aliceCalendar = await connect(alice, 'Alice work');
    const bobCalendar = await connect(bob, 'Bob work');
    // Linked to a session the whole organization reads: the event still belongs to Alice alone.
    const teamSession = randomUUID();
    await server.service(async (query) =>
      query(`insert into sessions (id, user_id, organization_id, title, visibility) values ($1, $2, $3, 'Team sync', 'organization')`, [teamSession, alice.userId, alice.orgId]),
    );
    const aliceEvents = [await addEvent(aliceCalendar, 'Alice 1:1'), await addEvent(aliceCalendar, 'Team sync', teamSession)];
    const bobEvent = await addEvent(bobCalendar, 'Bob pitch');
    await server.feed.poll();

    const connections = await rowsOf(alice.token, 'calendar_connections');
    expect(connections.map((row) => row['id'])).toEqual([aliceCalendar]);
    expect(Object.keys(connections[0] ?? {}).sort()).toEqual([...SYNCED_TABLES.calendar_connections].sort());
    expect(JSON.stringify(connections)).not.toContain('refresh-token-secret');
    expect((await rowsOf(alice.token, 'calendar_events')).map((row) => row['id']).sort()).toEqual([...aliceEvents].sort());
    expect((await rowsOf(bob.token, 'calendar_events')).map((row) => row['id'])).toEqual([bobEvent]);
    expect(await rowsOf(colleague.token, 'calendar_events')).toEqual([]);
    expect(await rowsOf(colleague.token, 'calendar_connections')).toEqual([]);
    // The sessions shape does reach the colleague: the event's isolation is not a side effect of that.
    expect((await rowsOf(colleague.token, 'sessions')).map((row) => row['id'])).toContain(teamSession);

    const asked = await fetch(`${server.url}/v1/shape?table=calendar_connections&offset=-1&columns=id,oauth_refresh_token`, {
      headers: { Authorization: `Bearer ${alice.token}` },
    });
    expect(asked.status).toBe(400);
    // Postgres itself agrees: the owner cannot read the token column, nor anyone else's rows.
    const claims = { sub: alice.userId, role: 'authenticated' };
    await expect(withUserTx(server.pool, claims, (tx) => tx.query('select oauth_refresh_token from calendar_connections'))).rejects.toThrow(/permission denied/);
    const direct = await withUserTx(server.pool, claims, (tx) => tx.query<{ id: string }>('select id::text from calendar_events'));
    expect(direct.rows.map((row) => row.id).sort()).toEqual([...aliceEvents].sort());
  });

  it('sends an event delete to its owner only', async () => {
    const alice = await server.createUser();
    const colleague = await server.createUser({ orgId: alice.orgId, role: 'member' });
    const aliceCalendar = await connect(alice, 'Alice work');
    const colleagueCalendar = await connect(colleague, 'Colleague work');
    const teamSession = randomUUID();
    await server.service(async (query) =>
      query(`insert into sessions (id, user_id, organization_id, title, visibility) values ($1, $2, $3, 'Team sync', 'organization')`, [teamSession, alice.userId, alice.orgId]),
    );
    const cancelled = await addEvent(aliceCalendar, 'Cancelled 1:1');
    const linked = await addEvent(aliceCalendar, 'Team sync', teamSession);
    await server.feed.poll();

    const aliceStream = stream(alice.token, 'calendar_events');
    const aliceShape = new Shape(aliceStream as unknown as ShapeStreamInterface<Row>);
    expect((await aliceShape.rows).length).toBe(2);
    const colleagueStream = stream(colleague.token, 'calendar_events');
    const colleagueSeen: Message<Row>[] = [];
    colleagueStream.subscribe((messages) => {
      colleagueSeen.push(...messages);
    });
    const colleagueShape = new Shape(colleagueStream as unknown as ShapeStreamInterface<Row>);
    expect(await colleagueShape.rows).toEqual([]);

    await server.service(async (query) => query(`delete from calendar_events where id = any($1::uuid[])`, [[cancelled, linked]]));
    // Written after the deletes: once the colleague sees it, anything about the deletes would have arrived.
    const marker = await addEvent(colleagueCalendar, 'Colleague standup');
    await server.feed.poll();
    await until(() => aliceShape.currentRows.length === 0);
    await until(() => colleagueShape.currentRows.some((row) => row['id'] === marker));
    const colleagueKeys = colleagueSeen.filter(isChangeMessage).map((message) => String(message.value['id']));
    expect(colleagueKeys).toEqual([marker]);
    aliceStream.unsubscribeAll();
    colleagueStream.unsubscribeAll();
  });

  it('refuses every desktop mutation of calendar rows, including those RLS would let the owner make', async () => {
    const alice = await server.createUser();
    const calendar = await connect(alice, 'Alice work');
    const event = await addEvent(calendar, 'Planning');
    const at = Date.now();
    const result = await post(alice.token, [
      { id: randomUUID(), table: 'calendar_events', op: 'insert', row: { id: randomUUID(), calendar_connection_id: calendar, title: 'Forged', start_time: at, end_time: at, created_at: at, updated_at: at } },
      { id: randomUUID(), table: 'calendar_events', op: 'update', key: event, changes: { title: 'Renamed', updated_at: at } },
      { id: randomUUID(), table: 'calendar_events', op: 'update', key: event, changes: { updated_at: at } },
      { id: randomUUID(), table: 'calendar_connections', op: 'update', key: calendar, changes: { display_name: 'Renamed', updated_at: at } },
      { id: randomUUID(), table: 'calendar_connections', op: 'delete', key: calendar },
    ]);
    expect(result.results.map((r) => (r.status === 'rejected' ? r.error.code : r.status))).toEqual(Array(5).fill('auth.forbidden'));
    const after = await server.service(async (query) =>
      query(`select (select count(*)::int from calendar_events where calendar_connection_id = $1) as events,
                    (select title from calendar_events where id = $2) as title,
                    (select display_name from calendar_connections where id = $1) as name`, [calendar, event]),
    );
    expect(after[0]).toEqual({ events: 1, title: 'Planning', name: 'Alice work' });
  });

  it('gives Electric a where that selects exactly the rows RLS shows the user', async () => {
    const alice = await server.createUser();
    const colleague = await server.createUser({ orgId: alice.orgId, role: 'member' });
    const mine = await addEvent(await connect(alice, 'Alice work'), 'Mine');
    await addEvent(await connect(colleague, 'Colleague work'), 'Theirs');
    const forwarded: URL[] = [];
    const proxy = createElectricProxy({
      db: server.pool,
      electricUrl: 'http://electric.invalid',
      fetch: async (input) => {
        forwarded.push(new URL(String(input)));
        return new Response('[]', { status: 200 });
      },
    });
    const claims = { sub: alice.userId, role: 'authenticated' };
    for (const table of ['calendar_connections', 'calendar_events'] as const) {
      await proxy.serve(claims, { table, position: { kind: 'start' }, live: false });
    }
    const [connectionsWhere, eventsWhere] = forwarded.map((url) => url.searchParams.get('where') ?? '');
    const select = async (table: string, where: string) =>
      (await server.service(async (query) => query(`select id::text from ${table} where ${where}`))).map((row) => row['id']);
    expect(await select('calendar_events', eventsWhere ?? 'false')).toEqual([mine]);
    expect((await select('calendar_connections', connectionsWhere ?? 'false')).length).toBe(1);
  });
});
