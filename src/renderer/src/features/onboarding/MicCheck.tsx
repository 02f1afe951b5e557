import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../app/format';
import { LevelMeter, levelToPercent } from '../audio/LevelMeter';
import { startMicCapture, type MicCapture } from '../audio/mic-capture';

/** Opens the microphone locally (nothing is sent or stored) and shows its live level. */
export function MicCheck() {
  const [state, setState] = useState<'idle' | 'starting' | 'running' | 'error'>('idle');
  const [level, setLevel] = useState(0);
  const [peak, setPeak] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const captureRef = useRef<MicCapture | null>(null);

  useEffect(
    () => () => {
      void captureRef.current?.stop();
      captureRef.current = null;
    },
    [],
  );

  async function handleStart(): Promise<void> {
    setState('starting');
    setError(null);
    try {
      captureRef.current = await startMicCapture({
        onFrame: () => undefined,
        onLevel: (value) => {
          setLevel(value);
          setPeak((p) => Math.max(p, levelToPercent(value)));
        },
      });
      setState('running');
    } catch (caught) {
      setError(errorMessage(caught));
      setState('error');
    }
  }

  return (
    <div className="mic-check" data-testid="mic-check">
      {state === 'running' ? (
        <>
          <LevelMeter level={level} label="Microphone level" />
          <p className="hint" role="status" data-testid="mic-check-status">
            {peak > 20 ? 'Your microphone works.' : 'Say something — the bar should move.'}
          </p>
        </>
      ) : (
        <button type="button" onClick={() => void handleStart()} disabled={state === 'starting'} data-testid="mic-check-start">
          {state === 'starting' ? 'Asking for the microphone…' : 'Test my microphone'}
        </button>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="mic-check-error">
          {error}
        </p>
      )}
    </div>
  );
}
