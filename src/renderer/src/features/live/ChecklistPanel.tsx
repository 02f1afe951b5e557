import { useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../../app/format';
import { useLive } from './live-store';

/** The prep checklist: tick items off during the call, add or remove items. */
export function ChecklistPanel() {
  const items = useLive((s) => s.checklist);
  const { addChecklistItem, toggleChecklistItem, deleteChecklistItem } = useLive.getState();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const doneCount = items.filter((i) => i.status === 'done').length;

  async function run(action: () => Promise<void>): Promise<void> {
    try {
      await action();
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  async function handleAdd(event: FormEvent): Promise<void> {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    await run(async () => {
      await addChecklistItem(text);
      setDraft('');
    });
  }

  return (
    <section className="panel" aria-labelledby="checklist-heading" data-testid="checklist-panel">
      <h2 id="checklist-heading">
        Checklist{' '}
        <span className="muted" data-testid="checklist-progress">
          {doneCount}/{items.length}
        </span>
      </h2>
      {items.length === 0 ? (
        <p className="muted">No checklist for this session.</p>
      ) : (
        <ul className="checklist">
          {items.map((item) => (
            <li key={item.id} className={item.status === 'done' ? 'done' : ''} data-testid="checklist-item">
              <label>
                <input type="checkbox" checked={item.status === 'done'} onChange={() => void run(() => toggleChecklistItem(item))} data-testid="checklist-toggle" />
                <span>{item.text}</span>
              </label>
              <button type="button" className="icon-button" aria-label={`Remove “${item.text}”`} onClick={() => void run(() => deleteChecklistItem(item.id))} data-testid="checklist-delete">
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-add" onSubmit={(e) => void handleAdd(e)}>
        <label htmlFor={inputId} className="visually-hidden">
          New checklist item
        </label>
        <input id={inputId} value={draft} onChange={(e) => setDraft(e.target.value)} maxLength={500} placeholder="Add an item" data-testid="checklist-input" />
        <button type="submit" disabled={!draft.trim()} data-testid="checklist-add">
          Add
        </button>
      </form>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
