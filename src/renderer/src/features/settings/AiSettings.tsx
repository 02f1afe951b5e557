import { useEffect, useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../../app/format';
import { hasChannel, invokeOptional } from '../../ipc';

/** What ai.getSettings returns (the API key itself never leaves the core). */
interface AiSettingsView {
  is_enabled: boolean;
  base_url: string;
  model: string;
  has_api_key: boolean;
  timeout_ms: number;
  engine: 'offline' | 'llm';
}

/** The OpenAI-compatible endpoint for the copilot; without one, the offline engine runs. */
export function AiSettings() {
  const isAvailable = hasChannel('ai.getSettings') && hasChannel('ai.setSettings');
  const [settings, setSettings] = useState<AiSettingsView | null>(null);
  const [baseUrl, setBaseUrl] = useState('');
  const [model, setModel] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [isEnabled, setEnabled] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const ids = { url: useId(), model: useId(), key: useId(), enabled: useId() };

  useEffect(() => {
    if (!isAvailable) return;
    invokeOptional<AiSettingsView>('ai.getSettings', {}).then(
      (value) => {
        setSettings(value);
        setBaseUrl(value.base_url);
        setModel(value.model);
        setEnabled(value.is_enabled);
      },
      (caught: unknown) => setMessage({ kind: 'error', text: errorMessage(caught) }),
    );
  }, [isAvailable]);

  async function handleSave(event: FormEvent): Promise<void> {
    event.preventDefault();
    try {
      const saved = await invokeOptional<AiSettingsView>('ai.setSettings', {
        is_enabled: isEnabled,
        base_url: baseUrl.trim(),
        model: model.trim(),
        ...(apiKey.trim() ? { api_key: apiKey.trim() } : {}),
      });
      setSettings(saved);
      setApiKey('');
      setMessage({ kind: 'ok', text: 'Saved.' });
    } catch (caught) {
      setMessage({ kind: 'error', text: errorMessage(caught) });
    }
  }

  return (
    <section className="panel settings-section" aria-labelledby="ai-heading" data-testid="ai-settings">
      <h2 id="ai-heading">AI endpoint</h2>
      {!isAvailable ? (
        <p className="muted" data-testid="ai-settings-unavailable">
          AI endpoint settings are not available in this build. The offline copilot works without them.
        </p>
      ) : (
        <form className="form" onSubmit={(e) => void handleSave(e)}>
          <p className="hint">
            Any OpenAI-compatible endpoint: OpenAI, OpenRouter, Ollama, LM Studio. Without one, LiveConvo uses its offline engine.
            {settings && ` Now using: ${settings.engine === 'llm' ? 'the AI endpoint' : 'the offline engine'}.`}
          </p>
          <label className="check-row" htmlFor={ids.enabled}>
            <input id={ids.enabled} type="checkbox" checked={isEnabled} onChange={(e) => setEnabled(e.target.checked)} />
            Use the AI endpoint
          </label>
          <div className="field">
            <label htmlFor={ids.url}>Base URL</label>
            <input id={ids.url} type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="https://api.openai.com/v1" />
          </div>
          <div className="field">
            <label htmlFor={ids.model}>Model</label>
            <input id={ids.model} value={model} onChange={(e) => setModel(e.target.value)} placeholder="gpt-4o-mini" />
          </div>
          <div className="field">
            <label htmlFor={ids.key}>API key</label>
            <input id={ids.key} type="password" autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.target.value)} placeholder={settings?.has_api_key ? 'Stored — type to replace' : 'Not set'} />
            <p className="hint">Stored encrypted by LiveConvo (the system keychain on desktop); never shown again.</p>
          </div>
          <div className="form-actions">
            <button type="submit" className="primary">
              Save
            </button>
          </div>
        </form>
      )}
      {message && (
        <p className={message.kind === 'ok' ? 'ok-text' : 'error-text'} role={message.kind === 'ok' ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
