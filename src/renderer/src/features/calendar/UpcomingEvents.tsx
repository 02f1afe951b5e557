import { useEffect } from 'react';
import { formatRoute } from '../../app/route';
import { UpcomingEventRow } from './UpcomingEventRow';
import { useUpcoming, watchUpcoming } from './upcoming-store';
import './upcoming.css';

/** Home's "Upcoming": the next events of the user's connected calendars, or how to get them. */
export function UpcomingEvents() {
  const { result, loadedAt, status, error, load } = useUpcoming();
  useEffect(() => {
    void load();
    return watchUpcoming();
  }, [load]);

  return (
    <section className="upcoming" aria-labelledby="upcoming-title" data-testid="upcoming">
      <h2 id="upcoming-title" className="day-label">
        Upcoming
      </h2>
      {status === 'error' ? (
        <div className="error-box" role="alert" data-testid="upcoming-error">
          <p>Could not load your calendar: {error}</p>
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </div>
      ) : status !== 'ready' || !result ? (
        <p className="muted upcoming-note" role="status" data-testid="upcoming-loading">
          Loading your calendar…
        </p>
      ) : result.events.length > 0 ? (
        <ul className="session-list upcoming-list" data-testid="upcoming-list">
          {result.events.map((event) => (
            <UpcomingEventRow key={event.id} event={event} now={loadedAt} />
          ))}
        </ul>
      ) : result.state === 'signed_out' ? (
        <p className="upcoming-note" data-testid="upcoming-empty-signed-out">
          Meetings from your calendar show up here once you{' '}
          <a href={formatRoute({ name: 'settings' })} data-testid="upcoming-sign-in">
            sign in to a sync server
          </a>{' '}
          and connect Google Calendar or Outlook there.
        </p>
      ) : result.state === 'not_connected' ? (
        <p className="upcoming-note" data-testid="upcoming-empty-not-connected">
          No calendar connected yet. Calendars you connect on your sync server appear here, with a Join button for each meeting.
        </p>
      ) : (
        <p className="upcoming-note" data-testid="upcoming-empty">
          Nothing on your calendar in the next two weeks.
        </p>
      )}
    </section>
  );
}
