import { randomUUID } from 'node:crypto';
import { isChangeMessage, isControlMessage, Shape, ShapeStream, type Message, type Row, type ShapeStreamInterface, type ShapeStreamOptions } from '@electric-sql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncTestServer, type SyncTestServer } from '../../sync/test-server';

let server: SyncTestServer;

beforeAll(async () => {
  server = await startSyncTestServer('lc_b2_shape', { chunkSize: 5, liveTimeoutMs: 3_000 });
});
afterAll(async () => {
  await server?.close();
});

async function insertSession(userId: string, orgId: string, visibility = 'private', title = 'Meeting'): Promise<string> {
  const id = randomUUID();
  await server.service(async (query) =>
    query(`insert into sessions (id, user_id, organization_id, title, visibility) values ($1, $2, $3, $4, $5)`, [id, userId, orgId, title, visibility]),
  );
  return id;
}

function stream(token: string, table: string, extra: Omit<ShapeStreamOptions, 'url' | 'params' | 'headers'> = {}) {
  return new ShapeStream<Row>({
    url: `${server.url}/v1/shape`,
    params: { table },
    headers: { Authorization: `Bearer ${token}` },
    ...extra,
  });
}

// The client's .d.ts is not written for exactOptionalPropertyTypes; the runtime object is the same.
function shapeOf(source: ShapeStream<Row>): Shape<Row> {
  return new Shape(source as unknown as ShapeStreamInterface<Row>);
}

