import type { Session } from '../../shared/domain/session';
import { LIMITS } from '../../shared/domain/common';
import { AppError } from '../../shared/errors';
import type { IpcHandlers } from '../../shared/ipc/contract';
import type { UpcomingEvent } from '../../shared/ipc/contracts/calendar';
import type { AppDb } from '../db/open-database';
import { createLogger } from '../log/logger';
import type { SessionsRepo } from '../sessions/sessions-repo';
import { createCalendarRepo, type UpcomingEventRow } from './calendar-repo';
import { parseAttendees, platformOf, safeMeetingUrl } from './event-fields';

const log = createLogger('calendar');
const DAY_MS = 24 * 60 * 60 * 1000;

/** What the calendar feature needs. */
export interface CalendarFeatureDeps {
  db: AppDb;
  sessions: SessionsRepo;
  now: () => number;
  /** The signed-in user, if any (calendars arrive only through a sync server). */
  currentUser: () => { userId: string | null };
  /** Creates a draft session (the sessions service, so templates/ownership/events work as everywhere). */
  createSession: (input: { title: string; meeting_url?: string; meeting_platform?: NonNullable<Session['meeting_platform']>; participant_them?: string }) => Session;
}

/** Home's "Upcoming": the next calendar events, and a session prepared from one. */
export function createCalendarFeature(deps: CalendarFeatureDeps) {
  const repo = createCalendarRepo(deps.db);

  const handlers: Pick<IpcHandlers, 'calendar.upcoming' | 'calendar.startSession'> = {
    'calendar.upcoming': async ({ limit, within_days }) => {
      const now = deps.now();
      const rows = repo.upcoming({ now, until: now + within_days * DAY_MS, limit });
      const events = rows.map(toUpcomingEvent);
      // The state follows the account (it picks the empty state); events are shown whenever mirrored.
      const state = deps.currentUser().userId === null ? 'signed_out' : repo.hasActiveConnection() ? 'connected' : 'not_connected';
      return { state, events };
    },
    'calendar.startSession': async ({ event_id }) => {
      const row = repo.find(event_id);
      if (!row) throw new AppError('calendar.event_not_found', 'This calendar event is no longer in your calendar', { details: { event_id } });
      if (row.session_id) return deps.sessions.get(row.session_id);
      const event = toUpcomingEvent(row);
      const people = event.attendees.map((a) => a.name ?? a.email).filter((p): p is string => Boolean(p));
      const session = deps.createSession({
        title: event.title.slice(0, LIMITS.title),
        ...(event.meeting_url ? { meeting_url: event.meeting_url.slice(0, LIMITS.shortText) } : {}),
        ...(event.platform ? { meeting_platform: event.platform } : {}),
        ...(people.length > 0 ? { participant_them: joinWithin(people, LIMITS.title) } : {}),
      });
      log.info('session prepared from calendar event', { sessionId: session.id, attendees: people.length });
      return session;
    },
  };
  return { handlers };
}

/** The calendar feature's type. */
export type CalendarFeature = ReturnType<typeof createCalendarFeature>;

function toUpcomingEvent(row: UpcomingEventRow): UpcomingEvent {
  const meetingUrl = safeMeetingUrl(row.meeting_url);
  return {
    id: row.id,
    title: row.title?.trim() || 'Untitled event',
    start_time: row.start_time,
    end_time: row.end_time,
    meeting_url: meetingUrl,
    platform: platformOf(meetingUrl),
    attendees: parseAttendees(row.attendees, row.id),
    organizer_email: row.organizer_email,
    is_organizer: row.is_organizer === 1,
    calendar: row.calendar_name ?? row.calendar_email ?? 'Calendar',
    session:
      row.session_id && row.session_title && row.session_status
        ? { id: row.session_id, title: row.session_title, status: row.session_status as Session['status'] }
        : null,
  };
}

// "Ana, Ben, Chris +4" within `max` characters.
function joinWithin(people: string[], max: number): string {
  let text = '';
  for (const [index, person] of people.entries()) {
    const next = text === '' ? person : `${text}, ${person}`;
    const rest = people.length - index - 1;
    const suffix = rest > 0 ? ` +${rest}` : '';
    if (next.length + suffix.length > max) return text === '' ? person.slice(0, max) : `${text} +${people.length - index}`;
    text = next;
  }
  return text;
}
