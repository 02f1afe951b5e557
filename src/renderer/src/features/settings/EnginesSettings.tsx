import { useEffect, useState } from 'react';
import type { EngineInfo, EnginesState, ModelInfo } from '../../../../shared/ipc/contracts/engines';
import { errorMessage } from '../../app/format';
import { invoke, on } from '../../ipc';
import { formatBytes, progressPercent } from './model-size';

/** Settings → Engines and models: pick the transcription engine, download sherpa-onnx models. */
export function EnginesSettings() {
  const [state, setState] = useState<EnginesState | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    invoke('engines.list', {}).then(setState, (caught: unknown) => setError(errorMessage(caught)));
    return on('models.downloadProgressed', (progress) =>
      setState((current) => (current ? { ...current, models: current.models.map((m) => (m.id === progress.id ? progress : m)) } : current)),
    );
  }, []);

  async function run(action: () => Promise<void>): Promise<void> {
    try {
      await action();
      setError(null);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }
  const select = (engine: EngineInfo['id'], modelId?: string) =>
    run(async () => setState(await invoke('engines.select', modelId === undefined ? { engine } : { engine, model_id: modelId })));
  const updateModel = (model: ModelInfo) =>
    setState((current) => (current ? { ...current, models: current.models.map((m) => (m.id === model.id ? model : m)) } : current));

  return (
    <section className="panel settings-section" aria-labelledby="engine-heading" data-testid="engines-settings">
      <h2 id="engine-heading">Engines and models</h2>
      {!state ? (
        !error && <p className="muted">Loading…</p>
      ) : (
        <>
          <fieldset className="engine-list">
            <legend className="visually-hidden">Transcription engine</legend>
            {state.engines.map((engine) => (
              <label key={engine.id} className={engine.available ? 'engine-option' : 'engine-option unavailable'}>
                <input
                  type="radio"
                  name="engine"
                  value={engine.id}
                  checked={state.selected_engine === engine.id}
                  disabled={!engine.available}
                  onChange={() => void select(engine.id)}
                  data-testid={`engine-${engine.id}`}
                />
                <span>
                  <strong>{engine.label}</strong>
                  <span className="hint"> {engine.local ? 'Runs on this computer; audio never leaves it.' : 'Sends audio to the configured endpoint.'}</span>
                  {engine.reason && <span className="hint engine-reason"> {engine.reason}</span>}
                </span>
              </label>
            ))}
          </fieldset>
          <h3 className="models-heading">Downloadable models</h3>
          {state.models.length === 0 ? (
            <p className="muted" data-testid="models-empty">
              No downloadable models are listed in this build. PocketSphinx works offline without a download.
            </p>
          ) : (
            <ul className="model-list">
              {state.models.map((model) => (
                <ModelRow
                  key={model.id}
                  model={model}
                  isSelected={state.selected_engine === 'sherpa-onnx' && state.selected_model === model.id}
                  onDownload={() => run(async () => updateModel(await invoke('models.download', { model_id: model.id })))}
                  onCancel={() => run(async () => updateModel(await invoke('models.cancel', { model_id: model.id })))}
                  onUse={() => select('sherpa-onnx', model.id)}
                />
              ))}
            </ul>
          )}
        </>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function ModelRow(props: { model: ModelInfo; isSelected: boolean; onDownload(): void; onCancel(): void; onUse(): void }) {
  const { model } = props;
  const percent = progressPercent(model.received_bytes, model.size_bytes);
  return (
    <li className="model-row" data-testid={`model-${model.id}`} data-status={model.status}>
      <div className="model-head">
        <strong>{model.label}</strong>
        <span className="muted">{formatBytes(model.size_bytes)}</span>
      </div>
      {model.status === 'downloading' && (
        <div className="model-progress">
          <progress max={100} value={percent ?? undefined} aria-label={`Downloading ${model.label}`} />
          <span className="muted" data-testid="model-progress-text">
            {percent === null ? formatBytes(model.received_bytes) : `${percent}%`}
          </span>
        </div>
      )}
      {model.status === 'failed' && model.error && (
        <p className="error-text" role="alert" data-testid="model-error">
          {model.error.offline ? 'You appear to be offline. ' : ''}
          {model.error.message}
        </p>
      )}
      <div className="model-actions">
        {model.status === 'downloading' ? (
          <button type="button" onClick={props.onCancel} data-testid="model-cancel">
            Cancel
          </button>
        ) : model.status === 'ready' ? (
          props.isSelected ? (
            <span className="ok-text">In use</span>
          ) : (
            <button type="button" onClick={props.onUse} data-testid="model-use">
              Use this model
            </button>
          )
        ) : (
          <button type="button" onClick={props.onDownload} data-testid="model-download">
            {model.status === 'failed' ? 'Try again' : model.received_bytes > 0 ? 'Resume download' : 'Download'}
          </button>
        )}
      </div>
    </li>
  );
}
