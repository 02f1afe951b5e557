import { useEffect, useState } from 'react';
import { onConnectionChange, type ConnectionState } from '../ipc';

/** Tells the user when web mode has lost its connection to the core. */
export function ConnectionBanner() {
  const [state, setState] = useState<ConnectionState>('open');
  useEffect(() => onConnectionChange(setState), []);
  if (state !== 'closed') return null;
  return (
    <div className="banner warning" role="alert" data-testid="connection-lost">
      Connection to LiveConvo lost. Reconnecting…
    </div>
  );
}
