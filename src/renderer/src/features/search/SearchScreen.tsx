import { useEffect, useId, useRef, useState } from 'react';
import type { SearchHit } from '../../../../shared/ipc/contracts/search';
import { formatClock } from '../../app/format';
import { formatRoute, navigate } from '../../app/route';
import { useTemplates } from '../new-session/templates-store';
import { useSearch } from './search-store';
import { Snippet } from './Snippet';

/** 'team_meeting' → 'Team meeting' for the type filter. */
function typeLabel(type: string): string {
  const words = type.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const KIND_LABELS: Record<SearchHit['kind'], string> = { transcript: 'Transcript', note: 'Note', summary: 'Summary' };

/** Where a hit leads: the transcript moment for transcript hits, otherwise the report. */
export function hitTarget(hit: SearchHit): string {
  if (hit.kind === 'transcript' && hit.start_time_seconds !== null) {
    return formatRoute({ name: 'session', id: hit.session_id, at: hit.start_time_seconds });
  }
  return formatRoute({ name: 'report', id: hit.session_id });
}

/** Search across every meeting: instant results with snippets, jump to the moment. */
export default function SearchScreen({ q }: { q: string }) {
  const { hits, status, error, tookMs, isKeywordOnly, run } = useSearch();
  const [query, setQuery] = useState(q);
  const [type, setType] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const ids = { query: useId(), type: useId() };
  const templates = useTemplates((st) => st.templates);
  const loadTemplates = useTemplates((st) => st.load);
  const types = ['', ...new Set(templates.map((t) => t.conversation_type))];

  useEffect(() => {
    void loadTemplates();
  }, [loadTemplates]);

  useEffect(() => {
    // Arriving from the home search box: keep typing where it left off.
    const input = inputRef.current;
    input?.focus();
    input?.setSelectionRange(input.value.length, input.value.length);
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => {
      void run(query, type);
      // Keep the query in the URL so back/forward and reloads restore it.
      const hash = formatRoute({ name: 'search', q: query.trim() });
      if (location.hash !== hash) history.replaceState(null, '', hash);
    }, 150);
    return () => clearTimeout(timer);
  }, [query, type, run]);

  return (
    <section className="screen narrow" aria-labelledby="search-title" data-testid="search-screen">
      <header className="screen-header">
        <h1 id="search-title">Search</h1>
      </header>
      <form className="search-bar" role="search" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={ids.query} className="visually-hidden">
          Search your meetings
        </label>
        <input ref={inputRef} id={ids.query} type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search transcripts, notes and summaries" maxLength={500} data-testid="search-input" />
        <label htmlFor={ids.type} className="visually-hidden">
          Conversation type
        </label>
        <select id={ids.type} value={type} onChange={(e) => setType(e.target.value)} data-testid="search-type">
          {types.map((t) => (
            <option key={t} value={t}>
              {t ? typeLabel(t) : 'All types'}
            </option>
          ))}
        </select>
      </form>
      <div aria-live="polite">
        {status === 'loading' && hits.length === 0 && (
          <p className="muted" role="status">
            Searching…
          </p>
        )}
        {status === 'error' && (
          <p className="error-text" role="alert" data-testid="search-error">
            Search failed: {error}
          </p>
        )}
        {status === 'ready' && hits.length === 0 && (
          <p className="muted" data-testid="search-empty">
            Nothing matches “{query.trim()}”.
          </p>
        )}
        {status === 'idle' && <p className="muted">Type to search everything you have recorded.</p>}
      </div>
      {hits.length > 0 && (
        <>
          <p className="hint">
            {hits.length} {hits.length === 1 ? 'result' : 'results'} in {Math.round(tookMs ?? 0)} ms{isKeywordOnly ? ' (keyword search)' : ''}
          </p>
          <ul className="search-results" data-testid="search-results">
            {hits.map((hit) => (
              <li key={`${hit.kind}-${hit.id}`}>
                <a
                  href={hitTarget(hit)}
                  className="search-hit"
                  data-testid="search-hit"
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(hit.kind === 'transcript' && hit.start_time_seconds !== null ? { name: 'session', id: hit.session_id, at: hit.start_time_seconds } : { name: 'report', id: hit.session_id });
                  }}
                >
                  <span className="hit-meta">
                    <strong>{hit.session_title}</strong>
                    <span>{KIND_LABELS[hit.kind]}</span>
                    {hit.speaker && <span>{hit.speaker}</span>}
                    {hit.start_time_seconds !== null && <time>{formatClock(hit.start_time_seconds)}</time>}
                    <span>{new Date(hit.session_created_at).toLocaleDateString()}</span>
                  </span>
                  <Snippet text={hit.snippet.text} highlights={hit.snippet.highlights} />
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
