import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Shape, ShapeStream, type Row, type ShapeStreamInterface } from '@electric-sql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncTestServer, type SyncTestServer } from './test-server';

// A local server speaking Electric's Shape API: records each request, answers one row + up-to-date.
let upstream: Server;
let received: URL[] = [];
let server: SyncTestServer;

beforeAll(async () => {
  upstream = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://electric.local');
    received.push(url);
    const live = url.searchParams.get('live') === 'true';
    response.writeHead(200, {
      'content-type': 'application/json',
      'electric-handle': 'upstream-1',
      'electric-offset': '0_inf',
      'electric-schema': JSON.stringify({ id: { type: 'uuid', not_null: true }, title: { type: 'text' } }),
      'electric-up-to-date': '',
      ...(live ? { 'electric-cursor': '42' } : {}),
    });
    const rows = live ? [] : [{ headers: { operation: 'insert' }, key: '"public"."sessions"/"1"', value: { id: '7f0c6c43-1d1e-4a8e-9d6f-9c2a3f1b2c3d', title: 'From Electric' } }];
    response.end(JSON.stringify([...rows, { headers: { control: 'up-to-date' } }]));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const { port } = upstream.address() as AddressInfo;
  server = await startSyncTestServer('lc_b2_proxy', { electricUrl: `http://127.0.0.1:${port}` });
});
afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => upstream?.close(resolve));
});

async function get(token: string, query: string): Promise<Response> {
  return fetch(`${server.url}/v1/shape?${query}`, { headers: { Authorization: `Bearer ${token}` } });
}

describe('GET /v1/shape with ELECTRIC_URL', () => {
  it('forwards with the table, columns and where fixed for the caller', async () => {
    const user = await server.createUser();
    received = [];
    const response = await get(user.token, 'table=sessions&offset=-1');
    expect(response.status).toBe(200);
    expect(response.headers.get('vary')).toMatch(/Authorization/);
    const forwarded = received[0];
    expect(forwarded?.pathname).toBe('/v1/shape');
    expect(forwarded?.searchParams.get('table')).toBe('sessions');
    expect(forwarded?.searchParams.get('where')).toBe(
      `user_id = '${user.userId}' OR (visibility = 'organization' AND organization_id IN ('${user.orgId}'))`,
    );
    expect(forwarded?.searchParams.get('columns')?.split(',')).toContain('title');
    expect(forwarded?.searchParams.get('columns')?.split(',')).not.toContain('bot_billable_amount');
    const handle = response.headers.get('electric-handle') ?? '';
    expect(handle.startsWith('upstream-1~')).toBe(true);

    received = [];
    await get(user.token, `table=transcripts&offset=0_inf&handle=${handle}`);
    expect(received).toHaveLength(0);
    const resumed = await get(user.token, `table=sessions&offset=0_inf&handle=${handle}`);
    expect(resumed.status).toBe(200);
    expect(received[0]?.searchParams.get('handle')).toBe('upstream-1');
    expect(received[0]?.searchParams.get('offset')).toBe('0_inf');
  });

  it('never forwards a client where, and re-syncs the client when its rule changes', async () => {
    const user = await server.createUser();
    received = [];
    expect((await get(user.token, 'table=sessions&offset=-1&where=true')).status).toBe(400);
    expect(received).toHaveLength(0);

    const first = await get(user.token, 'table=transcripts&offset=-1');
    const handle = first.headers.get('electric-handle') ?? '';
    expect(received[0]?.searchParams.get('where')).toContain(`session_id IN (SELECT id FROM sessions WHERE user_id = '${user.userId}'`);
    const other = await server.createUser();
    await server.service(async (query) =>
      query(`insert into organization_members (organization_id, user_id, role) values ($1, $2, 'member')`, [other.orgId, user.userId]),
    );
    received = [];
    const stale = await get(user.token, `table=transcripts&offset=0_inf&handle=${handle}`);
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual([{ headers: { control: 'must-refetch' } }]);
    expect(received).toHaveLength(0);
  });

  it('works with the official ShapeStream', async () => {
    const user = await server.createUser();
    const stream = new ShapeStream<Row>({ url: `${server.url}/v1/shape`, params: { table: 'sessions' }, headers: { Authorization: `Bearer ${user.token}` } });
    const shape = new Shape(stream as unknown as ShapeStreamInterface<Row>);
    const rows = await shape.rows;
    expect(rows).toEqual([{ id: '7f0c6c43-1d1e-4a8e-9d6f-9c2a3f1b2c3d', title: 'From Electric' }]);
    stream.unsubscribeAll();
  });
});
