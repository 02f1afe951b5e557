import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openPage, screenshot } from './support/browser';
import { connectRpc } from './support/rpc';
import { useServedApp } from './support/served';

const MIN = 60_000;

// Writes calendar rows into the served app's SQLite file the way the sync applier would (the
// desktop mirror of the server's calendar_connections / calendar_events).
function seedCalendar(dataDir: string, linkedSessionId: string): { standup: string; pricing: string; review: string } {
  const db = new Database(join(dataDir, 'liveconvo.db'), { fileMustExist: true });
  try {
    const now = Date.now();
    const connection = randomUUID();
    db.prepare(
      `INSERT INTO calendar_connections (id, user_id, provider, email, display_name, is_active, created_at, updated_at)
       VALUES (?, ?, 'google_calendar', 'maya@acme.test', 'Work', 1, ?, ?)`,
    ).run(connection, randomUUID(), now, now);
    const insert = db.prepare(
      `INSERT INTO calendar_events (id, calendar_connection_id, session_id, title, start_time, end_time, meeting_url, attendees, organizer_email, is_organizer, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'maya@acme.test', 1, ?, ?)`,
    );
    const add = (title: string, startMin: number, minutes: number, url: string | null, attendees: unknown[], session: string | null = null) => {
      const id = randomUUID();
      insert.run(id, connection, session, title, now + startMin * MIN, now + (startMin + minutes) * MIN, url, JSON.stringify(attendees), now, now);
      return id;
    };
    const standup = add('Team standup', -5, 15, 'https://acme.zoom.us/j/123456789', [{ email: 'li@acme.test', displayName: 'Li Wei' }, { email: 'sam@acme.test', displayName: 'Sam Ortiz' }]);
    const pricing = add('Pricing call with Globex', 25, 30, 'https://meet.google.com/abc-defg-hij', [
      { email: 'dana@globex.test', displayName: 'Dana Scully' },
      { email: 'fox@globex.test', displayName: 'Fox Mulder' },
      { emailAddress: { address: 'walter@globex.test', name: 'Walter Skinner' } },
      'legal@globex.test',
    ]);
    const review = add('Quarterly review', 26 * 60, 60, null, [], linkedSessionId);
    add('Yesterday retro', -26 * 60, 60, 'https://acme.zoom.us/j/999', []);
    return { standup, pricing, review };
  } finally {
    db.close();
  }
}

