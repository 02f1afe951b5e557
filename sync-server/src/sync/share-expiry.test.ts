import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../db/migrate';
import { createEmbeddedPglite } from '../db/pglite';
import { withServiceTx } from '../db/tx';
import { createShareExpirySweeper, type ShareExpirySweeper } from './share-expiry';
import { startSyncTestServer, type SyncTestServer } from './test-server';
import { isPast as isPastAt, sorted, until, watchShape } from './test-shapes';

// A share that simply expires reaches its recipient's live shapes as deletes, with no other write
// (migration 0018): the sweeper records the expiry as a revocation would, once.

let server: SyncTestServer;
const sweepers: ShareExpirySweeper[] = [];

beforeAll(async () => {
  server = await startSyncTestServer('lc_b2_share_expiry', { liveTimeoutMs: 3_000 });
});
// Each test starts the sweepers it means to run ("server processes"); none outlives it.
afterEach(async () => {
  for (const sweeper of sweepers.splice(0)) await sweeper.stop();
});
afterAll(async () => {
  await server?.close();
});

function sweeperFor(): ShareExpirySweeper {
  const sweeper = createShareExpirySweeper({ db: server.pool, feed: server.feed });
  sweepers.push(sweeper);
  return sweeper;
}

async function sharedSession(lineCount: number) {
  const owner = await server.createUser();
  const guest = await server.createUser();
  const meeting = randomUUID();
  const lines = Array.from({ length: lineCount }, () => randomUUID());
  await server.service(async (query) => {
    await query(`insert into sessions (id, user_id, organization_id, title, visibility) values ($1, $2, $3, 'Meeting', 'shared')`, [meeting, owner.userId, owner.orgId]);
    for (const [index, id] of lines.entries()) {
      await query(`insert into transcripts (id, session_id, content, speaker, sequence_number) values ($1, $2, 'line', 'them', $3)`, [id, meeting, index]);
    }
  });
  return { owner, guest, meeting, lines };
}

/** Shares `meeting` with `guestId` until `seconds` from now (database clock); returns expires_at. */
async function share(meeting: string, ownerId: string, guestId: string, seconds: number): Promise<string> {
  const [row] = await server.service(async (query) =>
    query(
      `insert into shared_meetings (session_id, shared_by, shared_with, expires_at) values ($1, $2, $3, now() + make_interval(secs => $4))
       returning expires_at::text as expires_at`,
      [meeting, ownerId, guestId, seconds],
    ),
  );
  return String(row?.['expires_at']);
}

async function visibilityOffset(userId: string, sessionId: string): Promise<string | undefined> {
  const [row] = await server.service(async (query) =>
    query(`select log_offset::text as log_offset from sync_visibility_log where user_id = $1 and session_id = $2`, [userId, sessionId]),
  );
  return row?.['log_offset'] as string | undefined;
}

const isPast = (expiresAt: string) => isPastAt(server, expiresAt);

