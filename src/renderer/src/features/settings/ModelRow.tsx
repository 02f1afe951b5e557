import type { ModelInfo } from '../../../../shared/ipc/contracts/engines';
import { formatBytes, progressPercent } from './model-size';

/** One downloadable model: size, progress bar while downloading, cancel/resume/retry, use. */
export function ModelRow(props: { model: ModelInfo; isSelected: boolean; onDownload(): void; onCancel(): void; onUse(): void }) {
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
        {model.status === 'ready' && props.isSelected ? (
          <span className="ok-text">In use</span>
        ) : (
          <ModelAction {...props} />
        )}
      </div>
    </li>
  );
}

// The visible words stay at the start of the accessible name; the model's name tells rows apart.
function ModelAction(props: { model: ModelInfo; onDownload(): void; onCancel(): void; onUse(): void }) {
  const { model } = props;
  const [text, testId, handler] =
    model.status === 'downloading'
      ? ['Cancel', 'model-cancel', props.onCancel]
      : model.status === 'ready'
        ? ['Use this model', 'model-use', props.onUse]
        : [model.status === 'failed' ? 'Try again' : model.received_bytes > 0 ? 'Resume download' : 'Download', 'model-download', props.onDownload];
  return (
    <button type="button" onClick={handler} aria-label={`${text}: ${model.label}`} data-testid={testId}>
      {text}
    </button>
  );
}
