import { useEffect, useMemo, useState } from 'react';
import type { Session } from '../../../../shared/domain/session';
import { formatRoute } from '../../app/route';
import { useRecorder } from '../audio/recorder-store';
import { DocumentsPanel } from '../documents/DocumentsPanel';
import { StatusBadge, type ShownStatus } from '../sessions/StatusBadge';
import { ChecklistPanel } from './ChecklistPanel';
import { GuidancePanel } from './GuidancePanel';
import { useGuidance } from './guidance-store';
import { useLive } from './live-store';
import { NotesPanel } from './NotesPanel';
import { RecordingControls } from './RecordingControls';
import { Timer } from './Timer';
import { TranscriptList } from './TranscriptList';
import { ScreenError, ScreenLoading } from '../../app/ScreenStatus';

/**
 * The badge follows this window's recorder at once (the stored status catches up when the core reports the change).
 * A session stored as active that nothing here has recorded is interrupted, as the controls offering to resume it say.
 */
function shownStatus(status: Session['status'], phase: string, hasRecordedHere: boolean): ShownStatus {
  if (status === 'completed' || status === 'archived') return status;
  if (phase === 'recording') return 'active';
  if (phase === 'paused') return 'paused';
  if (phase === 'idle' && !hasRecordedHere && (status === 'active' || status === 'paused')) return 'interrupted';
  return status;
}

/** A session: live transcript in the middle, notes and checklist beside it, controls on top. */
export function SessionScreen({ id, at }: { id: string; at?: number }) {
  const session = useLive((s) => s.session);
  const status = useLive((s) => s.status);
  const error = useLive((s) => s.error);
  const open = useLive((s) => s.open);
  const openGuidance = useGuidance((s) => s.open);
  const recorderPhase = useRecorder((s) => (s.sessionId === id ? s.phase : 'idle'));
  // Between the recorder going idle and the ended session arriving, the stored status is still active: not an interruption.
  const [recordedId, setRecordedId] = useState<string | null>(null);
  if (recorderPhase !== 'idle' && recordedId !== id) setRecordedId(id);
  useEffect(() => {
    void open(id);
    void openGuidance(id);
  }, [id, open, openGuidance]);

  if (status === 'error') return <ScreenError testId="session-screen" what="session" error={error} />;
  if (!session) return <ScreenLoading testId="session-screen" what="session" />;

  return (
    <section className="screen live" aria-labelledby="session-title" data-testid="session-screen" data-session-id={session.id}>
      <header className="live-header">
        <div className="live-title">
          <h1 id="session-title" data-testid="session-heading">
            {session.title}
          </h1>
          <div className="live-meta">
            <StatusBadge status={shownStatus(session.status, recorderPhase, recordedId === id)} />
            <span className="capitalize">{session.conversation_type ?? 'General'}</span>
            <Timer session={session} />
            {session.participant_them && <span data-testid="session-participants">with {session.participant_them}</span>}
            {joinableUrl(session.meeting_url) && (
              <a href={session.meeting_url ?? undefined} target="_blank" rel="noreferrer" data-testid="session-join" aria-label={`Join the call${session.meeting_platform ? ` on ${PLATFORM_NAMES[session.meeting_platform]}` : ''} (opens in your browser)`}>
                Join call
              </a>
            )}
          </div>
        </div>
        <div className="actions">
          <RecordingControls session={session} />
          {session.status !== 'completed' && (
            <a className="button" href={formatRoute({ name: 'mini', id: session.id })} data-testid="open-mini">
              Compact view
            </a>
          )}
          {session.status === 'completed' && (
            <a className="button" href={formatRoute({ name: 'report', id: session.id })} data-testid="open-report">
              Open report
            </a>
          )}
        </div>
      </header>
      <div className="live-body">
        <LiveTranscript session={session} {...(at === undefined ? {} : { at })} />
        <aside className="side-panels" aria-label="Guidance, notes and checklist">
          <GuidancePanel />
          <NotesPanel />
          <ChecklistPanel />
          <DocumentsPanel sessionId={session.id} />
        </aside>
      </div>
    </section>
  );
}

const PLATFORM_NAMES: Record<NonNullable<Session['meeting_platform']>, string> = { zoom: 'Zoom', google_meet: 'Google Meet', teams: 'Teams', local: 'this device' };

/** Only https links are offered as a Join link (a stored `javascript:` or `file:` URL is not). */
function joinableUrl(url: string | null): boolean {
  if (!url) return false;
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** The transcript part alone re-renders as segments stream in. */
function LiveTranscript({ session, at }: { session: Session; at?: number }) {
  const finals = useLive((s) => s.finals);
  const partials = useLive((s) => s.partials);
  const lines = useMemo(() => [...finals, ...Object.values(partials)], [finals, partials]);
  return (
    <TranscriptList
      lines={lines}
      isLive={session.status === 'active' || session.status === 'paused'}
      emptyText={session.status === 'draft' ? 'Start recording to see the live transcript here.' : 'Listening… the transcript appears as people speak.'}
      {...(at === undefined ? {} : { highlightSeconds: at })}
    />
  );
}