describe('home: upcoming calendar events', () => {
  const served = useServedApp();

  it('says how to get calendar events when signed out and none are mirrored', async () => {
    const { page, errors } = await openPage(served.browser, served.app.url);
    const empty = page.getByTestId('upcoming-empty-signed-out');
    await empty.waitFor();
    expect(await empty.textContent()).toContain('sign in to a sync server');
    await screenshot(page, 'calendar', '01-empty-signed-out');
    await page.getByTestId('upcoming-sign-in').click();
    await page.getByTestId('settings-screen').waitFor();
    expect(errors).toEqual([]);
  });

  it('shows an error with Try again when the calendar cannot be read, and recovers', async () => {
    const rpc = await connectRpc(served.app.url);
    const prepared = await rpc.call<{ id: string }>('sessions.create', { title: 'Q3 review prep' });
    rpc.close();
    seedCalendar(served.app.dataDir, prepared.id);
    const rename = (from: string, to: string) => {
      const db = new Database(join(served.app.dataDir, 'liveconvo.db'), { fileMustExist: true });
      try {
        db.exec(`ALTER TABLE ${from} RENAME TO ${to}`);
      } finally {
        db.close();
      }
    };
    rename('calendar_events', 'calendar_events_away');
    const { page } = await openPage(served.browser, served.app.url);
    const failure = page.getByTestId('upcoming-error');
    await failure.waitFor();
    // The rest of Home still works.
    await page.getByTestId('sessions-list').waitFor();
    await screenshot(page, 'calendar', '06-error');
    rename('calendar_events_away', 'calendar_events');
    await failure.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('upcoming-list').waitFor();
    expect(await page.getByTestId('upcoming-event').count()).toBe(3);
  });

  it('lists the next events with Join and Start notes, by mouse and keyboard', async () => {
    const rpc = await connectRpc(served.app.url);
    const prepared = await rpc.call<{ id: string }>('sessions.create', { title: 'Q3 review prep' });
    rpc.close();
    const ids = seedCalendar(served.app.dataDir, prepared.id);

    const { page, errors } = await openPage(served.browser, served.app.url);
    const list = page.getByTestId('upcoming-list');
    await list.waitFor();
    const events = list.getByTestId('upcoming-event');
    expect(await events.getByTestId('upcoming-title').allTextContents()).toEqual(['Team standup', 'Pricing call with Globex', 'Quarterly review']);
    expect((await events.getByTestId('upcoming-soon').allTextContents()).join('|')).toMatch(/^Now\|In 2[45] min$/);
    const standup = page.locator(`[data-event-id="${ids.standup}"]`);
    expect(await standup.getByTestId('upcoming-join').getAttribute('href')).toBe('https://acme.zoom.us/j/123456789');
    expect(await standup.getByTestId('upcoming-join').getAttribute('target')).toBe('_blank');
    const pricing = page.locator(`[data-event-id="${ids.pricing}"]`);
    expect(await pricing.textContent()).toContain('Google Meet · Dana Scully, Fox Mulder, Walter Skinner +1');
    // Linked to a session already: open it instead of starting another.
    const review = page.locator(`[data-event-id="${ids.review}"]`);
    expect(await review.getByTestId('upcoming-join').count()).toBe(0);
    expect(await review.getByTestId('upcoming-open-notes').getAttribute('href')).toBe(`#/session/${prepared.id}`);
    expect(await review.getByTestId('upcoming-linked').textContent()).toBe('Notes: Q3 review prep');
    // Only the call under way is the primary action.
    expect(await standup.getByTestId('upcoming-join').getAttribute('class')).toContain('primary');
    expect(await pricing.getByTestId('upcoming-join').getAttribute('class')).not.toContain('primary');
    await screenshot(page, 'calendar', '02-upcoming');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'calendar', '03-upcoming-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Keyboard: Tab reaches the actions in order, and Enter on "Start notes" opens a prefilled session.
    await page.getByTestId('home-search').focus();
    const reached: string[] = [];
    for (let i = 0; i < 8 && !reached.includes(`upcoming-start-notes:${ids.pricing}`); i += 1) {
      await page.keyboard.press('Tab');
      reached.push(
        String(await page.evaluate("(() => { const el = document.activeElement; return `${el?.dataset.testid ?? el?.tagName}:${el?.closest('[data-event-id]')?.dataset.eventId ?? ''}`; })()")),
      );
    }
    expect(reached.slice(0, 4)).toEqual([`upcoming-join:${ids.standup}`, `upcoming-start-notes:${ids.standup}`, `upcoming-join:${ids.pricing}`, `upcoming-start-notes:${ids.pricing}`]);
    await screenshot(page, 'calendar', '04-keyboard-focus');
    await page.keyboard.press('Enter');
    // The loading state carries the same test id; the loaded screen carries the session's id.
    const screen = page.locator('[data-testid="session-screen"][data-session-id]');
    await screen.waitFor();
    const sessionId = await screen.getAttribute('data-session-id');
    await page.getByText('Pricing call with Globex').first().waitFor();
    // The session page carries what the event prefilled: who is on the call and where to join it.
    expect(await screen.getByTestId('session-join').getAttribute('href')).toBe('https://meet.google.com/abc-defg-hij');
    expect(await screen.getByTestId('session-participants').textContent()).toBe('with Dana Scully, Fox Mulder, Walter Skinner, legal@globex.test');
    await screenshot(page, 'calendar', '05-session-from-event');

    // Back on Home the event now opens that session instead of starting another.
    await page.getByTestId('nav-home').click();
    const opened = page.locator(`[data-event-id="${ids.pricing}"]`).getByTestId('upcoming-open-notes');
    await opened.waitFor();
    expect(await opened.getAttribute('href')).toBe(`#/session/${sessionId ?? ''}`);
    await screenshot(page, 'calendar', '07-home-after-start');

    const db = new Database(join(served.app.dataDir, 'liveconvo.db'), { readonly: true, fileMustExist: true });
    try {
      const session = db.prepare('SELECT title, status, meeting_url, meeting_platform, participant_them FROM sessions WHERE id = ?').get(sessionId);
      expect(session).toEqual({
        title: 'Pricing call with Globex',
        status: 'draft',
        meeting_url: 'https://meet.google.com/abc-defg-hij',
        meeting_platform: 'google_meet',
        participant_them: 'Dana Scully, Fox Mulder, Walter Skinner, legal@globex.test',
      });
    } finally {
      db.close();
    }
    expect(errors).toEqual([]);
  });
});
