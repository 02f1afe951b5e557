import { useState } from 'react';
import type { Session } from '../../../../shared/domain/session';
import type { RecordingHealth } from '../../../../shared/ipc/contracts/recording';
import { errorMessage } from '../../app/format';
import { invoke } from '../../ipc';
import { LevelMeter } from '../audio/LevelMeter';
import { useRecorder } from '../audio/recorder-store';
import { useLive } from './live-store';

const HEALTH_TEXT: Record<Exclude<RecordingHealth['status'], 'ok'>, string> = {
  silent: 'is silent — check the device and that it is not muted',
  stopped: 'stopped delivering audio',
  transcriber_error: 'could not be transcribed',
};
const CHANNEL_NAMES: Record<RecordingHealth['channel'], string> = { mic: 'Microphone', system: 'System audio', mixed: 'Audio' };

/** Start / pause / resume / stop for the open session, with the mic level and capture warnings. */
export function RecordingControls({ session }: { session: Session }) {
  const { phase, level, error, sessionId, health, coreLevels, droppedFrames, start, pause, resume, stop } = useRecorder();
  const setSession = useLive((s) => s.setSession);
  const [endError, setEndError] = useState<string | null>(null);
  const isThisSession = sessionId === session.id;

  async function handleStop(): Promise<void> {
    const ended = await stop();
    if (ended) setSession(ended);
  }

  // A session left active by a closed window or a crash can be resumed or ended from here.
  async function handleEnd(): Promise<void> {
    try {
      setSession(await invoke('sessions.end', { id: session.id }));
    } catch (caught) {
      setEndError(errorMessage(caught));
    }
  }

  if (session.status === 'completed' || session.status === 'archived') return null;
  const isRecordingHere = isThisSession && (phase === 'recording' || phase === 'paused' || phase === 'stopping');
  const isInterrupted = !isRecordingHere && (session.status === 'active' || session.status === 'paused');
  const warnings = isRecordingHere
    ? Object.entries(health).flatMap(([channel, status]) =>
        status && status !== 'ok' ? [`${CHANNEL_NAMES[channel as RecordingHealth['channel']]} ${HEALTH_TEXT[status]}.`] : [],
      )
    : [];
  const shownError = error ?? endError;

  return (
    <div className="recording-controls">
      <div className="control-row">
        {isRecordingHere ? (
          <>
            <span className="meter-with-label">
              <span aria-hidden="true">Mic</span>
              <LevelMeter level={phase === 'recording' ? level : 0} label="Microphone level" />
            </span>
            {coreLevels.system !== undefined && (
              <span className="meter-with-label">
                <span aria-hidden="true">System</span>
                <LevelMeter dbfs={phase === 'recording' ? coreLevels.system : -100} label="System audio level" testId="system-level-meter" />
              </span>
            )}
            {phase === 'paused' ? (
              <button type="button" onClick={() => void resume()} data-testid="resume-recording" aria-keyshortcuts="Alt+P">
                Resume
              </button>
            ) : (
              <button type="button" onClick={() => void pause()} disabled={phase === 'stopping'} data-testid="pause-recording" aria-keyshortcuts="Alt+P">
                Pause
              </button>
            )}
            <button type="button" className="danger stop-button" onClick={() => void handleStop()} disabled={phase === 'stopping'} data-testid="stop-recording" aria-keyshortcuts="Alt+S">
              {phase === 'stopping' ? 'Stopping…' : 'Stop'}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="record-button" onClick={() => void start(session)} disabled={phase !== 'idle'} data-testid="start-recording" aria-keyshortcuts="Alt+R">
              <span className="record-dot" aria-hidden="true" />
              {phase === 'starting' ? 'Starting…' : isInterrupted ? 'Resume recording' : 'Start recording'}
            </button>
            {isInterrupted && (
              <button type="button" className="danger" onClick={() => void handleEnd()} data-testid="end-session">
                End session
              </button>
            )}
          </>
        )}
      </div>
      {warnings.map((warning) => (
        <p key={warning} className="warning-text" role="status" data-testid="capture-warning">
          {warning}
        </p>
      ))}
      {isRecordingHere && droppedFrames > 0 && (
        <p className="warning-text" role="status">
          Connection trouble: {droppedFrames} audio frames could not be sent.
        </p>
      )}
      {shownError && (
        <p className="error-text" role="alert" data-testid="recording-error">
          {shownError}
        </p>
      )}
    </div>
  );
}
