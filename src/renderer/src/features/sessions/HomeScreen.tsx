import { useEffect, useMemo } from 'react';
import type { Session } from '../../../../shared/domain/session';
import { dayLabel, formatDuration, formatTime, groupByDay } from '../../app/format';
import { formatRoute } from '../../app/route';
import { QuickRecordButton } from './QuickRecordButton';
import { useSessions } from './sessions-store';
import { StatusBadge } from './StatusBadge';

/** Home: every session grouped by day, newest first, with a big record button. */
export function HomeScreen() {
  const { sessions, status, error, load } = useSessions();
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    // The moment the first screen is usable; bench/ui.ts reads this mark.
    if (status === 'ready' && performance.getEntriesByName('home-interactive').length === 0) performance.mark('home-interactive');
  }, [status]);
  const groups = useMemo(() => groupByDay(sessions, (s) => s.recording_started_at ?? s.created_at), [sessions]);
  const now = Date.now();

  return (
    <section className="screen" aria-labelledby="home-title" data-testid="home-screen">
      <header className="screen-header">
        <h1 id="home-title">Sessions</h1>
        <div className="actions">
          <a className="button" href={formatRoute({ name: 'new' })} data-testid="new-session-link">
            New session
          </a>
          <QuickRecordButton />
        </div>
      </header>
      {status === 'loading' || status === 'idle' ? (
        <p className="muted" role="status" data-testid="sessions-loading">
          Loading sessions…
        </p>
      ) : status === 'error' ? (
        <div className="error-box" role="alert" data-testid="sessions-error">
          <p>Could not load your sessions: {error}</p>
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </div>
      ) : sessions.length === 0 ? (
        <div className="empty" data-testid="sessions-empty">
          <h2>No sessions yet</h2>
          <p>Record a meeting or prepare one from a template. Everything stays on this computer.</p>
          <a className="button primary" href={formatRoute({ name: 'new' })}>
            Prepare your first session
          </a>
        </div>
      ) : (
        <div className="day-groups" data-testid="sessions-list">
          {groups.map((group) => (
            <section key={group.key} aria-label={dayLabel(group.key, now)}>
              <h2 className="day-label">{dayLabel(group.key, now)}</h2>
              <ul className="session-list">
                {group.items.map((session) => (
                  <SessionRow key={session.id} session={session} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </section>
  );
}

function SessionRow({ session }: { session: Session }) {
  const target = session.status === 'completed' ? formatRoute({ name: 'report', id: session.id }) : formatRoute({ name: 'session', id: session.id });
  return (
    <li>
      <a className="session-row" href={target} data-testid="session-row" data-session-id={session.id}>
        <span className="session-time">{formatTime(session.recording_started_at ?? session.created_at)}</span>
        <span className="session-title" data-testid="session-title">
          {session.title}
        </span>
        <span className="session-type">{session.conversation_type ?? 'General'}</span>
        <span className="session-duration">{formatDuration(session.recording_duration_seconds)}</span>
        <StatusBadge status={session.status} />
      </a>
    </li>
  );
}
