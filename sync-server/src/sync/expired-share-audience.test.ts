import { randomUUID } from 'node:crypto';
import type { ShapeStream, Row } from '@electric-sql/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createShareExpirySweeper, type ShareExpirySweeper } from './share-expiry';
import { startSyncTestServer, type SyncTestServer } from './test-server';
import { isPast as isPastAt, until, watchShape } from './test-shapes';

// Migration 0020: once a share's expiry has been swept (its recipient was sent deletes of the
// session's rows), the feed's audience of the session's rows no longer names that recipient, so
// rows written later do not reach it even as deletes. Until the sweep, it still does: the recipient
// may hold a row that is deleted in between.

let server: SyncTestServer;
const sweepers: ShareExpirySweeper[] = [];
const streams: ShapeStream<Row>[] = [];

beforeAll(async () => {
  server = await startSyncTestServer('lc_b2_expired_share_audience', { liveTimeoutMs: 3_000 });
});
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.unsubscribeAll();
  for (const sweeper of sweepers.splice(0)) await sweeper.stop();
});
afterAll(async () => {
  await server?.close();
});

type User = Awaited<ReturnType<SyncTestServer['createUser']>>;

/** A shared session with `lineCount` transcripts, shared with `friend` for good and with `guest` for `seconds`. */
async function sharedMeeting(lineCount: number, seconds: number) {
  const owner = await server.createUser();
  const guest = await server.createUser();
  const friend = await server.createUser();
  const meeting = randomUUID();
  const lines = Array.from({ length: lineCount }, () => randomUUID());
  const expiresAt = await server.service(async (query) => {
    await query(`insert into sessions (id, user_id, organization_id, title, visibility) values ($1, $2, $3, 'Meeting', 'shared')`, [meeting, owner.userId, owner.orgId]);
    for (const [index, id] of lines.entries()) await addLine(query, id, meeting, index);
    await query(`insert into shared_meetings (session_id, shared_by, shared_with) values ($1, $2, $3)`, [meeting, owner.userId, friend.userId]);
    const [row] = await query(
      `insert into shared_meetings (session_id, shared_by, shared_with, expires_at) values ($1, $2, $3, now() + make_interval(secs => $4)) returning expires_at::text as expires_at`,
      [meeting, owner.userId, guest.userId, seconds],
    );
    return String(row?.['expires_at']);
  });
  await server.feed.poll();
  return { owner, guest, friend, meeting, lines, expiresAt };
}

function addLine(query: (text: string, params?: unknown[]) => Promise<unknown>, id: string, sessionId: string, sequence: number) {
  return query(`insert into transcripts (id, session_id, content, speaker, sequence_number) values ($1, $2, 'line', 'them', $3)`, [id, sessionId, sequence]);
}

/** A session of `user`'s own with one line, to write a sentinel into later. */
async function ownMeeting(user: User): Promise<string> {
  const id = randomUUID();
  await server.service(async (query) => {
    await query(`insert into sessions (id, user_id, organization_id, title, visibility) values ($1, $2, $3, 'Own', 'private')`, [id, user.userId, user.orgId]);
    await addLine(query, randomUUID(), id, 0);
  });
  return id;
}

async function audienceOf(rowId: string): Promise<string[]> {
  const [row] = await server.service(async (query) => query(`select aud_owners::text[] as owners from sync_log where row_id = $1`, [rowId]));
  return (row?.['owners'] as string[] | undefined) ?? [];
}

const isPast = (expiresAt: string) => isPastAt(server, expiresAt);
const watch = (token: string, table: string) => {
  const watched = watchShape(server, token, table);
  streams.push(watched.source);
  return watched;
};

