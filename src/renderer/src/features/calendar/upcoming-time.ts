import { dayKey, formatTime } from '../../app/format';

/** How an event's time reads on Home. */
export interface EventTimeLabel {
  /** "Today", "Tomorrow" or e.g. "Wed 7 Jan". */
  day: string;
  /** "14:00 – 14:30". */
  range: string;
  /** "Now" while it runs, "In 12 min" within the hour, else null. */
  soon: string | null;
  isRunning: boolean;
}

/** The time labels of an event relative to `now` (local time). */
export function describeEventTime(startMs: number, endMs: number, now: number): EventTimeLabel {
  const isRunning = startMs <= now && now < endMs;
  const minutes = Math.ceil((startMs - now) / 60_000);
  const soon = isRunning ? 'Now' : minutes > 0 && minutes <= 60 ? `In ${minutes} min` : null;
  const key = dayKey(startMs);
  const day =
    key === dayKey(now)
      ? 'Today'
      : key === dayKey(now + 86_400_000)
        ? 'Tomorrow'
        : new Date(startMs).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
  return { day, range: `${formatTime(startMs)} – ${formatTime(endMs)}`, soon, isRunning };
}

/** A readable name of the meeting service. */
export function platformName(platform: 'zoom' | 'google_meet' | 'teams' | 'local' | null): string | null {
  switch (platform) {
    case 'zoom':
      return 'Zoom';
    case 'google_meet':
      return 'Google Meet';
    case 'teams':
      return 'Teams';
    case 'local':
    case null:
      return null;
  }
}

/** "Ana Lima, Ben +3" from attendees, at most `shown` names. */
export function attendeeSummary(attendees: readonly { name: string | null; email: string | null }[], shown = 3): string {
  const names = attendees.map((a) => a.name ?? a.email).filter((n): n is string => Boolean(n));
  if (names.length <= shown) return names.join(', ');
  return `${names.slice(0, shown).join(', ')} +${names.length - shown}`;
}
