import type { AppDb } from '../db/open-database';
import { sql } from '../db/sql';

/** An event row joined with its calendar and its linked session, as stored (0/1, JSON text). */
export interface UpcomingEventRow {
  id: string;
  title: string | null;
  start_time: number;
  end_time: number;
  meeting_url: string | null;
  attendees: string;
  organizer_email: string | null;
  is_organizer: number;
  calendar_name: string | null;
  calendar_email: string | null;
  session_id: string | null;
  session_title: string | null;
  session_status: string | null;
}

/** Events that started longer ago than this are not "upcoming" even while they last (all-day, multi-day). */
export const RUNNING_EVENT_LOOKBACK_MS = 12 * 60 * 60 * 1000;

/**
 * Reads the read-only calendar mirror (calendar_connections / calendar_events, synced from the
 * server). The mirror only ever holds the signed-in user's calendars, so no user filter is needed;
 * events of a connection that is gone or inactive are hidden (a cascade on the server does not
 * send their deletes).
 */
export function createCalendarRepo(db: AppDb) {
  return {
    /** Running or future events of active calendars starting before `until`, soonest first. */
    upcoming(options: { now: number; until: number; limit: number }): UpcomingEventRow[] {
      const { now, until, limit } = options;
      return db.all<UpcomingEventRow>([
        `${SELECT_EVENTS} WHERE e.start_time >= ? AND e.start_time < ? AND e.end_time > ? ORDER BY e.start_time, e.id LIMIT ?`,
        [now - RUNNING_EVENT_LOOKBACK_MS, until, now, limit],
      ]);
    },

    /** One event of an active calendar (with its linked session), or undefined. */
    find(id: string): UpcomingEventRow | undefined {
      return db.get<UpcomingEventRow>([`${SELECT_EVENTS} WHERE e.id = ?`, [id]]);
    },

    /** True when at least one active calendar is connected. */
    hasActiveConnection(): boolean {
      return db.get<{ one: number }>(sql`SELECT 1 AS one FROM calendar_connections WHERE is_active = 1 LIMIT 1`) !== undefined;
    },
  };
}

/** The calendar repository's type. */
export type CalendarRepo = ReturnType<typeof createCalendarRepo>;

/** A session titled like an event and created from this long before it starts counts as its notes. */
export const SESSION_MATCH_BEFORE_MS = 12 * 60 * 60 * 1000;

// Events of active calendars with their session (on this device, not deleted): the one the server
// links (started from the event), else the meeting bot's, else one this device started from the
// event, which it cannot link (the mirror is read-only): same title, created from 12 h before the
// start until the end (so yesterday's instance of a daily meeting does not count).
const SELECT_EVENTS = `
  SELECT e.id, e.title, e.start_time, e.end_time, e.meeting_url, e.attendees, e.organizer_email, e.is_organizer,
    c.display_name AS calendar_name, c.email AS calendar_email,
    s.id AS session_id, s.title AS session_title, s.status AS session_status
  FROM calendar_events e
  JOIN calendar_connections c ON c.id = e.calendar_connection_id AND c.is_active = 1
  LEFT JOIN sessions s ON s.id = coalesce(
    (SELECT id FROM sessions WHERE id = e.session_id AND deleted_at IS NULL),
    (SELECT id FROM sessions WHERE id = e.auto_session_id AND deleted_at IS NULL),
    (SELECT id FROM sessions WHERE title = e.title AND deleted_at IS NULL
       AND created_at >= e.start_time - ${SESSION_MATCH_BEFORE_MS} AND created_at < e.end_time ORDER BY created_at LIMIT 1))`;