describe('share expiry in the live shape feed', () => {
  it('a share expiring in ~2 s deletes the session from its recipient\'s live shapes with no other write; the owner keeps it', async () => {
    const sweeper = sweeperFor();
    await sweeper.start();
    const { owner, guest, meeting, lines } = await sharedSession(3);
    const expiresAt = await share(meeting, owner.userId, guest.userId, 2);
    await server.feed.poll();

    const sessions = watchShape(server, guest.token, 'sessions');
    const transcripts = watchShape(server, guest.token, 'transcripts');
    const owners = watchShape(server, owner.token, 'transcripts');
    expect((await sessions.shape.rows).map((row) => row['id'])).toEqual([meeting]);
    expect((await transcripts.shape.rows).length).toBe(3);
    expect((await owners.shape.rows).length).toBe(3);
    // The streams were read while the share was live (otherwise this test proves nothing).
    expect(await isPast(expiresAt)).toBe(false);
    const handles = [sessions.source.shapeHandle, transcripts.source.shapeHandle];

    // Nothing is written from here on: the sweeper's timer alone notices the expiry.
    await until(() => sessions.ids().length === 0 && transcripts.ids().length === 0);
    expect(await isPast(expiresAt)).toBe(true);
    expect(transcripts.deleted()).toEqual(sorted(lines));
    expect(sessions.deleted()).toEqual([meeting]);
    expect([...sessions.controls, ...transcripts.controls]).not.toContain('must-refetch');
    expect([sessions.source.shapeHandle, transcripts.source.shapeHandle]).toEqual(handles);

    // The owner's shape is untouched and still live.
    const late = randomUUID();
    await server.service(async (query) =>
      query(`insert into transcripts (id, session_id, content, speaker, sequence_number) values ($1, $2, 'line', 'them', 3)`, [late, meeting]),
    );
    await until(() => owners.ids().includes(late));
    expect(owners.ids()).toEqual(sorted([...lines, late]));
    expect(owners.deleted()).toEqual([]);
    expect(owners.controls).not.toContain('must-refetch');
    // The expired recipient never receives the new line (once the sweep has recorded the expiry the
    // feed's audience leaves them out, migration 0020; before it, only a delete of the id could reach them).
    expect(transcripts.changes.filter((change) => change.id === late && change.operation !== 'delete')).toEqual([]);
    expect(transcripts.ids()).toEqual([]);
    sessions.source.unsubscribeAll();
    transcripts.source.unsubscribeAll();
    owners.source.unsubscribeAll();
  });

  it('a share that expired while no server ran is swept at start, and only then', async () => {
    const { owner, guest, meeting, lines } = await sharedSession(2);
    const expiresAt = await share(meeting, owner.userId, guest.userId, 1.5);
    await server.feed.poll();
    const transcripts = watchShape(server, guest.token, 'transcripts');
    expect((await transcripts.shape.rows).length).toBe(2);
    expect(await isPast(expiresAt)).toBe(false);
    const before = await visibilityOffset(guest.userId, meeting);

    // "Down": no sweeper runs while the share expires, and nothing records it.
    await until(() => isPast(expiresAt));
    await server.feed.poll();
    expect(await visibilityOffset(guest.userId, meeting)).toBe(before);
    expect(transcripts.ids()).toEqual(sorted(lines));

    const restarted = sweeperFor();
    await restarted.start();
    await until(() => transcripts.ids().length === 0);
    expect(transcripts.deleted()).toEqual(sorted(lines));
    expect(transcripts.controls).not.toContain('must-refetch');
    transcripts.source.unsubscribeAll();
  });

  it('records each expiry once, with concurrent sweepers and across restarts', async () => {
    const shares = await Promise.all([sharedSession(1), sharedSession(1), sharedSession(1)]);
    const expiries = await Promise.all(shares.map(async ({ owner, guest, meeting }) => share(meeting, owner.userId, guest.userId, 1)));
    await server.feed.poll();
    const offsets = () => Promise.all(shares.map(async ({ guest, meeting }) => visibilityOffset(guest.userId, meeting)));
    const written = await offsets();
    await until(async () => (await Promise.all(expiries.map(isPast))).every(Boolean));

    // Two server processes sweeping at once (separate sweepers, separate connections).
    const first = sweeperFor();
    const second = sweeperFor();
    const counts = await Promise.all([first.sweep(), second.sweep(), first.sweep(), second.sweep()]);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(3);
    await server.feed.poll();
    const recorded = await offsets();
    recorded.forEach((offset, index) => expect(Number(offset)).toBeGreaterThan(Number(written[index])));

    // A restart and later sweeps find nothing new; the entries keep their offsets.
    const restarted = sweeperFor();
    await restarted.start();
    expect(await restarted.sweep()).toBe(0);
    expect(await first.sweep()).toBe(0);
    await server.feed.poll();
    expect(await offsets()).toEqual(recorded);
  });

  it('organization shares and memberships have no expiry to sweep', async () => {
    // If one gains an expires_at column, the sweep must cover it too.
    const columns = await server.service(async (query) =>
      query(
        `select table_name::text as table_name from information_schema.columns
         where table_schema = 'public' and column_name = 'expires_at' and table_name in ('organization_shared_meetings', 'organization_members', 'shared_meetings')`,
      ),
    );
    expect(columns.map((column) => column['table_name'])).toEqual(['shared_meetings']);
  });
});

describe('share expiry on embedded PGlite', () => {
  it('records an expired share as a visibility change once', async () => {
    const db = await createEmbeddedPglite();
    const sweeper = createShareExpirySweeper({ db, maxWaitMs: 200 });
    try {
      await migrate(db);
      const [owner, guest, org, meeting] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const expiresAt = await withServiceTx(db, async (tx) => {
        await tx.query(`insert into users (id, email) values ($1, $2), ($3, $4)`, [owner, `${owner}@pglite.test`, guest, `${guest}@pglite.test`]);
        await tx.query(`insert into organizations (id, name) values ($1, 'Org')`, [org]);
        await tx.query(`insert into sessions (id, user_id, organization_id, title, visibility) values ($1, $2, $3, 'Meeting', 'shared')`, [meeting, owner, org]);
        const result = await tx.query<{ expires_at: string }>(
          `insert into shared_meetings (session_id, shared_by, shared_with, expires_at) values ($1, $2, $3, now() + interval '1 second') returning expires_at::text as expires_at`,
          [meeting, owner, guest],
        );
        // The share's own write is not the expiry: start from a clean slate.
        await tx.query('delete from sync_visibility_changes');
        return result.rows[0]?.expires_at;
      });
      const pairs = async () =>
        (await withServiceTx(db, (tx) => tx.query<{ n: number }>(`select count(*)::int as n from sync_visibility_changes where user_id = $1 and session_id = $2`, [guest, meeting]))).rows[0]?.n;
      await sweeper.start();
      await until(async () => (await pairs()) === 1);
      const past = await withServiceTx(db, (tx) => tx.query<{ past: boolean }>(`select clock_timestamp() > $1::timestamptz as past`, [expiresAt]));
      expect(past.rows[0]?.past).toBe(true);
      expect(await sweeper.sweep()).toBe(0);
      expect(await pairs()).toBe(1);
    } finally {
      await sweeper.stop();
      await db.close();
    }
  });
});
