/** The whole-screen "could not open" and "loading" states shared by the session and report screens. */

/** An error that keeps the user one click from home. */
export function ScreenError({ testId, what, error }: { testId: string; what: string; error: string | null | undefined }) {
  return (
    <section className="screen" data-testid={testId}>
      <div className="error-box" role="alert" data-testid={`${testId}-error`}>
        <p>
          Could not open this {what}: {error}
        </p>
        <a className="button" href="#/">
          Back to sessions
        </a>
      </div>
    </section>
  );
}

/** A polite loading line, announced to screen readers. */
export function ScreenLoading({ testId, what }: { testId: string; what: string }) {
  return (
    <section className="screen" data-testid={testId}>
      <p className="muted" role="status">
        Loading {what}…
      </p>
    </section>
  );
}
