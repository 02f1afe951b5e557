import { useId, useState, type KeyboardEvent } from 'react';

/** Edits the prep checklist before the session exists. */
export function ChecklistEditor({ items, onChange }: { items: string[]; onChange: (items: string[]) => void }) {
  const [draft, setDraft] = useState('');
  const inputId = useId();

  function handleAdd(): void {
    const text = draft.trim();
    if (!text) return;
    onChange([...items, text]);
    setDraft('');
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'Enter') {
      event.preventDefault();
      handleAdd();
    }
  }

  return (
    <fieldset className="field">
      <legend>Prep checklist</legend>
      {items.length === 0 ? (
        <p className="hint">Nothing to check yet. Pick a template or add your own items.</p>
      ) : (
        <ul className="edit-list" data-testid="prep-checklist">
          {items.map((item, index) => (
            <li key={`${index}-${item}`}>
              <span>{item}</span>
              <button type="button" className="icon-button" aria-label={`Remove “${item}”`} onClick={() => onChange(items.filter((_, i) => i !== index))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="inline-add">
        <label htmlFor={inputId} className="visually-hidden">
          New checklist item
        </label>
        <input id={inputId} value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={handleKeyDown} maxLength={500} placeholder="Add an item" data-testid="prep-item-input" />
        <button type="button" onClick={handleAdd} disabled={!draft.trim()}>
          Add
        </button>
      </div>
    </fieldset>
  );
}
