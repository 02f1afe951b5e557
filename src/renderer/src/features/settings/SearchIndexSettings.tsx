import { useEffect, useState } from 'react';
import type { SearchIndexStatus } from '../../../../shared/ipc/contracts/search';
import { errorMessage } from '../../app/format';
import { invoke, on } from '../../ipc';

/** The embedding index behind hybrid search: its embedder, progress, and a rebuild button. */
export function SearchIndexSettings() {
  const [status, setStatus] = useState<SearchIndexStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    invoke('search.status', {}).then(setStatus, (caught: unknown) => setError(errorMessage(caught)));
    return on('search.indexUpdated', setStatus);
  }, []);

  async function handleReindex(): Promise<void> {
    try {
      setStatus(await invoke('search.reindex', {}));
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <section className="panel settings-section" aria-labelledby="search-index-heading" data-testid="search-index-settings">
      <h2 id="search-index-heading">Search index</h2>
      {status ? (
        <dl className="facts">
          <dt>Embedder</dt>
          <dd>{status.embedder}</dd>
          <dt>Indexed</dt>
          <dd>{status.indexed}</dd>
          <dt>Waiting</dt>
          <dd>{status.pending}</dd>
          {status.last_error && (
            <>
              <dt>Last error</dt>
              <dd className="error-text">{status.last_error}</dd>
            </>
          )}
        </dl>
      ) : (
        !error && <p className="muted">Loading…</p>
      )}
      <button type="button" onClick={() => void handleReindex()} disabled={status?.is_running ?? false}>
        {status?.is_running ? 'Indexing…' : 'Rebuild index'}
      </button>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
