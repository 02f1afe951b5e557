import { useId, useState, type FormEvent } from 'react';
import type { SmartNote } from '../../../../shared/domain/notes';
import { errorMessage } from '../../app/format';
import { useLive } from './live-store';

const CATEGORY_LABELS: Record<SmartNote['category'], string> = {
  key_point: 'Key point',
  action_item: 'Action item',
  decision: 'Decision',
  question: 'Question',
  insight: 'Insight',
};
// Derived from the labels (complete by type) so no zod schema module enters the bundle.
const NOTE_CATEGORIES = Object.keys(CATEGORY_LABELS) as SmartNote['category'][];

/** Smart notes: the copilot's and the user's own, with add, edit and delete. */
export function NotesPanel() {
  const notes = useLive((s) => s.notes);
  const addNote = useLive((s) => s.addNote);
  const [content, setContent] = useState('');
  const [category, setCategory] = useState<SmartNote['category']>('key_point');
  const [error, setError] = useState<string | null>(null);
  const ids = { content: useId(), category: useId() };

  async function handleAdd(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!content.trim()) return;
    try {
      await addNote({ category, content: content.trim() });
      setContent('');
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <section className="panel" aria-labelledby="notes-heading" data-testid="notes-panel">
      <h2 id="notes-heading">Notes</h2>
      {notes.length === 0 ? (
        <p className="muted">No notes yet. Add what matters; the copilot adds its own as the call goes.</p>
      ) : (
        <ul className="notes">
          {notes.map((note) => (
            <NoteItem key={note.id} note={note} />
          ))}
        </ul>
      )}
      <form className="note-form" onSubmit={(e) => void handleAdd(e)}>
        <label htmlFor={ids.category} className="visually-hidden">
          Category
        </label>
        <select id={ids.category} value={category} onChange={(e) => setCategory(e.target.value as SmartNote['category'])} data-testid="note-category">
          {NOTE_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {CATEGORY_LABELS[c]}
            </option>
          ))}
        </select>
        <label htmlFor={ids.content} className="visually-hidden">
          Note
        </label>
        <input id={ids.content} value={content} onChange={(e) => setContent(e.target.value)} maxLength={10_000} placeholder="Add a note" data-testid="note-input" />
        <button type="submit" disabled={!content.trim()} data-testid="note-add">
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

function NoteItem({ note }: { note: SmartNote }) {
  const updateNote = useLive((s) => s.updateNote);
  const deleteNote = useLive((s) => s.deleteNote);
  const [isEditing, setEditing] = useState(false);
  const [draft, setDraft] = useState(note.content);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();

  async function run(action: () => Promise<void>): Promise<void> {
    try {
      await action();
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  async function handleSave(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!draft.trim()) return;
    await run(async () => {
      await updateNote(note.id, draft.trim());
      setEditing(false);
    });
  }

  return (
    <li className={`note note-${note.category}`} data-testid="note-item">
      <span className="note-category">{CATEGORY_LABELS[note.category]}</span>
      {isEditing ? (
        <form className="note-edit" onSubmit={(e) => void handleSave(e)}>
          <label htmlFor={inputId} className="visually-hidden">
            Edit note
          </label>
          <input id={inputId} value={draft} onChange={(e) => setDraft(e.target.value)} autoFocus onKeyDown={(e) => e.key === 'Escape' && setEditing(false)} data-testid="note-edit-input" />
          <button type="submit" data-testid="note-save">
            Save
          </button>
        </form>
      ) : (
        <p className="note-content" data-testid="note-content">
          {note.content}
        </p>
      )}
      {!isEditing && (
        <div className="note-actions">
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setDraft(note.content);
              setEditing(true);
            }}
            aria-label="Edit note"
            data-testid="note-edit"
          >
            Edit
          </button>
          <button type="button" className="link-button danger" onClick={() => void run(() => deleteNote(note.id))} aria-label="Delete note" data-testid="note-delete">
            Delete
          </button>
        </div>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