// Generous: CI runs other projects beside this file on 2 cores, and a wait is not a performance check.
async function until(condition: () => boolean, timeoutMs = 45_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('GET /v1/shape with the official ShapeStream', () => {
  it('syncs the initial snapshot in chunks, then live updates, deletes, and resumes by handle + offset', async () => {
    const alice = await server.createUser();
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) ids.push(await insertSession(alice.userId, alice.orgId, 'private', `S${i}`));
    await server.feed.poll();

    const stopFirst = new AbortController();
    const first = stream(alice.token, 'sessions', { signal: stopFirst.signal });
    const shape = shapeOf(first);
    const rows = await shape.rows;
    expect(rows.map((row) => row['id']).sort()).toEqual([...ids].sort());
    expect(rows[0]?.['title']).toMatch(/^S\d+$/);

    const live = await insertSession(alice.userId, alice.orgId, 'private', 'Live one');
    await until(() => shape.currentRows.some((row) => row['id'] === live));
    await server.service(async (query) => query(`delete from sessions where id = $1`, [ids[0]]));
    await until(() => !shape.currentRows.some((row) => row['id'] === ids[0]));
    expect(shape.currentRows).toHaveLength(12);

    const position = { offset: first.lastOffset, handle: first.shapeHandle ?? '' };
    stopFirst.abort();
    const later = await insertSession(alice.userId, alice.orgId, 'private', 'While away');
    await server.feed.poll();

    const seen: Message<Row>[] = [];
    const resumed = stream(alice.token, 'sessions', position);
    resumed.subscribe((messages) => {
      seen.push(...messages);
    });
    await until(() => seen.some((message) => isControlMessage(message) && message.headers.control === 'up-to-date'));
    resumed.unsubscribeAll();
    const changed = seen.filter(isChangeMessage).map((message) => message.value['id']);
    expect(changed).toEqual([later]);
  });

  it('answers 409 must-refetch when the log was truncated, and the client re-syncs', async () => {
    const bob = await server.createUser();
    const kept = await insertSession(bob.userId, bob.orgId);
    await server.feed.poll();
    const stop = new AbortController();
    const first = stream(bob.token, 'sessions', { signal: stop.signal });
    await shapeOf(first).rows;
    const position = { offset: first.lastOffset, handle: first.shapeHandle ?? '' };
    stop.abort();

    const added = await insertSession(bob.userId, bob.orgId);
    await server.feed.poll();
    const [head] = await server.service(async (query) => query(`select max(log_offset)::int as head from sync_log`));
    await server.feed.truncateBefore(Number(head?.['head'] ?? 0) + 1);

    const controls: string[] = [];
    const resumed = stream(bob.token, 'sessions', position);
    const refetched = shapeOf(resumed);
    resumed.subscribe((messages) => {
      for (const message of messages) if (isControlMessage(message)) controls.push(message.headers.control);
    });
    await until(() => controls.includes('must-refetch') && refetched.currentRows.length === 2);
    expect(refetched.currentRows.map((row) => row['id']).sort()).toEqual([kept, added].sort());
    resumed.unsubscribeAll();
  });

  it('keeps organizations apart and private sessions private inside an organization', async () => {
    const owner = await server.createUser();
    const colleague = await server.createUser({ orgId: owner.orgId, role: 'member' });
    const outsider = await server.createUser();
    const shared = await insertSession(owner.userId, owner.orgId, 'organization', 'Team sync');
    const secret = await insertSession(owner.userId, owner.orgId, 'private', 'Private');
    const foreign = await insertSession(outsider.userId, outsider.orgId, 'organization', 'Other org');
    await server.service(async (query) =>
      query(`insert into transcripts (id, session_id, content, speaker, sequence_number) values ($1, $2, 'hi', 'me', 1), ($3, $4, 'psst', 'me', 1)`, [
        randomUUID(),
        shared,
        randomUUID(),
        secret,
      ]),
    );
    await server.feed.poll();

    const seen = new Set<string>();
    const colleagueStream = stream(colleague.token, 'sessions');
    const shape = shapeOf(colleagueStream);
    colleagueStream.subscribe((messages) => {
      for (const message of messages) if (isChangeMessage(message)) seen.add(String(message.value['id']));
    });
    await shape.rows;
    expect(shape.currentRows.map((row) => row['id'])).toEqual([shared]);

    // Live: the outsider's new and deleted rows and the owner's private ones never reach the colleague.
    const foreign2 = await insertSession(outsider.userId, outsider.orgId, 'organization');
    await server.service(async (query) => query(`delete from sessions where id = $1`, [foreign]));
    const secret2 = await insertSession(owner.userId, owner.orgId, 'private');
    await server.service(async (query) => query(`delete from sessions where id = $1`, [secret]));
    const visible2 = await insertSession(owner.userId, owner.orgId, 'organization');
    await until(() => shape.currentRows.some((row) => row['id'] === visible2));
    expect([...seen].sort()).toEqual([shared, visible2].sort());
    expect(seen.has(foreign2) || seen.has(secret2)).toBe(false);
    colleagueStream.unsubscribeAll();

    const transcripts = shapeOf(stream(colleague.token, 'transcripts'));
    const lines = await transcripts.rows;
    expect(lines.map((row) => row['content'])).toEqual(['hi']);
    expect(lines[0]?.['is_owner']).toBe(false);
  });

  it('removes rows a user can no longer read: visibility turned private, membership ended', async () => {
    const owner = await server.createUser();
    const colleague = await server.createUser({ orgId: owner.orgId, role: 'member' });
    const meeting = await insertSession(owner.userId, owner.orgId, 'organization', 'Shared for now');
    const line = randomUUID();
    await server.service(async (query) =>
      query(`insert into transcripts (id, session_id, content, speaker, sequence_number) values ($1, $2, 'visible', 'me', 1)`, [line, meeting]),
    );
    await server.feed.poll();
    const sessionsStream = stream(colleague.token, 'sessions');
    const transcriptsStream = stream(colleague.token, 'transcripts');
    const sessions = shapeOf(sessionsStream);
    const transcripts = shapeOf(transcriptsStream);
    expect((await sessions.rows).map((row) => row['id'])).toEqual([meeting]);
    expect((await transcripts.rows).map((row) => row['id'])).toEqual([line]);

    await server.service(async (query) => query(`update sessions set visibility = 'private' where id = $1`, [meeting]));
    await until(() => sessions.currentRows.length === 0 && transcripts.currentRows.length === 0);

    await server.service(async (query) => query(`update sessions set visibility = 'organization' where id = $1`, [meeting]));
    await until(() => sessions.currentRows.length === 1 && transcripts.currentRows.length === 1);
    await server.service(async (query) => query(`delete from organization_members where user_id = $1 and organization_id = $2`, [colleague.userId, owner.orgId]));
    await until(() => sessions.currentRows.length === 0 && transcripts.currentRows.length === 0);
    sessionsStream.unsubscribeAll();
    transcriptsStream.unsubscribeAll();
  });

  it('serves users as the caller only', async () => {
    const owner = await server.createUser();
    await server.createUser({ orgId: owner.orgId, role: 'member' });
    const users = shapeOf(stream(owner.token, 'users'));
    const rows = await users.rows;
    expect(rows.map((row) => row['id'])).toEqual([owner.userId]);
    expect(Object.keys(rows[0] ?? {})).not.toContain('stripe_customer_id');
  });

  it('refuses a client where, params, unknown tables and bad tokens', async () => {
    const user = await server.createUser();
    const get = (query: string, token = user.token) =>
      fetch(`${server.url}/v1/shape?${query}`, { headers: { Authorization: `Bearer ${token}` } });
    const widened = await get('table=sessions&offset=-1&where=true');
    expect(widened.status).toBe(400);
    expect(((await widened.json()) as { error: { code: string } }).error.code).toBe('validation.invalid_input');
    expect((await get('table=sessions&offset=-1&params%5B1%5D=x')).status).toBe(400);
    expect((await get('table=user_credentials&offset=-1')).status).toBe(400);
    expect((await get('table=sessions&offset=5_0')).status).toBe(400);
    expect((await get('table=sessions&offset=-1&columns=title')).status).toBe(400);
    expect((await get('table=sessions&offset=-1', 'not-a-token')).status).toBe(401);
    const ok = await get('table=sessions&offset=-1&columns=id,title');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('vary')).toMatch(/Authorization/);
    expect(JSON.parse(ok.headers.get('electric-schema') ?? '{}')).toEqual({ id: { type: 'uuid', not_null: true }, title: { type: 'text', not_null: true } });
  });
});
