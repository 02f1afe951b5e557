import { useState } from 'react';
import { errorMessage } from '../../app/format';
import { navigate } from '../../app/route';
import { invoke } from '../../ipc';

/** Creates a session titled with the current time and opens it ready to record. */
export function QuickRecordButton() {
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function handleClick(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const title = `Recording ${new Date().toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`;
      const session = await invoke('sessions.create', { title });
      navigate({ name: 'session', id: session.id });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="record-button" onClick={() => void handleClick()} disabled={isBusy} data-testid="quick-record">
        <span className="record-dot" aria-hidden="true" />
        Record now
      </button>
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </>
  );
}
