import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { sql } from '../db/sql';
import { ensureChangeCapture } from '../sync/change-capture';
import { createTestCore, type TestCore } from '../testing/create-test-core';
import { createCalendarFeature } from './calendar-feature';

const NOW = Date.UTC(2026, 0, 5, 9, 0, 0);
const MIN = 60_000;
const CONNECTION = '0b6c1f9e-3a51-4c1e-9d0a-1f2e3d4c5b6a';
const OTHER_CONNECTION = '1c7d2a0f-4b62-4d2f-8e1b-2a3f4e5d6c7b';

let seq = 0;
function eventId(): string {
  seq += 1;
  return `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
}

describe('calendar: upcoming events and sessions from them', () => {
  let core: TestCore;

  beforeEach(() => {
    core = createTestCore({ startAt: NOW });
    // Rows as the sync applier writes them (the mirror is read-only for the desktop).
    for (const [id, active, name] of [
      [CONNECTION, 1, 'Work'],
      [OTHER_CONNECTION, 0, 'Old calendar'],
    ] as const) {
      core.internals.db.run(sql`INSERT INTO calendar_connections (id, user_id, provider, email, display_name, is_active, created_at, updated_at)
        VALUES (${id}, 'a7e1c2d3-0000-4000-8000-000000000001', 'google_calendar', 'me@example.test', ${name}, ${active}, ${NOW}, ${NOW})`);
    }
  });
  afterEach(async () => {
    await core.close();
  });

  function addEvent(fields: { title?: string | null; start: number; minutes?: number; url?: string | null; attendees?: string; connection?: string; session?: string | null }): string {
    const id = eventId();
    const start = NOW + fields.start * MIN;
    core.internals.db.run(sql`INSERT INTO calendar_events (id, calendar_connection_id, session_id, title, start_time, end_time, meeting_url, attendees, is_organizer, created_at, updated_at)
      VALUES (${id}, ${fields.connection ?? CONNECTION}, ${fields.session ?? null}, ${fields.title === undefined ? 'Meeting' : fields.title}, ${start},
        ${start + (fields.minutes ?? 30) * MIN}, ${fields.url ?? null}, ${fields.attendees ?? '[]'}, 0, ${NOW}, ${NOW})`);
    return id;
  }

  it('lists running and future events of active calendars, soonest first, within the window and limit', async () => {
    addEvent({ title: 'Later today', start: 240 });
    addEvent({ title: 'Running now', start: -10, minutes: 30 });
    addEvent({ title: 'Finished', start: -60, minutes: 30 });
    addEvent({ title: 'Next week', start: 6 * 24 * 60 });
    addEvent({ title: 'Next month', start: 30 * 24 * 60 });
    addEvent({ title: 'Old calendar', start: 60, connection: OTHER_CONNECTION });
    // The connection is gone locally (its cascade sends no event deletes): the event is hidden.
    core.internals.db.raw.pragma('foreign_keys = OFF');
    addEvent({ title: 'Orphan', start: 30, connection: 'deadbeef-0000-4000-8000-000000000000' });
    core.internals.db.raw.pragma('foreign_keys = ON');

    const result = await core['calendar.upcoming']({});
    expect(result.state).toBe('signed_out');
    expect(result.events.map((e) => e.title)).toEqual(['Running now', 'Later today', 'Next week']);
    expect(result.events[0]?.calendar).toBe('Work');
    expect((await core['calendar.upcoming']({ limit: 1 })).events.map((e) => e.title)).toEqual(['Running now']);
    expect((await core['calendar.upcoming']({ within_days: 60 })).events.map((e) => e.title)).toContain('Next month');
    core.advance(31 * MIN);
    expect((await core['calendar.upcoming']({})).events.map((e) => e.title)).toEqual(['Later today', 'Next week']);
  });

  it('recognises the meeting service, drops non-https links and reads attendees of any calendar shape', async () => {
    addEvent({
      title: '  ',
      start: 10,
      url: 'https://acme.zoom.us/j/123456789?pwd=abc',
      attendees: JSON.stringify([{ email: 'ana@acme.test', displayName: 'Ana Lima' }, { emailAddress: { address: 'ben@acme.test', name: 'Ben Ortiz' } }, 'chris@acme.test', { self: true }, 42]),
    });
    addEvent({ title: 'Meet', start: 20, url: 'https://meet.google.com/abc-defg-hij' });
    addEvent({ title: 'Teams', start: 30, url: 'https://teams.microsoft.com/l/meetup-join/19%3a' });
    addEvent({ title: 'Script', start: 40, url: 'javascript:alert(1)', attendees: '{not json' });
    addEvent({ title: 'Other', start: 50, url: 'https://webex.example.test/room' });

    const events = (await core['calendar.upcoming']({})).events;
    expect(events.map((e) => [e.title, e.platform, e.meeting_url === null])).toEqual([
      ['Untitled event', 'zoom', false],
      ['Meet', 'google_meet', false],
      ['Teams', 'teams', false],
      ['Script', null, true],
      ['Other', null, false],
    ]);
    expect(events[0]?.attendees).toEqual([
      { email: 'ana@acme.test', name: 'Ana Lima' },
      { email: 'ben@acme.test', name: 'Ben Ortiz' },
      { email: 'chris@acme.test', name: null },
    ]);
    expect(events[3]?.attendees).toEqual([]);
  });

  it('starts a draft session prefilled from the event, and returns the linked one when there is one', async () => {
    const id = addEvent({
      title: 'Pricing call with Acme',
      start: 5,
      url: 'https://meet.google.com/abc-defg-hij',
      attendees: JSON.stringify([{ email: 'ana@acme.test', displayName: 'Ana Lima' }, { email: 'ben@acme.test' }]),
    });
    const session = await core['calendar.startSession']({ event_id: id });
    expect(session).toMatchObject({
      title: 'Pricing call with Acme',
      status: 'draft',
      meeting_url: 'https://meet.google.com/abc-defg-hij',
      meeting_platform: 'google_meet',
      participant_them: 'Ana Lima, ben@acme.test',
    });
    expect((await core['sessions.list']({})).map((s) => s.id)).toEqual([session.id]);
    // Started again (or shown on Home): the same session, not a second one.
    expect((await core['calendar.startSession']({ event_id: id })).id).toBe(session.id);
    expect((await core['calendar.upcoming']({})).events.find((e) => e.id === id)?.session?.id).toBe(session.id);
    expect(await core['sessions.list']({})).toHaveLength(1);

    const linked = await core['sessions.create']({ title: 'Board prep' });
    const linkedEvent = addEvent({ title: 'Board meeting', start: 60, session: linked.id });
    expect((await core['calendar.startSession']({ event_id: linkedEvent })).id).toBe(linked.id);
    const listed = (await core['calendar.upcoming']({})).events.find((e) => e.id === linkedEvent);
    expect(listed?.session).toEqual({ id: linked.id, title: 'Board prep', status: 'draft' });

    // Deleting the session only unlinks the event.
    await core['sessions.delete']({ id: linked.id });
    expect((await core['calendar.upcoming']({})).events.find((e) => e.id === linkedEvent)?.session).toBeNull();

    const missing = core['calendar.startSession']({ event_id: 'ffffffff-0000-4000-8000-000000000000' });
    await expect(missing).rejects.toBeInstanceOf(AppError);
    await expect(missing).rejects.toMatchObject({ code: 'calendar.event_not_found' });
    await expect(core['calendar.startSession']({ event_id: 'not-a-uuid' })).rejects.toMatchObject({ code: 'validation.invalid_input' });
  });

  it("does not take yesterday's session of a daily meeting for today's", async () => {
    const yesterday = await core['sessions.create']({ title: 'Daily standup' });
    core.advance(24 * 60 * MIN);
    const today = addEvent({ title: 'Daily standup', start: 24 * 60 + 5 });
    const event = (await core['calendar.upcoming']({})).events.find((e) => e.id === today);
    expect(event?.session).toBeNull();
    const started = await core['calendar.startSession']({ event_id: today });
    expect(started.id).not.toBe(yesterday.id);
  });

  it('says whether the user is signed out, signed in without a calendar, or connected', async () => {
    let userId: string | null = null;
    const feature = createCalendarFeature({
      db: core.internals.db,
      sessions: { get: () => { throw new Error('unused'); } } as never,
      now: () => NOW,
      currentUser: () => ({ userId }),
      createSession: () => { throw new Error('unused'); },
    });
    const state = async () => (await feature.handlers['calendar.upcoming']({ limit: 5, within_days: 14 })).state;
    expect(await state()).toBe('signed_out');
    userId = 'a7e1c2d3-0000-4000-8000-000000000001';
    expect(await state()).toBe('connected');
    core.internals.db.run(sql`UPDATE calendar_connections SET is_active = 0`);
    expect(await state()).toBe('not_connected');
  });

  it('never captures local writes to the calendar mirror for the server', async () => {
    ensureChangeCapture(core.internals.db);
    const session = await core['sessions.create']({ title: 'Captured' });
    const id = addEvent({ title: 'Not captured', start: 10 });
    core.internals.db.run(sql`UPDATE calendar_events SET title = 'Renamed' WHERE id = ${id}`);
    const marks = core.internals.db.all<{ table_name: string; row_id: string }>(sql`SELECT table_name, row_id FROM sync_unsynced`);
    // Capture is on (the session is marked for the next sign-in) but calendar rows are not.
    expect(marks).toEqual([{ table_name: 'sessions', row_id: session.id }]);
    expect(core.internals.db.get<{ n: number }>(sql`SELECT count(*) AS n FROM outbox`)?.n).toBe(0);
  });
});
