import { isChangeMessage, isControlMessage, ShapeStream, type Row } from '@electric-sql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncTestServer, type SyncTestServer } from '../../sync/test-server';
import { insertLines, insertSession, sorted, until, watchShape } from '../../sync/test-shapes';

// Visibility loss and gain reach a live shape as deletes and inserts of exactly the rows that left or
// entered it (issue #5), not as 409 must-refetch.

let server: SyncTestServer;

beforeAll(async () => {
  server = await startSyncTestServer('lc_b2_visibility_deletes', { chunkSize: 5, liveTimeoutMs: 3_000 });
});
afterAll(async () => {
  await server?.close();
});

describe('visibility changes in the live shape feed', () => {
  it('a session turned private leaves as deletes of its rows, and comes back as inserts, on the same handle', async () => {
    const owner = await server.createUser();
    const colleague = await server.createUser({ orgId: owner.orgId, role: 'member' });
    const meeting = await insertSession(server, owner.userId, owner.orgId, 'organization');
    const other = await insertSession(server, owner.userId, owner.orgId, 'organization');
    const lines = await insertLines(server, meeting, 12);
    const otherLines = await insertLines(server, other, 2);
    await server.feed.poll();

    const sessions = watchShape(server, colleague.token, 'sessions');
    const transcripts = watchShape(server, colleague.token, 'transcripts');
    expect((await sessions.shape.rows).length).toBe(2);
    expect((await transcripts.shape.rows).length).toBe(14);
    const handles = [sessions.source.shapeHandle, transcripts.source.shapeHandle];
    const [logBefore] = await server.service(async (query) => query(`select count(*)::int as n from sync_log where table_name = 'transcripts'`));
    transcripts.changes.length = 0;

    await server.service(async (query) => query(`update sessions set visibility = 'private' where id = $1`, [meeting]));
    await until(() => sessions.ids().length === 1 && transcripts.ids().length === 2);
    expect(sessions.ids()).toEqual([other]);
    expect(transcripts.ids()).toEqual(sorted(otherLines));
    expect(transcripts.changes.filter((change) => change.operation === 'delete').map((change) => change.id).sort()).toEqual(sorted(lines));
    // One visibility entry per (user, session), not one log entry per transcript line.
    const [logAfter] = await server.service(async (query) => query(`select count(*)::int as n from sync_log where table_name = 'transcripts'`));
    expect(logAfter?.['n']).toBe(logBefore?.['n']);
    const entries = await server.service(async (query) =>
      query(`select user_id::text as user_id from sync_visibility_log where session_id = $1 order by user_id`, [meeting]),
    );
    expect(entries.map((entry) => entry['user_id'])).toEqual(sorted([owner.userId, colleague.userId]));

    transcripts.changes.length = 0;
    await server.service(async (query) => query(`update sessions set visibility = 'organization' where id = $1`, [meeting]));
    await until(() => sessions.ids().length === 2 && transcripts.ids().length === 14);
    expect(transcripts.changes.filter((change) => change.operation === 'insert').map((change) => change.id).sort()).toEqual(sorted(lines));

    expect([...sessions.controls, ...transcripts.controls]).not.toContain('must-refetch');
    expect([sessions.source.shapeHandle, transcripts.source.shapeHandle]).toEqual(handles);
    sessions.source.unsubscribeAll();
    transcripts.source.unsubscribeAll();
  });

  it('an ended membership deletes the organization\'s sessions and their rows; the owner keeps them', async () => {
    const owner = await server.createUser();
    const colleague = await server.createUser({ orgId: owner.orgId, role: 'member' });
    const meeting = await insertSession(server, owner.userId, owner.orgId, 'organization');
    const lines = await insertLines(server, meeting, 3);
    await server.feed.poll();

    const colleagues = watchShape(server, colleague.token, 'transcripts');
    const owners = watchShape(server, owner.token, 'transcripts');
    expect((await colleagues.shape.rows).length).toBe(3);
    expect((await owners.shape.rows).length).toBe(3);
    const handle = colleagues.source.shapeHandle;

    await server.service(async (query) => query(`delete from organization_members where user_id = $1 and organization_id = $2`, [colleague.userId, owner.orgId]));
    await until(() => colleagues.ids().length === 0);
    expect(colleagues.changes.filter((change) => change.operation === 'delete').map((change) => change.id).sort()).toEqual(sorted(lines));
    expect(colleagues.controls).not.toContain('must-refetch');
    expect(colleagues.source.shapeHandle).toBe(handle);

    // A later line of the session reaches the owner only.
    const [late] = await insertLines(server, meeting, 1, 3);
    await until(() => owners.ids().includes(late ?? ''));
    expect(colleagues.ids()).toEqual([]);
    expect(colleagues.changes.some((change) => change.id === late)).toBe(false);
    colleagues.source.unsubscribeAll();
    owners.source.unsubscribeAll();
  });

  it('a revoked share deletes the session for its recipient; sharing again inserts it', async () => {
    const owner = await server.createUser();
    const guest = await server.createUser();
    const outsider = await server.createUser();
    const meeting = await insertSession(server, owner.userId, owner.orgId, 'shared');
    const lines = await insertLines(server, meeting, 2);
    const share = async () =>
      server.service(async (query) => query(`insert into shared_meetings (session_id, shared_by, shared_with) values ($1, $2, $3)`, [meeting, owner.userId, guest.userId]));
    await share();
    await server.feed.poll();

    const sessions = watchShape(server, guest.token, 'sessions');
    const transcripts = watchShape(server, guest.token, 'transcripts');
    const strangers = watchShape(server, outsider.token, 'transcripts');
    expect((await sessions.shape.rows).map((row) => row['id'])).toEqual([meeting]);
    expect((await transcripts.shape.rows).length).toBe(2);
    await strangers.shape.rows;
    const handles = [sessions.source.shapeHandle, transcripts.source.shapeHandle];

    await server.service(async (query) => query(`delete from shared_meetings where session_id = $1 and shared_with = $2`, [meeting, guest.userId]));
    await until(() => sessions.ids().length === 0 && transcripts.ids().length === 0);
    expect(transcripts.changes.filter((change) => change.operation === 'delete').map((change) => change.id).sort()).toEqual(sorted(lines));

    await share();
    await until(() => sessions.ids().length === 1 && transcripts.ids().length === 2);
    expect([...sessions.controls, ...transcripts.controls]).not.toContain('must-refetch');
    expect([sessions.source.shapeHandle, transcripts.source.shapeHandle]).toEqual(handles);
    // Nobody else hears of the session.
    expect(strangers.changes).toEqual([]);
    sessions.source.unsubscribeAll();
    transcripts.source.unsubscribeAll();
    strangers.source.unsubscribeAll();
  });

  it('a session that left a user and was then deleted reaches them as a delete when they come back', async () => {
    const owner = await server.createUser();
    const colleague = await server.createUser({ orgId: owner.orgId, role: 'member' });
    const single = await insertSession(server, owner.userId, owner.orgId, 'organization');
    // More sessions than a response holds (chunkSize 5): those are answered by the per-user read.
    const several = await Promise.all(Array.from({ length: 7 }, () => insertSession(server, owner.userId, owner.orgId, 'organization')));
    await server.feed.poll();

    const seen: { operation: string; id: string }[] = [];
    const controls: string[] = [];
    const follow = (from?: { handle: string; offset: string }) => {
      const stop = new AbortController();
      const source = new ShapeStream<Row>({
        url: `${server.url}/v1/shape`,
        params: { table: 'sessions' },
        headers: { Authorization: `Bearer ${colleague.token}` },
        signal: stop.signal,
        ...(from ? { handle: from.handle, offset: from.offset as `${number}_${number}` } : {}),
      });
      let upToDate = false;
      source.subscribe((messages) => {
        for (const message of messages) {
          if (isControlMessage(message)) {
            controls.push(message.headers.control);
            if (message.headers.control === 'up-to-date') upToDate = true;
          } else if (isChangeMessage(message)) seen.push({ operation: message.headers.operation, id: String(message.value['id']) });
        }
      });
      return { source, stop, isUpToDate: () => upToDate };
    };
    const away = async (sessions: string[]) => {
      const first = follow();
      await until(() => first.isUpToDate() && sessions.every((id) => seen.some((change) => change.id === id && change.operation === 'insert')));
      const position = { handle: first.source.shapeHandle as string, offset: first.source.lastOffset };
      first.stop.abort();
      first.source.unsubscribeAll();
      // While the colleague is away: they leave the organization (the session rows are untouched),
      // then the sessions are deleted, so the deletes' audience no longer includes them.
      await server.service(async (query) => {
        await query(`delete from organization_members where organization_id = $1 and user_id = $2`, [owner.orgId, colleague.userId]);
        await query(`delete from sessions where id = any($1::uuid[])`, [sessions]);
      });
      await server.feed.poll();
      seen.length = 0;
      controls.length = 0;
      const back = follow(position);
      await until(() => sessions.every((id) => seen.some((change) => change.id === id && change.operation === 'delete')));
      expect(back.source.shapeHandle).toBe(position.handle);
      expect(controls).not.toContain('must-refetch');
      back.stop.abort();
      back.source.unsubscribeAll();
    };
    await away([single]);
    await server.service(async (query) =>
      query(`insert into organization_members (organization_id, user_id, role) values ($1, $2, 'member')`, [owner.orgId, colleague.userId]),
    );
    seen.length = 0;
    await away(several);
  });
});
