import { useErrorToasts } from './error-toasts';

/** Toasts for background failures; the app keeps working, so they inform and step aside. */
export function ErrorToasts() {
  const toasts = useErrorToasts((s) => s.toasts);
  const dismiss = useErrorToasts((s) => s.dismiss);
  return (
    <div className="toasts" aria-live="assertive" data-testid="error-toasts">
      {toasts.map((toast) => (
        <div key={toast.id} className="toast error" role="alert" data-testid="error-toast">
          <p>
            {toast.message}
            {toast.repeated > 0 && <span className="muted"> (and {toast.repeated} more like it)</span>}
          </p>
          <button type="button" className="link-button" onClick={() => dismiss(toast.id)} aria-label="Dismiss this message">
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
