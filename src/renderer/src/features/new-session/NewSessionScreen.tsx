import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Template } from '../../../../shared/domain/template';
import { errorMessage } from '../../app/format';
import { navigate } from '../../app/route';
import { formatRoute } from '../../app/route';
import { DropZone } from '../documents/DropZone';
import { documentProblem } from '../documents/upload';
import { ChecklistEditor } from './ChecklistEditor';
import { LinkedSessionsPicker } from './LinkedSessionsPicker';
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
  const [files, setFiles] = useState<File[]>([]);
  const [linkedSessionIds, setLinkedSessionIds] = useState<string[]>([]);
  const [leftovers, setLeftovers] = useState<{ sessionId: string; problems: string[] } | null>(null);
  const [isSaving, setSaving] = useState(false);
  // One message at a time, shown beside what it is about: the title, the documents, or the form as a whole.
  const [error, setError] = useState<{ text: string; about: 'title' | 'documents' | 'form' } | null>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const ids = { title: useId(), titleError: useId(), template: useId(), ai: useId(), context: useId() };
  const errorAbout = (about: 'title' | 'documents' | 'form'): ReactNode =>
    error?.about === about && (
      <p id={about === 'title' ? ids.titleError : undefined} className="error-text" role="alert" data-testid="new-session-error">
        {error.text}
      </p>
    );

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
      setError({ text: 'Give the session a title.', about: 'title' });
      titleRef.current?.focus();
      // focus() scrolls only the input into view; bring its label back too.
      titleRef.current?.closest('.field')?.scrollIntoView({ block: 'nearest' });
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const { session, problems } = await createSessionFromDraft({ title, template, aiInstructions, contextText, checklist, files, linkedSessionIds });
      if (problems.length === 0) navigate({ name: 'session', id: session.id });
      else setLeftovers({ sessionId: session.id, problems });
    } catch (caught) {
      setError({ text: errorMessage(caught), about: 'form' });
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
          <input
            ref={titleRef}
            id={ids.title}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={300}
            required
            autoFocus
            placeholder="e.g. Discovery call with Acme"
            aria-invalid={error?.about === 'title' || undefined}
            aria-describedby={error?.about === 'title' ? ids.titleError : undefined}
            data-testid="session-title-input"
          />
          {errorAbout('title')}
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
        <fieldset className="field">
          <legend>Documents</legend>
          <p className="hint">Product sheets, pricing, a CV… the copilot uses them to answer during the call.</p>
          {files.length > 0 && (
            <ul className="edit-list" data-testid="pending-documents">
              {files.map((file, index) => (
                <li key={`${index}-${file.name}`}>
                  <span>
                    {file.name} <span className="muted">({Math.max(1, Math.round(file.size / 1024))} KB)</span>
                  </span>
                  <button type="button" className="icon-button" aria-label={`Remove ${file.name}`} onClick={() => setFiles(files.filter((_, i) => i !== index))}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <DropZone
            onFiles={(added) => {
              const problem = added.map(documentProblem).find((p) => p !== null);
              setError(problem ? { text: problem, about: 'documents' } : null);
              setFiles([...files, ...added.filter((f) => documentProblem(f) === null)]);
            }}
          />
          {errorAbout('documents')}
        </fieldset>
        <LinkedSessionsPicker selected={linkedSessionIds} onChange={setLinkedSessionIds} />
        {errorAbout('form')}
        {leftovers && (
          <div className="error-box" role="alert" data-testid="new-session-leftovers">
            <p>The session was created, but:</p>
            <ul>
              {leftovers.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
            <a className="button" href={formatRoute({ name: 'session', id: leftovers.sessionId })}>
              Continue to the session
            </a>
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={isSaving || leftovers !== null} data-testid="create-session">
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
