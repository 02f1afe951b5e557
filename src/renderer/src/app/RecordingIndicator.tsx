import { useRecorder } from '../features/audio/recorder-store';
import { formatRoute } from './route';

/** In the navigation while a recording runs, so it is one click away from any screen. */
export function RecordingIndicator() {
  const phase = useRecorder((s) => s.phase);
  const sessionId = useRecorder((s) => s.sessionId);
  if (!sessionId || phase === 'idle') return null;
  return (
    <a className={`recording-indicator ${phase}`} href={formatRoute({ name: 'session', id: sessionId })} data-testid="recording-indicator">
      <span className="record-dot" aria-hidden="true" />
      {phase === 'paused' ? 'Paused' : phase === 'stopping' ? 'Stopping…' : 'Recording'}
    </a>
  );
}
