import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Template } from '../../../../shared/domain/template';
import { errorMessage } from '../../app/format';
import { navigate } from '../../app/route';
import { ChecklistEditor } from './ChecklistEditor';
import { createSessionFromDraft } from './create-session';
import { useTemplates } from './templates-store';

/** Prepare a session: title, template, instructions for the copilot, context and a prep checklist. */
export function NewSessionScreen() {
  const { templates, status, error: loadError, load } = useTemplates();
  const [title, setTitle] = useState('');
  const [template, setTemplate] = useState<Template | null>(null);
  const [aiInstructions, setAiInstructions] = useState('');
  const [contextText, setContextText] = useState('');
  const [checklist, setChecklist] = useState<string[]>([]);
  const [isSaving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = { title: useId(), template: useId(), ai: useId(), context: useId() };

  useEffect(() => {
    void load();
  }, [load]);

  function handleTemplateChange(id: string): void {
    const next = templates.find((t) => t.id === id) ?? null;
    setTemplate(next);
    setChecklist(next ? [...next.default_checklist] : []);
  }

  async function handleSubmit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!title.trim()) {
      setError('Give the session a title.');
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const session = await createSessionFromDraft({ title, template, aiInstructions, contextText, checklist });
      navigate({ name: 'session', id: session.id });
    } catch (caught) {
      setError(errorMessage(caught));
      setSaving(false);
    }
  }

  return (
    <section className="screen narrow" aria-labelledby="new-title" data-testid="new-session-screen">
      <header className="screen-header">
        <h1 id="new-title">New session</h1>
      </header>
      <form className="form" onSubmit={(e) => void handleSubmit(e)} noValidate>
        <div className="field">
          <label htmlFor={ids.title}>Title</label>
          <input id={ids.title} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} required autoFocus placeholder="e.g. Discovery call with Acme" data-testid="session-title-input" />
        </div>
        <div className="field">
          <label htmlFor={ids.template}>Conversation type</label>
          <select id={ids.template} value={template?.id ?? ''} onChange={(e) => handleTemplateChange(e.target.value)} disabled={status !== 'ready'} data-testid="template-select">
            <option value="">{status === 'ready' ? 'General (no template)' : status === 'error' ? 'Templates unavailable' : 'Loading templates…'}</option>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
          {template?.description && <p className="hint">{template.description}</p>}
          {status === 'error' && (
            <p className="error-text" role="alert">
              Could not load templates: {loadError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={ids.ai}>Instructions for the copilot</label>
          <textarea id={ids.ai} value={aiInstructions} onChange={(e) => setAiInstructions(e.target.value)} rows={3} maxLength={10_000} placeholder="What should LiveConvo watch for or remind you about?" data-testid="ai-instructions-input" />
        </div>
        <div className="field">
          <label htmlFor={ids.context}>Background context</label>
          <textarea id={ids.context} value={contextText} onChange={(e) => setContextText(e.target.value)} rows={4} maxLength={200_000} placeholder="Paste notes, an agenda, product facts…" data-testid="context-input" />
        </div>
        <ChecklistEditor items={checklist} onChange={setChecklist} />
        {error && (
          <p className="error-text" role="alert" data-testid="new-session-error">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={isSaving} data-testid="create-session">
            {isSaving ? 'Creating…' : 'Create session'}
          </button>
          <a className="button" href="#/">
            Cancel
          </a>
        </div>
      </form>
    </section>
  );
}
