import { randomUUID } from 'node:crypto';
import { isControlMessage, Shape, ShapeStream, type Row, type ShapeStreamInterface } from '@electric-sql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncTestServer, type SyncTestServer } from '../../sync/test-server';

let server: SyncTestServer;

beforeAll(async () => {
  server = await startSyncTestServer('lc_b2_shape_sse', { liveTimeoutMs: 1_500 });
});
afterAll(async () => {
  await server?.close();
});

async function insertSession(userId: string, orgId: string, title: string, visibility = 'organization'): Promise<string> {
  const id = randomUUID();
  await server.service(async (query) =>
    query(`insert into sessions (id, user_id, organization_id, title, visibility) values ($1, $2, $3, $4, $5)`, [id, userId, orgId, title, visibility]),
  );
  return id;
}

// Generous: CI runs other projects beside this file on 2 cores, and a wait is not a performance check.
async function until(condition: () => boolean, timeoutMs = 45_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The official client with liveSse, counting the live requests it makes and how each was answered. */
function sseStream(token: string) {
  const live: { sse: boolean; status: number; contentType: string }[] = [];
  const controller = new AbortController();
  const stream = new ShapeStream<Row>({
    url: `${server.url}/v1/shape`,
    params: { table: 'sessions' },
    headers: { Authorization: `Bearer ${token}` },
    liveSse: true,
    signal: controller.signal,
    fetchClient: async (input, init) => {
      const response = await fetch(input, init);
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.searchParams.get('live') === 'true') {
        live.push({ sse: url.searchParams.get('live_sse') === 'true', status: response.status, contentType: response.headers.get('content-type') ?? '' });
      }
      return response;
    },
  });
  const shape = new Shape(stream as unknown as ShapeStreamInterface<Row>);
  return { stream, shape, live, stop: () => controller.abort() };
}

describe('GET /v1/shape live_sse: Server-Sent Events with the official ShapeStream', () => {
  it('streams inserts, updates and deletes over one open connection, each user only what RLS lets them read', async () => {
    const owner = await server.createUser();
    const member = await server.createUser({ orgId: owner.orgId, role: 'member' });
    const first = await insertSession(owner.userId, owner.orgId, 'Before');
    await server.feed.poll();
    const forMember = sseStream(member.token);
    expect((await forMember.shape.rows).map((row) => row['id'])).toEqual([first]);

    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      ids.push(await insertSession(owner.userId, owner.orgId, `Live ${i}`));
      await server.feed.poll();
      await until(() => forMember.shape.currentRows.some((row) => row['id'] === ids[i]));
    }
    await insertSession(owner.userId, owner.orgId, 'Private', 'private');
    await server.service(async (query) => query(`update sessions set title = 'Renamed' where id = $1`, [first]));
    await server.service(async (query) => query(`delete from sessions where id = $1`, [ids[0]]));
    await server.feed.poll();
    await until(() => forMember.shape.currentRows.some((row) => row['title'] === 'Renamed') && forMember.shape.currentRows.length === 5);
    expect(forMember.shape.currentRows.map((row) => row['id']).sort()).toEqual([first, ...ids.slice(1)].sort());

    // Seven changes arrived through event streams, not one long-poll each.
    expect(forMember.live.length).toBeGreaterThan(0);
    expect(forMember.live.every((request) => request.sse && request.status === 200 && request.contentType.startsWith('text/event-stream'))).toBe(true);
    expect(forMember.live.length).toBeLessThan(4);
    forMember.stop();
  });

  it('resumes from the offset the stream reported, and refetches after the log was truncated under it', async () => {
    const user = await server.createUser();
    const kept = await insertSession(user.userId, user.orgId, 'Kept');
    await server.feed.poll();
    const client = sseStream(user.token);
    await client.shape.rows;
    const added = await insertSession(user.userId, user.orgId, 'Added');
    await server.feed.poll();
    await until(() => client.shape.currentRows.length === 2);

    const controls: string[] = [];
    client.stream.subscribe((messages) => {
      for (const message of messages) if (isControlMessage(message)) controls.push(message.headers.control);
    });
    const [head] = await server.service(async (query) => query(`select max(log_offset)::int as head from sync_log`));
    // The stream stands at head + 1; positions below head + 2 are no longer served.
    await server.feed.truncateBefore(Number(head?.['head'] ?? 0) + 2);
    // The next change wakes the stream, whose position is now below the log: it ends, the client's next request gets 409.
    const later = await insertSession(user.userId, user.orgId, 'Later');
    await server.feed.poll();
    await until(() => controls.includes('must-refetch') && client.shape.currentRows.length === 3);
    expect(client.shape.currentRows.map((row) => row['id']).sort()).toEqual([kept, added, later].sort());
    client.stop();
  });

  it('speaks the event format: data lines, up-to-date with the next offset as global_last_seen_lsn; refuses live_sse without live', async () => {
    const user = await server.createUser();
    const start = await fetch(`${server.url}/v1/shape?table=sessions&offset=-1`, { headers: { Authorization: `Bearer ${user.token}` } });
    await start.text();
    const handle = start.headers.get('electric-handle') ?? '';
    const offset = start.headers.get('electric-offset') ?? '';
    const controller = new AbortController();
    const response = await fetch(`${server.url}/v1/shape?table=sessions&live=true&live_sse=true&handle=${handle}&offset=${offset}`, {
      headers: { Authorization: `Bearer ${user.token}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('electric-handle')).toBe(handle);
    const id = await insertSession(user.userId, user.orgId, 'Streamed');
    await server.feed.poll();
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes('global_last_seen_lsn') || !text.includes(id)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const events = text.split('\n\n').filter((block) => block.startsWith('data: ')).map((block) => JSON.parse(block.slice('data: '.length)) as { headers: Record<string, string>; value?: { id: string } });
    const inserted = events.find((event) => event.value?.id === id);
    expect(inserted?.headers['operation']).toBe('insert');
    const lsn = events.at(-1)?.headers['global_last_seen_lsn'];
    expect(events.at(-1)?.headers['control']).toBe('up-to-date');
    const [row] = await server.service(async (query) => query(`select log_offset::text as at from sync_log where row_id = $1`, [id]));
    expect(Number(lsn)).toBe(Number(row?.['at']) + 1);

    const refused = await fetch(`${server.url}/v1/shape?table=sessions&live_sse=true&handle=${handle}&offset=${offset}`, { headers: { Authorization: `Bearer ${user.token}` } });
    expect(refused.status).toBe(400);
  });
});
