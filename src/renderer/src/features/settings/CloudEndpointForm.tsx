import { useEffect, useId, useState, type FormEvent } from 'react';
import { AppError } from '../../../../shared/errors';
import { errorMessage } from '../../app/format';
import { useEngines } from './engines-store';

/** Common OpenAI-compatible transcription endpoints and a model each serves. */
const PRESETS = [
  { id: 'openai', label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', model: 'whisper-1' },
  { id: 'groq', label: 'Groq', baseUrl: 'https://api.groq.com/openai/v1', model: 'whisper-large-v3-turbo' },
  { id: 'local', label: 'Local server', baseUrl: 'http://127.0.0.1:8000/v1', model: 'whisper-1' },
] as const;

type Message = { kind: 'ok' | 'error'; text: string };

/**
 * The cloud transcription endpoint: base URL (with presets), model and API key, Save and Test.
 * The stored key is never shown; typing one replaces it.
 */
export function CloudEndpointForm(props: { id: string }) {
  const { cloud, loadCloud, saveCloud, testCloud } = useEngines();
  const isChosen = useEngines((store) => store.state?.selected_engine === 'openai');
  const [baseUrl, setBaseUrl] = useState('');
  const [model, setModel] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [isKeyShown, setKeyShown] = useState(false);
  const [busy, setBusy] = useState<'saving' | 'testing' | 'removing' | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const ids = { url: useId(), model: useId(), key: useId(), keyHint: useId(), presets: useId() };

  useEffect(() => {
    loadCloud().then(
      () => {
        // Fill the fields with what is stored.
        const stored = useEngines.getState().cloud;
        setBaseUrl(stored?.base_url ?? '');
        setModel(stored?.model ?? '');
        setLoadError(null);
      },
      (caught: unknown) => setLoadError(errorMessage(caught)),
    );
  }, [loadCloud]);

  async function act(kind: NonNullable<typeof busy>, action: () => Promise<Message>): Promise<void> {
    setBusy(kind);
    setMessage(null);
    try {
      setMessage(await action());
    } catch (caught) {
      setMessage({ kind: 'error', text: describeError(caught) });
    } finally {
      setBusy(null);
    }
  }

  function handleSave(event: FormEvent): void {
    event.preventDefault();
    void act('saving', async () => {
      const saved = await saveCloud({ base_url: baseUrl.trim(), model: model.trim(), ...(apiKey.trim() ? { api_key: apiKey.trim() } : {}) });
      setApiKey('');
      setBaseUrl(saved.base_url);
      setModel(saved.model);
      return { kind: 'ok', text: saved.has_key ? 'Saved.' : 'Saved. Add an API key to use the cloud engine.' };
    });
  }

  function handleTest(): void {
    void act('testing', async () => {
      const result = await testCloud({ base_url: baseUrl.trim(), model: model.trim(), ...(apiKey.trim() ? { api_key: apiKey.trim() } : {}) });
      return { kind: result.ok ? 'ok' : 'error', text: result.message };
    });
  }

  function handleRemoveKey(): void {
    void act('removing', async () => {
      await saveCloud({ api_key: '' });
      return { kind: 'ok', text: 'The API key was removed.' };
    });
  }

  if (!cloud) {
    return loadError ? (
      <p className="error-text" role="alert" data-testid="cloud-load-error">
        {loadError}
      </p>
    ) : (
      <p className="muted" role="status">
        Loading…
      </p>
    );
  }

  return (
    <form id={props.id} className="form cloud-form" onSubmit={handleSave} aria-label="Cloud transcription endpoint" data-testid="cloud-form">
      <p className="hint">
        Any endpoint that speaks OpenAI’s transcription API. While you record, audio is sent to it in short clips.
      </p>
      <div className="field">
        <span id={ids.presets} className="field-label">
          Provider
        </span>
        <div className="cloud-presets" role="group" aria-labelledby={ids.presets}>
          {PRESETS.map((preset) => (
            <button
              key={preset.id}
              type="button"
              aria-pressed={baseUrl.trim().replace(/\/+$/, '') === preset.baseUrl}
              onClick={() => {
                setBaseUrl(preset.baseUrl);
                setModel(preset.model);
              }}
              data-testid={`cloud-preset-${preset.id}`}
            >
              {preset.label}
            </button>
          ))}
        </div>
      </div>
      <div className="field">
        <label htmlFor={ids.url}>Base URL</label>
        <input
          id={ids.url}
          type="url"
          required
          maxLength={500}
          value={baseUrl}
          onChange={(e) => setBaseUrl(e.target.value)}
          placeholder="https://api.openai.com/v1"
          data-testid="cloud-base-url"
        />
      </div>
      <div className="field">
        <label htmlFor={ids.model}>Model</label>
        <input id={ids.model} required maxLength={200} value={model} onChange={(e) => setModel(e.target.value)} placeholder="whisper-1" data-testid="cloud-model" />
      </div>
      <div className="field">
        <label htmlFor={ids.key}>API key</label>
        <div className="cloud-key">
          <input
            id={ids.key}
            type={isKeyShown ? 'text' : 'password'}
            autoComplete="off"
            spellCheck={false}
            maxLength={500}
            value={apiKey}
            onChange={(e) => setApiKey(e.target.value)}
            placeholder={cloud.has_key ? 'Stored — type to replace' : 'Not set'}
            aria-describedby={ids.keyHint}
            data-testid="cloud-api-key"
          />
          <button type="button" aria-pressed={isKeyShown} aria-controls={ids.key} onClick={() => setKeyShown(!isKeyShown)} data-testid="cloud-key-toggle">
            {isKeyShown ? 'Hide' : 'Show'}
            <span className="visually-hidden"> API key</span>
          </button>
        </div>
        <p id={ids.keyHint} className="hint">
          Stored encrypted by LiveConvo (the system keychain on desktop) and never shown again. A local server without keys accepts any text.
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy !== null} data-testid="cloud-save">
          {busy === 'saving' ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={handleTest} disabled={busy !== null} data-testid="cloud-test">
          {busy === 'testing' ? 'Testing…' : 'Test'}
        </button>
        {cloud.has_key && (
          <button type="button" className="link-button danger" onClick={handleRemoveKey} disabled={busy !== null} data-testid="cloud-remove-key">
            Remove the stored key
          </button>
        )}
        <span className="visually-hidden" role="status">
          {busy === 'testing' ? 'Testing the endpoint…' : busy === 'saving' ? 'Saving…' : ''}
        </span>
      </div>
      {cloud.has_key && !isChosen && (
        <p className="hint" data-testid="cloud-choose-hint">
          Ready: choose “Cloud endpoint” above to transcribe with it.
        </p>
      )}
      {message && (
        <p className={message.kind === 'ok' ? 'ok-text' : 'error-text'} role={message.kind === 'ok' ? 'status' : 'alert'} data-testid="cloud-message">
          {message.text}
        </p>
      )}
    </form>
  );
}

/** A refused field says why (the contract's own message), not just "Invalid input for …". */
function describeError(caught: unknown): string {
  if (caught instanceof AppError && caught.code === 'validation.invalid_input' && Array.isArray(caught.details)) {
    const reasons = (caught.details as { message?: unknown }[]).map((d) => d.message).filter((m): m is string => typeof m === 'string');
    // zod may report a bad URL twice (not a URL, and not https); the first reason is the one to fix.
    if (reasons[0]) return reasons[0];
  }
  return errorMessage(caught);
}
