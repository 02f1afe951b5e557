import { useEffect, useId, useState } from 'react';
import { useSessions } from '../sessions/sessions-store';

/** Picks earlier conversations whose content should feed this session's context. */
export function LinkedSessionsPicker({ selected, onChange }: { selected: string[]; onChange: (ids: string[]) => void }) {
  const { sessions, load } = useSessions();
  const [choice, setChoice] = useState('');
  const selectId = useId();
  useEffect(() => {
    void load();
  }, [load]);
  const candidates = sessions.filter((s) => !selected.includes(s.id));
  const chosen = sessions.filter((s) => selected.includes(s.id));

  return (
    <fieldset className="field">
      <legend>Earlier conversations</legend>
      {chosen.length > 0 && (
        <ul className="edit-list" data-testid="linked-sessions">
          {chosen.map((s) => (
            <li key={s.id}>
              <span>{s.title}</span>
              <button type="button" className="icon-button" aria-label={`Unlink ${s.title}`} onClick={() => onChange(selected.filter((id) => id !== s.id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {candidates.length === 0 ? (
        <p className="hint">{sessions.length === 0 ? 'No earlier conversations yet.' : 'All earlier conversations are linked.'}</p>
      ) : (
        <div className="inline-add">
          <label htmlFor={selectId} className="visually-hidden">
            Earlier conversation to link
          </label>
          <select id={selectId} value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="link-select">
            <option value="">Link an earlier conversation…</option>
            {candidates.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!choice}
            onClick={() => {
              onChange([...selected, choice]);
              setChoice('');
            }}
            data-testid="link-add"
          >
            Link
          </button>
        </div>
      )}
    </fieldset>
  );
}
