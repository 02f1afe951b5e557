import { useId, useMemo, useState } from 'react';
import { formatClock } from '../../app/format';
import { formatRoute } from '../../app/route';
import { useLive } from '../live/live-store';
import { TranscriptList } from '../live/TranscriptList';

/** The full transcript with search-within; a moment chosen elsewhere is highlighted. */
export function TranscriptTab({ sessionId, momentSeconds }: { sessionId: string; momentSeconds?: number }) {
  const finals = useLive((s) => s.finals);
  const isLoaded = useLive((s) => s.status === 'ready');
  const [filter, setFilter] = useState('');
  const inputId = useId();
  const needle = filter.trim().toLowerCase();
  const lines = useMemo(() => (needle ? finals.filter((line) => line.text.toLowerCase().includes(needle)) : finals), [finals, needle]);

  // Nothing was said: one line instead of a search box over a tall empty frame.
  if (isLoaded && finals.length === 0) {
    return (
      <p className="muted" data-testid="transcript-empty">
        This session has no transcript.
      </p>
    );
  }

  return (
    <div className="transcript-tab">
      <div className="inline-add">
        <label htmlFor={inputId} className="visually-hidden">
          Search within the transcript
        </label>
        <input id={inputId} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Search within this transcript" data-testid="transcript-filter" />
        <span className="muted nowrap" aria-live="polite">
          {needle ? `${lines.length} of ${finals.length} lines` : `${finals.length} lines`}
        </span>
      </div>
      <div className="transcript-frame">
        <TranscriptList lines={lines} isLive={false} startAtTop emptyText={needle ? 'No line matches.' : 'This session has no transcript.'} {...(momentSeconds === undefined ? {} : { highlightSeconds: momentSeconds })} />
      </div>
      {momentSeconds !== undefined && (
        <p className="hint">
          Showing the moment at {formatClock(momentSeconds)}. <a href={formatRoute({ name: 'session', id: sessionId, at: momentSeconds })}>Open it in the session view</a>
        </p>
      )}
    </div>
  );
}
