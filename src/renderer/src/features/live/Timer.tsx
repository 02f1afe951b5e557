import { useEffect, useState } from 'react';
import type { Session } from '../../../../shared/domain/session';
import { formatClock } from '../../app/format';

/** Seconds recorded so far: stored duration, plus the running stretch while active. */
export function elapsedSeconds(session: Session, nowMs: number): number {
  if (session.status === 'active' && session.recording_started_at !== null) {
    return Math.max(session.recording_duration_seconds, (nowMs - session.recording_started_at) / 1000);
  }
  if (session.recording_started_at !== null && session.recording_ended_at !== null) {
    return Math.max(session.recording_duration_seconds, (session.recording_ended_at - session.recording_started_at) / 1000);
  }
  return session.recording_duration_seconds;
}

/** The session clock, ticking once a second while recording. */
export function Timer({ session }: { session: Session }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (session.status !== 'active') return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [session.status]);
  return (
    <time className="timer" aria-label="Elapsed time" data-testid="session-timer">
      {formatClock(elapsedSeconds(session, now))}
    </time>
  );
}
