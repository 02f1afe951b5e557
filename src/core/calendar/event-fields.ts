import type { CalendarAttendee } from '../../shared/ipc/contracts/calendar';
import type { MEETING_PLATFORMS } from '../../shared/domain/session';
import { createLogger } from '../log/logger';

const log = createLogger('calendar');

/** The meeting link when it is an https URL (calendar data comes from anyone who sends an invite). */
export function safeMeetingUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' && url.username === '' && url.password === '' ? url.href : null;
  } catch (error) {
    if (error instanceof TypeError) return null;
    throw error;
  }
}

/** The meeting service of a link, recognised by host. */
export function platformOf(meetingUrl: string | null): (typeof MEETING_PLATFORMS)[number] | null {
  if (!meetingUrl) return null;
  const host = new URL(meetingUrl).hostname.toLowerCase();
  const within = (domain: string) => host === domain || host.endsWith(`.${domain}`);
  if (within('zoom.us') || within('zoom.com')) return 'zoom';
  if (host === 'meet.google.com') return 'google_meet';
  if (host === 'teams.microsoft.com' || host === 'teams.live.com') return 'teams';
  return null;
}

/**
 * Attendees from the stored JSON, whatever shape the calendar gave them: Google-style
 * `{ email, displayName }`, Microsoft-style `{ emailAddress: { address, name } }`, `{ name }` or a
 * bare email string. Unreadable JSON yields no attendees (logged), so one bad event never hides the list.
 */
export function parseAttendees(json: string, eventId: string): CalendarAttendee[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    log.warn('calendar event attendees are not JSON; showing none', { eventId });
    return [];
  }
  if (!Array.isArray(value)) return [];
  const attendees: CalendarAttendee[] = [];
  for (const item of value.slice(0, 200)) {
    const attendee = readAttendee(item);
    if (attendee) attendees.push(attendee);
  }
  return attendees;
}

function readAttendee(item: unknown): CalendarAttendee | undefined {
  if (typeof item === 'string') return item.trim() ? { email: item.trim(), name: null } : undefined;
  if (typeof item !== 'object' || item === null) return undefined;
  const record = item as Record<string, unknown>;
  const nested = typeof record['emailAddress'] === 'object' && record['emailAddress'] !== null ? (record['emailAddress'] as Record<string, unknown>) : {};
  const email = text(record['email']) ?? text(nested['address']);
  const name = text(record['displayName']) ?? text(record['name']) ?? text(nested['name']);
  return email || name ? { email: email ?? null, name: name ?? null } : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 320) : undefined;
}
