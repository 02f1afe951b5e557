import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SyncStatus } from '../../../../shared/ipc/contracts/sync';
import { errorMessage } from '../../app/format';
import { hasChannel, invokeOptional, onOptional } from '../../ipc';
import { OrganizationSwitcher } from './OrganizationSwitcher';

const STATE_TEXT: Record<SyncStatus['state'], string> = {
  signed_out: 'Not signed in — everything stays on this computer.',
  synced: 'Synced',
  syncing: 'Syncing…',
  offline: 'Offline — changes will sync when the server is reachable.',
  error: 'Sync error',
};

/** Account and sync: optional sign-in to a sync server, with live status. */
export function SyncSettings() {
  const isAvailable = hasChannel('sync.status');
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [serverUrl, setServerUrl] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const ids = { url: useId(), email: useId(), password: useId() };

  useEffect(() => {
    if (!isAvailable) return;
    invokeOptional<SyncStatus>('sync.status', {}).then(setStatus, (caught: unknown) => setError(errorMessage(caught)));
    return onOptional<SyncStatus>('sync.statusChanged', setStatus);
  }, [isAvailable]);

  async function run(channel: 'sync.signIn' | 'sync.signOut', input: unknown): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      setStatus(await invokeOptional<SyncStatus>(channel, input));
      setPassword('');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  function handleSignIn(event: FormEvent): void {
    event.preventDefault();
    void run('sync.signIn', { serverUrl: serverUrl.trim(), email: email.trim(), password });
  }

  return (
    <section className="panel settings-section" aria-labelledby="sync-heading" data-testid="sync-settings">
      <h2 id="sync-heading">Account and sync</h2>
      {!isAvailable ? (
        <p className="muted">Sync is not available in this build. Everything works locally without an account.</p>
      ) : !status ? (
        !error && <p className="muted">Loading…</p>
      ) : status.state === 'signed_out' ? (
        <form className="form" onSubmit={handleSignIn}>
          <p className="hint">{STATE_TEXT.signed_out} Sign in to a LiveConvo sync server to share with your organization.</p>
          <div className="field">
            <label htmlFor={ids.url}>Server</label>
            <input id={ids.url} type="url" required value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder="https://sync.example.com" />
          </div>
          <div className="field">
            <label htmlFor={ids.email}>Email</label>
            <input id={ids.email} type="email" required autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.password}>Password</label>
            <input id={ids.password} type="password" required autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={isBusy}>
              {isBusy ? 'Signing in…' : 'Sign in'}
            </button>
          </div>
        </form>
      ) : (
        <>
          <dl className="facts">
            <dt>Status</dt>
            <dd data-testid="sync-state">{STATE_TEXT[status.state]}</dd>
            <dt>Server</dt>
            <dd>{status.serverUrl ?? '—'}</dd>
            <dt>To upload</dt>
            <dd>{status.pending}</dd>
            {status.message && (
              <>
                <dt>Details</dt>
                <dd>{status.message}</dd>
              </>
            )}
          </dl>
          <OrganizationSwitcher />
          <button type="button" onClick={() => void run('sync.signOut', {})} disabled={isBusy} data-testid="sync-sign-out">
            Sign out
          </button>
        </>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
