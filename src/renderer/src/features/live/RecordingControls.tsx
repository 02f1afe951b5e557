import { useState } from 'react';
import type { Session } from '../../../../shared/domain/session';
import { errorMessage } from '../../app/format';
import { invoke } from '../../ipc';
import { useRecorder } from '../audio/recorder-store';
import { LevelMeter } from '../audio/LevelMeter';
import { useLive } from './live-store';

/** Start / pause / resume / stop for the open session, with the mic level while recording. */
export function RecordingControls({ session }: { session: Session }) {
  const { phase, level, error, sessionId, isTranscriptionUnavailable, start, pause, resume, stop } = useRecorder();
  const setSession = useLive((s) => s.setSession);
  const isThisSession = sessionId === session.id;
  const [endError, setEndError] = useState<string | null>(null);

  // A session left active by a closed window or a crash can still be ended from here.
  async function handleEndOrphan(): Promise<void> {
    try {
      setSession(await invoke('sessions.end', { id: session.id }));
    } catch (caught) {
      setEndError(errorMessage(caught));
    }
  }

  async function handleStop(): Promise<void> {
    const ended = await stop();
    if (ended) setSession(ended);
  }

  if (session.status === 'completed' || session.status === 'archived') return null;
  const isRecordingHere = isThisSession && (phase === 'recording' || phase === 'paused' || phase === 'stopping');

  return (
    <div className="recording-controls">
      {isRecordingHere ? (
        <>
          <LevelMeter level={phase === 'recording' ? level : 0} label="Microphone level" />
          {phase === 'paused' ? (
            <button type="button" onClick={() => void resume()} data-testid="resume-recording" aria-keyshortcuts="Alt+P">
              Resume
            </button>
          ) : (
            <button type="button" onClick={() => void pause()} disabled={phase === 'stopping'} data-testid="pause-recording" aria-keyshortcuts="Alt+P">
              Pause
            </button>
          )}
          <button type="button" className="danger" onClick={() => void handleStop()} disabled={phase === 'stopping'} data-testid="stop-recording" aria-keyshortcuts="Alt+S">
            {phase === 'stopping' ? 'Stopping…' : 'Stop'}
          </button>
        </>
      ) : session.status === 'active' || session.status === 'paused' ? (
        <button type="button" className="danger" onClick={() => void handleEndOrphan()} data-testid="end-session">
          End session
        </button>
      ) : (
        <button type="button" className="record-button" onClick={() => void start(session)} disabled={phase !== 'idle'} data-testid="start-recording" aria-keyshortcuts="Alt+R">
          <span className="record-dot" aria-hidden="true" />
          {phase === 'starting' ? 'Starting…' : 'Start recording'}
        </button>
      )}
      {isThisSession && isTranscriptionUnavailable && phase !== 'idle' && (
        <p className="hint" data-testid="transcription-unavailable">
          Live transcription is not available in this build; the timer and notes still work.
        </p>
      )}
      {(error ?? endError) && (
        <p className="error-text" role="alert" data-testid="recording-error">
          {error ?? endError}
        </p>
      )}
    </div>
  );
}

