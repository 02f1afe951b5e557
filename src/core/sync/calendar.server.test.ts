import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNCED_TABLES } from '../../shared/sync/tables';
import { sql } from '../db/sql';
import { createCore } from '../create-core';
import { createMemorySecretStore } from '../ports';
import { readAsUser, readMirror, startServerProcess, type ServerProcess } from './testing/server-process';

// The desktop end of the calendar mirror: events the server's calendar sync wrote arrive in
// SQLite through the shape streams and show up in calendar.upcoming; nothing flows back.
let server: ServerProcess;
let dir: string;

beforeAll(async () => {
  server = await startServerProcess('lc_b2_calendar_desktop');
  dir = mkdtempSync(join(tmpdir(), 'lc-calendar-'));
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(read: () => Promise<T>, isDone: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const start = Date.now();
  let value = await read();
  while (!isDone(value)) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met in time; last value: ${JSON.stringify(value).slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

async function addEvent(connectionId: string, title: string, startsInMin: number): Promise<string> {
  const result = await server.pool.query<{ id: string }>(
    `insert into calendar_events (calendar_connection_id, external_event_id, title, start_time, end_time, meeting_url, attendees)
     values ($1, $2, $3, now() + make_interval(mins => $4), now() + make_interval(mins => $4 + 30), 'https://acme.zoom.us/j/42',
       '[{"email": "dana@globex.test", "displayName": "Dana Scully"}]') returning id::text`,
    [connectionId, randomUUID(), title, startsInMin],
  );
  return result.rows[0]?.id ?? '';
}

describe('calendar events on the desktop', () => {
  it('arrive through sync, follow server changes, start sessions that sync up, and never leave the device', async () => {
    const alice = await server.signUp(`alice-${randomUUID()}@example.test`);
    const bob = await server.signUp(`bob-${randomUUID()}@example.test`);
    const connect = async (user: { userId: string; orgId: string }) =>
      (
        await server.pool.query<{ id: string }>(
          `insert into calendar_connections (user_id, organization_id, provider, email, display_name, oauth_refresh_token)
           values ($1, $2, 'google_calendar', 'work@example.test', 'Work', 'refresh-secret') returning id::text`,
          [user.userId, user.orgId],
        )
      ).rows[0]?.id ?? '';
    const aliceCalendar = await connect(alice);
    const bobCalendar = await connect(bob);
    const pitch = await addEvent(aliceCalendar, 'Pitch to Globex', 30);
    await addEvent(aliceCalendar, 'Already over', -120);
    await addEvent(bobCalendar, 'Bob only', 20);

    const core = createCore({ databasePath: join(dir, 'alice.sqlite'), dataDir: join(dir, 'alice'), secrets: createMemorySecretStore() });
    try {
      expect((await core['calendar.upcoming']({ limit: 5, within_days: 14 })).state).toBe('signed_out');
      await core['sync.signIn']({ serverUrl: server.url, email: alice.email, password: 'correct horse battery' });
      const upcoming = () => core['calendar.upcoming']({ limit: 5, within_days: 14 });
      const first = await until(upcoming, (r) => r.events.length > 0);
      expect(first.state).toBe('connected');
      expect(first.events.map((e) => [e.title, e.platform, e.attendees[0]?.name])).toEqual([['Pitch to Globex', 'zoom', 'Dana Scully']]);
      for (const table of ['calendar_connections', 'calendar_events'] as const) {
        expect(readMirror(core.internals.db, table, SYNCED_TABLES[table])).toEqual(await readAsUser(server.pool, alice.userId, table, SYNCED_TABLES[table]));
      }
      expect(JSON.stringify(core.internals.db.all(sql`SELECT * FROM calendar_connections`))).not.toContain('refresh-secret');

      // The server's calendar sync adds, moves and cancels events; the desktop follows.
      const standup = await addEvent(aliceCalendar, 'Standup', 10);
      await server.pool.query(`update calendar_events set title = 'Pitch to Globex (moved)', start_time = start_time + interval '1 hour', end_time = end_time + interval '1 hour' where id = $1`, [pitch]);
      await until(upcoming, (r) => r.events.map((e) => e.title).join('|') === 'Standup|Pitch to Globex (moved)');
      await server.pool.query(`delete from calendar_events where id = $1`, [standup]);
      await until(upcoming, (r) => r.events.map((e) => e.id).join('|') === pitch);

      // A session started from the event goes up like any other session.
      const session = await core['calendar.startSession']({ event_id: pitch });
      expect(session).toMatchObject({ title: 'Pitch to Globex (moved)', meeting_platform: 'zoom', participant_them: 'Dana Scully' });
      await until(
        async () => (await server.pool.query(`select title, user_id::text from sessions where id = $1`, [session.id])).rows,
        (rows) => rows.length === 1,
      );
      const outboxTables = core.internals.db.all<{ table_name: string }>(sql`SELECT DISTINCT table_name FROM outbox`).map((r) => r.table_name);
      expect(outboxTables).toEqual(['sessions']);

      // Disconnected on the server: the calendar goes quiet, and deleting it cascades away.
      await server.pool.query(`update calendar_connections set is_active = false where id = $1`, [aliceCalendar]);
      expect(await until(upcoming, (r) => r.events.length === 0)).toEqual({ state: 'not_connected', events: [] });
      await server.pool.query(`delete from calendar_connections where id = $1`, [aliceCalendar]);
      await until(
        async () => core.internals.db.all(sql`SELECT id FROM calendar_connections`),
        (rows) => rows.length === 0,
      );
      expect((await upcoming()).events).toEqual([]);
    } finally {
      await core.close();
    }
  });
});