describe('the feed audience leaves out swept share expiries', () => {
  it("after the expiry is swept, a new transcript and a session edit reach the live recipient and not the expired one, not even as deletes", async () => {
    const sweeper = createShareExpirySweeper({ db: server.pool, feed: server.feed });
    sweepers.push(sweeper);
    await sweeper.start();
    const { owner, guest, friend, meeting, lines, expiresAt } = await sharedMeeting(2, 2);
    const guestOwn = await ownMeeting(guest);

    const guestLines = watch(guest.token, 'transcripts');
    const guestSessions = watch(guest.token, 'sessions');
    const friendLines = watch(friend.token, 'transcripts');
    const friendSessions = watch(friend.token, 'sessions');
    expect((await guestLines.shape.rows).length).toBe(3);
    expect((await friendLines.shape.rows).length).toBe(2);
    expect((await guestSessions.shape.rows).length).toBe(2);
    await friendSessions.shape.rows;
    // The guest read the session while its share was live, or this proves nothing.
    expect(await isPast(expiresAt)).toBe(false);

    // The sweeper's timer records the expiry: the guest's copies of the session go.
    await until(() => guestLines.ids().length === 1 && guestSessions.ids().length === 1);
    for (const id of lines) expect(guestLines.about(id)).toEqual(['insert', 'delete']);
    expect(guestSessions.about(meeting)).toEqual(['insert', 'delete']);

    const late = randomUUID();
    await server.service(async (query) => {
      await addLine(query, late, meeting, 2);
      await query(`update sessions set title = 'Renamed' where id = $1`, [meeting]);
    });
    // Sentinels committed after: once the guest has them, anything about `late` or the meeting
    // would have reached it before (the feed delivers in commit order).
    const sentinel = randomUUID();
    await server.service(async (query) => {
      await addLine(query, sentinel, guestOwn, 1);
      await query(`update sessions set title = 'Own, renamed' where id = $1`, [guestOwn]);
    });
    await server.feed.poll();
    await until(() => friendLines.ids().includes(late) && guestLines.ids().includes(sentinel));
    await until(() => guestSessions.about(guestOwn).includes('update') && friendSessions.about(meeting).includes('update'));

    expect(guestLines.about(late)).toEqual([]);
    expect(guestSessions.about(meeting)).toEqual(['insert', 'delete']);
    expect(friendLines.about(late)).toEqual(['insert']);
    expect(guestLines.ids()).toEqual((await server.service((query) => query(`select id::text as id from transcripts where session_id = $1 order by id`, [guestOwn]))).map((row) => row['id']));
    // The audience the feed stored: owner and live recipient, not the swept one.
    expect((await audienceOf(late)).sort()).toEqual([owner.userId, friend.userId].sort());
    expect((await audienceOf(meeting)).sort()).toEqual([owner.userId, friend.userId].sort());
  });

  it('before the sweep, a deleted transcript still reaches the expired recipient as a delete; after it, nothing is left behind', async () => {
    // No sweeper runs at first (a server that is down, or a sweep not yet due).
    const { owner, guest, friend, meeting, lines, expiresAt } = await sharedMeeting(3, 1.5);
    const guestLines = watch(guest.token, 'transcripts');
    expect((await guestLines.shape.rows).length).toBe(3);
    expect(await isPast(expiresAt)).toBe(false);
    await until(() => isPast(expiresAt));

    const [gone, ...kept] = lines as [string, ...string[]];
    await server.service((query) => query(`delete from transcripts where id = $1`, [gone]));
    await server.feed.poll();
    await until(() => !guestLines.ids().includes(gone));
    expect(guestLines.about(gone)).toEqual(['insert', 'delete']);
    expect(await audienceOf(gone)).toContain(guest.userId);

    // The sweep records the expiry: the rows that still exist are deleted, and the guest holds nothing.
    const sweeper = createShareExpirySweeper({ db: server.pool, feed: server.feed });
    sweepers.push(sweeper);
    await sweeper.start();
    await until(() => guestLines.ids().length === 0);
    for (const id of kept) expect(guestLines.about(id)).toEqual(['insert', 'delete']);
    const late = randomUUID();
    await server.service((query) => addLine(query, late, meeting, 3));
    await server.feed.poll();
    expect((await audienceOf(late)).sort()).toEqual([owner.userId, friend.userId].sort());
  });
});
