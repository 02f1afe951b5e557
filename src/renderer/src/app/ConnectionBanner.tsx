import { useEffect, useState } from 'react';
import { onConnectionChange, type ConnectionState } from '../ipc';

/** Tells the user when web mode has lost its connection to the core (steady while it retries). */
export function ConnectionBanner() {
  const [state, setState] = useState<ConnectionState>('open');
  const [hasOpened, setHasOpened] = useState(false);
  useEffect(
    () =>
      onConnectionChange((next) => {
        if (next === 'open') setHasOpened(true);
        setState(next);
      }),
    [],
  );
  // Retries alternate between "connecting" and "closed"; both mean "not connected" once we were.
  if (state === 'open' || (!hasOpened && state === 'connecting')) return null;
  return (
    <div className="banner warning" role="alert" data-testid="connection-lost">
      Connection to LiveConvo lost. Reconnecting…
    </div>
  );
}
