import type { ReactNode } from 'react';
import type { Part } from './report-store';

/** Renders a report part's loading / error / unavailable states, or its content. */
export function PartView<T>({ part, what, children }: { part: Part<T>; what: string; children: (value: T) => ReactNode }) {
  switch (part.state) {
    case 'unavailable':
      return (
        <p className="muted" data-testid="part-unavailable">
          {what} is not available in this build.
        </p>
      );
    case 'loading':
      return (
        <p className="muted" role="status">
          Loading {what.toLowerCase()}…
        </p>
      );
    case 'error':
      return (
        <p className="error-text" role="alert">
          Could not load {what.toLowerCase()}: {part.error}
        </p>
      );
    case 'ready':
      return <>{children(part.value)}</>;
  }
}
