import { useEffect, useId, useState, type FormEvent } from 'react';
import { useOrganizations } from './organizations-store';

const ROLE_TEXT = { owner: 'Owner', admin: 'Admin', member: 'Member' } as const;

/** Settings → Account and sync: the user's organizations, switching between them, creating one. */
export function OrganizationSwitcher() {
  const { organizations, currentOrganizationId, status, pending, error, notice, load, switchTo, create, reset } = useOrganizations();
  const [name, setName] = useState('');
  const ids = { heading: useId(), name: useId() };

  // Shown only while signed in: unmounting (sign-out, leaving Settings) drops the list.
  useEffect(() => {
    void load();
    return reset;
  }, [load, reset]);

  async function handleCreate(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (await create(name.trim())) setName('');
  }

  return (
    <div className="org-switcher" role="group" aria-labelledby={ids.heading} data-testid="org-switcher">
      <h3 id={ids.heading} className="models-heading">
        Organization
      </h3>
      {status === 'loading' || status === 'idle' ? (
        <p className="muted" role="status">
          Loading organizations…
        </p>
      ) : status === 'error' ? (
        <button type="button" onClick={() => void load()} data-testid="org-retry">
          Try again
        </button>
      ) : organizations.length === 0 ? (
        <p className="muted" data-testid="org-empty">
          You are not a member of any organization yet. Create one below.
        </p>
      ) : (
        <ul className="model-list" aria-busy={pending !== null}>
          {organizations.map((org) => {
            const isCurrent = org.id === currentOrganizationId;
            const isSwitching = pending?.kind === 'switch' && pending.organizationId === org.id;
            return (
              <li key={org.id} className="model-row org-row" data-testid="org-row" data-current={isCurrent}>
                <div className="model-head">
                  <span>
                    <strong>{org.name}</strong> <span className="muted">· {ROLE_TEXT[org.role]}</span>
                  </span>
                  {isCurrent ? (
                    <span className="badge badge-completed" data-testid="org-current">
                      Current
                    </span>
                  ) : (
                    <button type="button" onClick={() => void switchTo(org.id)} disabled={pending !== null} aria-label={`Switch to ${org.name}`} data-testid="org-switch">
                      {isSwitching ? 'Switching…' : 'Switch'}
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <form className="org-create" onSubmit={(event) => void handleCreate(event)}>
        <label htmlFor={ids.name}>New organization</label>
        <input id={ids.name} required maxLength={120} value={name} onChange={(event) => setName(event.target.value)} placeholder="e.g. Sales team" data-testid="org-name" />
        <button type="submit" disabled={pending !== null || name.trim() === ''} data-testid="org-create">
          {pending?.kind === 'create' ? 'Creating…' : 'Create'}
        </button>
      </form>
      {notice && (
        <p className="ok-text" role="status" data-testid="org-notice">
          {notice}
        </p>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="org-error">
          {error}
        </p>
      )}
    </div>
  );
}
