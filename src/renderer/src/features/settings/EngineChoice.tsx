import { useEffect, useId, useState } from 'react';
import { CloudEndpointForm } from './CloudEndpointForm';
import { useEngines } from './engines-store';
import { ModelRow } from './ModelRow';

/**
 * The transcription engine radio list and the downloadable models, with loading, empty and error
 * states. Used by Settings → Engines and models and by the first-run tour.
 */
export function EngineChoice(props: {
  /** Heading level of "Downloadable models" under the surrounding heading. */
  modelsHeading: 'h2' | 'h3';
}) {
  const { state, status, error, load, select, download, cancel } = useEngines();
  const ModelsHeading = props.modelsHeading;
  // The cloud endpoint form: open while the cloud engine is chosen, or when asked for.
  const [isCloudOpen, setCloudOpen] = useState<boolean | null>(null);
  const cloudFormId = useId();
  const isCloudShown = isCloudOpen ?? state?.selected_engine === 'openai';

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      {!state ? (
        status !== 'error' && (
          <p className="muted" role="status" data-testid="engines-loading">
            Loading…
          </p>
        )
      ) : (
        <>
          <fieldset className="engine-list">
            <legend className="visually-hidden">Transcription engine</legend>
            {state.engines.map((engine) => {
              // sherpa-onnx runs a downloaded model: until one is ready, choosing it can only fail.
              const needsModel =
                engine.id === 'sherpa-onnx' && engine.available && !state.models.some((m) => m.status === 'ready');
              const isChoosable = engine.available && !needsModel;
              return (
                <div key={engine.id} className="engine-item">
                  <label className={isChoosable ? 'engine-option' : 'engine-option unavailable'}>
                    <input
                      type="radio"
                      name="engine"
                      value={engine.id}
                      checked={state.selected_engine === engine.id}
                      disabled={!isChoosable}
                      onChange={() => void select(engine.id)}
                      data-testid={`engine-${engine.id}`}
                    />
                    <span>
                      <strong>{engine.label}</strong>
                      <span className="hint">
                        {' '}
                        {engine.local
                          ? 'Runs on this computer; audio never leaves it.'
                          : 'Sends audio to the configured endpoint.'}
                      </span>
                      {engine.reason && <span className="hint engine-reason"> {engine.reason}</span>}
                      {needsModel && <span className="hint engine-reason"> Download a model below first.</span>}
                    </span>
                  </label>
                  {!engine.local && (
                    <button
                      type="button"
                      className="link-button engine-endpoint"
                      aria-expanded={isCloudShown}
                      aria-controls={isCloudShown ? cloudFormId : undefined}
                      onClick={() => setCloudOpen(!isCloudShown)}
                      data-testid="engine-setup-endpoint"
                    >
                      {isCloudShown ? 'Hide the endpoint settings' : engine.available ? 'Change the endpoint, model or key' : 'Set up the endpoint: URL, model and key'}
                    </button>
                  )}
                  {!engine.local && isCloudShown && <CloudEndpointForm id={cloudFormId} />}
                </div>
              );
            })}
          </fieldset>
          <ModelsHeading className="models-heading">Downloadable models</ModelsHeading>
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
                  onDownload={() => void download(model.id)}
                  onCancel={() => void cancel(model.id)}
                  onUse={() => void select('sherpa-onnx', model.id)}
                />
              ))}
            </ul>
          )}
        </>
      )}
      {error && (
        <div className="engines-error">
          <p className="error-text" role="alert" data-testid="engines-error">
            {error}
          </p>
          {!state && (
            <>
              <button type="button" onClick={() => void load()} data-testid="engines-retry">
                Try again
              </button>
              <p className="hint">The built-in PocketSphinx engine keeps working in the meantime.</p>
            </>
          )}
        </div>
      )}
    </>
  );
}
