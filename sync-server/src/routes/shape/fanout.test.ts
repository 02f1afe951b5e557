import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncTestServer, type SyncTestServer } from '../../sync/test-server';

let server: SyncTestServer;

beforeAll(async () => {
  server = await startSyncTestServer('lc_b2_fanout', { liveTimeoutMs: 5_000 });
});
afterAll(async () => {
  await server?.close();
});

interface Position {
  token: string;
  handle: string;
  offset: string;
}

type Message = { headers: { operation?: string; control?: string }; value?: { id?: string; title?: string } };

async function start(token: string): Promise<Position> {
  const response = await fetch(`${server.url}/v1/shape?table=sessions&offset=-1`, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  await response.text();
  return { token, handle: response.headers.get('electric-handle') ?? '', offset: response.headers.get('electric-offset') ?? '' };
}

/** One live long-poll; returns its change messages and moves the position on. */
async function live(position: Position): Promise<Message[]> {
  const response = await fetch(`${server.url}/v1/shape?table=sessions&live=true&handle=${position.handle}&offset=${position.offset}`, {
    headers: { Authorization: `Bearer ${position.token}` },
  });
  expect(response.status).toBe(200);
  position.offset = response.headers.get('electric-offset') ?? position.offset;
  return ((await response.json()) as Message[]).filter((message) => message.headers.operation !== undefined);
}

const summary = (messages: Message[]) => messages.map((message) => `${message.headers.operation}:${message.value?.id}`).sort();

describe('live fan-out: subscribers woken by one change share a read, each still under its own RLS', () => {
  it('delivers a commit to every waiting subscriber exactly as their own policies allow, deletes included', async () => {
    const owner = await server.createUser();
    const member = await server.createUser({ orgId: owner.orgId, role: 'member' });
    const stranger = await server.createUser();
    // Membership changes bump epochs when the feed sees them: settle before taking handles.
    await server.feed.poll();
    // Several requests of one user in the same batch get the same answer.
    const positions = await Promise.all([owner, member, member, stranger].map((user) => start(user.token)));
    const [ownerPos, memberPos, memberPos2, strangerPos] = positions as [Position, Position, Position, Position];

    const shared = randomUUID();
    const mine = randomUUID();
    const theirs = randomUUID();
    let waiting = positions.map((position) => live(position));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.service(async (query) => {
      await query(`insert into sessions (id, user_id, organization_id, title, visibility) values ($1, $2, $3, 'All hands', 'organization')`, [shared, owner.userId, owner.orgId]);
      await query(`insert into sessions (id, user_id, organization_id, title, visibility) values ($1, $2, $3, 'One on one', 'private')`, [mine, owner.userId, owner.orgId]);
      await query(`insert into sessions (id, user_id, organization_id, title, visibility) values ($1, $2, $3, 'Other org', 'organization')`, [theirs, stranger.userId, stranger.orgId]);
    });
    await server.feed.poll();
    let [forOwner, forMember, forMember2, forStranger] = await Promise.all(waiting);
    expect(summary(forOwner ?? [])).toEqual([`insert:${shared}`, `insert:${mine}`].sort());
    expect(summary(forMember ?? [])).toEqual([`insert:${shared}`]);
    expect(summary(forMember2 ?? [])).toEqual([`insert:${shared}`]);
    expect(summary(forStranger ?? [])).toEqual([`insert:${theirs}`]);

    // The shared session is deleted: its audience gets a delete (the owner's private one stays), the stranger nothing.
    // (Visibility changes bump epochs and answer 409 must-refetch; covered in shape.test.ts.)
    waiting = positions.map((position) => live(position));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.service(async (query) => {
      await query(`update sessions set title = 'Renamed' where id = $1`, [mine]);
      await query(`delete from sessions where id = $1`, [shared]);
      await query(`update sessions set title = 'Other org, renamed' where id = $1`, [theirs]);
    });
    await server.feed.poll();
    [forOwner, forMember, forMember2, forStranger] = await Promise.all(waiting);
    expect(summary(forOwner ?? [])).toEqual([`delete:${shared}`, `update:${mine}`].sort());
    expect(forOwner?.find((message) => message.value?.id === mine)?.value?.title).toBe('Renamed');
    expect(summary(forMember ?? [])).toEqual([`delete:${shared}`]);
    expect(summary(forMember2 ?? [])).toEqual([`delete:${shared}`]);
    expect(summary(forStranger ?? [])).toEqual([`update:${theirs}`]);
    expect([ownerPos, memberPos, memberPos2, strangerPos].every((position) => position.offset !== '-1')).toBe(true);
  });
});
