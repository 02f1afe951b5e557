import { Component, type ErrorInfo, type ReactNode } from 'react';
import { describeError, firstComponent, logToCore } from './log';

interface State {
  error: Error | null;
}

/** Catches a screen's render errors so the shell and navigation keep working. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Shown below; logged through the core without the message, which may quote user content.
    logToCore('error', 'screen render failed', { ...describeError(error), component: firstComponent(info.componentStack) });
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="error-box screen" role="alert" data-testid="screen-error">
        <p>This screen hit a problem: {this.state.error.message}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
