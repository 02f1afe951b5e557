import { useEffect, useId, useMemo, useState } from 'react';
import type { Session } from '../../../../shared/domain/session';
import { dayLabel, formatDuration, formatTime, groupByDay } from '../../app/format';
import { formatRoute, navigate } from '../../app/route';
import { UpcomingEvents } from '../calendar/UpcomingEvents';
import { filterSessions, type SessionFilters } from './session-filters';
import { QuickRecordButton } from './QuickRecordButton';
import { shownStatus, useSessions } from './sessions-store';
import { StatusBadge } from './StatusBadge';

/** Home: every session grouped by day, newest first, with a big record button. */
const NO_FILTERS: SessionFilters = { type: '', withinDays: 0, person: '' };

export function HomeScreen() {
  const { sessions, recordingId, status, error, load } = useSessions();
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    // The moment the first screen is usable; bench/ui.ts reads this mark.
    if (status === 'ready' && performance.getEntriesByName('home-interactive').length === 0) performance.mark('home-interactive');
  }, [status]);
  const [filters, setFilters] = useState<SessionFilters>(NO_FILTERS);
  // "Today" and the date filters are relative to when the screen opened.
  const [now] = useState(() => Date.now());
  const visible = useMemo(() => filterSessions(sessions, filters, now), [sessions, filters, now]);
  const groups = useMemo(() => groupByDay(visible, (s) => s.recording_started_at ?? s.created_at), [visible]);
  const types = useMemo(() => [...new Set(sessions.map((s) => s.conversation_type).filter((t): t is string => Boolean(t)))].sort(), [sessions]);
  const ids = { search: useId(), type: useId(), days: useId(), person: useId() };

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
      <form className="search-bar" role="search" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={ids.search} className="visually-hidden">
          Search your meetings
        </label>
        {/* Typing moves to the Search screen, which keeps the focus and shows results instantly. */}
        <input id={ids.search} type="search" placeholder="Search everything you have recorded" onChange={(e) => e.target.value.trim() && navigate({ name: 'search', q: e.target.value })} data-testid="home-search" />
      </form>
      <UpcomingEvents />
      {sessions.length > 0 && (
        <div className="filters" role="group" aria-label="Filter sessions">
          <label htmlFor={ids.type}>Type</label>
          <select id={ids.type} className="capitalize" value={filters.type} onChange={(e) => setFilters({ ...filters, type: e.target.value })} data-testid="filter-type">
            <option value="">All</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {t.replaceAll('_', ' ')}
              </option>
            ))}
          </select>
          <label htmlFor={ids.days}>When</label>
          <select id={ids.days} value={filters.withinDays} onChange={(e) => setFilters({ ...filters, withinDays: Number(e.target.value) })} data-testid="filter-days">
            <option value={0}>Any time</option>
            <option value={7}>Last 7 days</option>
            <option value={30}>Last 30 days</option>
          </select>
          <label htmlFor={ids.person}>Who</label>
          <input id={ids.person} value={filters.person} onChange={(e) => setFilters({ ...filters, person: e.target.value })} placeholder="Participant" data-testid="filter-person" />
        </div>
      )}
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
      ) : sessions.length > 0 && visible.length === 0 ? (
        <p className="muted" data-testid="sessions-filtered-empty">
          No session matches these filters.{' '}
          <button type="button" className="link-button" onClick={() => setFilters(NO_FILTERS)} data-testid="clear-filters">
            Clear filters
          </button>
        </p>
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
                  <SessionRow key={session.id} session={session} recordingId={recordingId} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </section>
  );
}

function SessionRow({ session, recordingId }: { session: Session; recordingId: string | null }) {
  const target = session.status === 'completed' ? formatRoute({ name: 'report', id: session.id }) : formatRoute({ name: 'session', id: session.id });
  return (
    <li>
      <a className="session-row" href={target} data-testid="session-row" data-session-id={session.id}>
        <span className="session-time">{formatTime(session.recording_started_at ?? session.created_at)}</span>
        <span className="session-title-cell">
          <span className="session-title" data-testid="session-title">
            {session.title}
          </span>
          {(session.participant_them ?? session.participant_me) && <span className="session-people">{[session.participant_me, session.participant_them].filter(Boolean).join(' · ')}</span>}
        </span>
        <span className="session-type">{session.conversation_type ?? 'General'}</span>
        <span className="session-duration">{formatDuration(session.recording_duration_seconds)}</span>
        <StatusBadge status={shownStatus(session, recordingId)} />
      </a>
    </li>
  );
}
