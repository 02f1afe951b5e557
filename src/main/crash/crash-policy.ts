/** What went wrong, as reported by process events or Electron's `*-gone` events. */
export type CrashKind = 'main-exception' | 'renderer-gone' | 'core-gone' | 'child-gone';

/** One crash, with Electron's reason string (`crashed`, `oom`, `killed`, `clean-exit`…). */
export interface CrashEvent {
  kind: CrashKind;
  reason: string;
  at: number;
}

/** What the shell does about a crash. */
export type CrashAction = 'ignore' | 'reload-window' | 'restart-core' | 'relaunch-app' | 'quit';

/** Crashes of one kind within this window count towards giving up. */
export const CRASH_WINDOW_MS = 60_000;
/** After this many crashes of a kind within the window, stop restarting and quit. */
export const MAX_CRASHES_IN_WINDOW = 3;

/**
 * Decides how to recover: reload a dead renderer, restart a dead core, relaunch after a main
 * exception, and quit once the same kind keeps crashing (a crash loop helps nobody).
 * `history` holds earlier crashes, newest last; the current one is `event`.
 */
export function decideCrashAction(event: CrashEvent, history: readonly CrashEvent[]): CrashAction {
  if (event.reason === 'clean-exit') return 'ignore';
  if (event.kind === 'child-gone' && event.reason !== 'oom' && event.reason !== 'crashed') return 'ignore';
  const recent = history.filter((past) => past.kind === event.kind && event.at - past.at < CRASH_WINDOW_MS).length;
  if (recent + 1 >= MAX_CRASHES_IN_WINDOW) return 'quit';
  switch (event.kind) {
    case 'renderer-gone':
      return 'reload-window';
    case 'core-gone':
      return 'restart-core';
    case 'main-exception':
      return 'relaunch-app';
    case 'child-gone':
      return 'ignore';
  }
}

/** The text of the dialog shown to the user for a crash action (never includes error details). */
export function crashDialogMessage(action: CrashAction): string | null {
  switch (action) {
    case 'ignore':
      return null;
    case 'reload-window':
      return 'The LiveConvo window stopped unexpectedly and will be reloaded. Recordings continue in the background.';
    case 'restart-core':
      return 'LiveConvo’s background service stopped unexpectedly and is restarting. Your saved data is safe.';
    case 'relaunch-app':
      return 'LiveConvo hit an unexpected error and will restart. Your saved data is safe.';
    case 'quit':
      return 'LiveConvo keeps stopping unexpectedly and will quit. The log file in the data folder says why.';
  }
}
