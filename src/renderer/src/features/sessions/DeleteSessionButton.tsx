import { useState } from 'react';
import { errorMessage } from '../../app/format';
import { navigate } from '../../app/route';
import { useLive } from '../live/live-store';
import { useSessions } from './sessions-store';

/** Deletes a session after an explicit second click (no modal needed, keyboard friendly). */
export function DeleteSessionButton({ sessionId, title }: { sessionId: string; title: string }) {
  const remove = useSessions((s) => s.remove);
  const [isConfirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function handleDelete(): Promise<void> {
    try {
      await remove(sessionId);
      useLive.getState().forget(sessionId);
      navigate({ name: 'home' });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <span className="delete-session">
      {isConfirming ? (
        <>
          <button type="button" className="danger" onClick={() => void handleDelete()} aria-label={`Delete “${title}” for good`} data-testid="confirm-delete-session">
            Delete for good
          </button>
          <button type="button" onClick={() => setConfirming(false)} autoFocus>
            Keep
          </button>
        </>
      ) : (
        <button type="button" className="link-button danger" onClick={() => setConfirming(true)} data-testid="delete-session">
          Delete session
        </button>
      )}
      {error && (
        <span className="error-text" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
