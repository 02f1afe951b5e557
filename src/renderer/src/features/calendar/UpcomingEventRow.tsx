import { useState } from 'react';
import type { UpcomingEvent } from '../../../../shared/ipc/contracts/calendar';
import { errorMessage } from '../../app/format';
import { formatRoute, navigate } from '../../app/route';
import { invoke } from '../../ipc';
import { attendeeSummary, describeEventTime, platformName } from './upcoming-time';

const JOIN_SOON_MS = 15 * 60_000;

/** One upcoming event: when, what, who, and Join / Start notes (or Open notes when linked). */
export function UpcomingEventRow({ event, now }: { event: UpcomingEvent; now: number }) {
  const [isStarting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const time = describeEventTime(event.start_time, event.end_time, now);
  const platform = platformName(event.platform);
  const people = attendeeSummary(event.attendees);
  // The call to join right now stands out; later ones stay quiet.
  const isJoinable = time.isRunning || event.start_time - now <= JOIN_SOON_MS;

  async function handleStartNotes(): Promise<void> {
    setStarting(true);
    setError(null);
    try {
      const session = await invoke('calendar.startSession', { event_id: event.id });
      navigate({ name: 'session', id: session.id });
    } catch (caught) {
      setError(errorMessage(caught));
      setStarting(false);
    }
  }

  const notesTarget = event.session
    ? formatRoute(event.session.status === 'completed' ? { name: 'report', id: event.session.id } : { name: 'session', id: event.session.id })
    : null;

  return (
    <li className={time.isRunning ? 'upcoming-row is-running' : 'upcoming-row'} data-testid="upcoming-event" data-event-id={event.id}>
      <div className="upcoming-when">
        <span className="upcoming-day">{time.day}</span>
        <span className="upcoming-range">{time.range}</span>
      </div>
      <div className="upcoming-main">
        <span className="upcoming-heading">
          <span className="upcoming-title" data-testid="upcoming-title">
            {event.title}
          </span>
          {time.soon && (
            <span className={time.isRunning ? 'upcoming-soon is-now' : 'upcoming-soon'} data-testid="upcoming-soon">
              {time.soon}
            </span>
          )}
        </span>
        {(platform ?? people) && <span className="upcoming-meta">{[platform, people].filter(Boolean).join(' · ')}</span>}
        {event.session && event.session.title !== event.title && (
          <span className="upcoming-meta" data-testid="upcoming-linked">
            Notes: {event.session.title}
          </span>
        )}
        {error && (
          <span className="error-text" role="alert" data-testid="upcoming-start-error">
            {error}
          </span>
        )}
      </div>
      <div className="upcoming-actions">
        {event.meeting_url && (
          <a
            className={isJoinable ? 'button primary' : 'button'}
            href={event.meeting_url}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={`Join ${event.title}${platform ? ` on ${platform}` : ''} (opens in your browser)`}
            data-testid="upcoming-join"
          >
            Join
          </a>
        )}
        {notesTarget ? (
          <a className="button" href={notesTarget} aria-label={`Open notes for ${event.title}`} data-testid="upcoming-open-notes">
            Open notes
          </a>
        ) : (
          <button type="button" onClick={() => void handleStartNotes()} disabled={isStarting} aria-label={`Start notes for ${event.title}`} data-testid="upcoming-start-notes">
            {isStarting ? 'Starting…' : 'Start notes'}
          </button>
        )}
      </div>
    </li>
  );
}
