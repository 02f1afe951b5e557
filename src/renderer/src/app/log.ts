import type { LogWriteInput } from '../../../shared/ipc/contracts/log';
import { invoke } from '../ipc';

/**
 * Technical facts about an error that are safe to log: its name and where it was thrown
 * (bundle file, line, column). The message is left out because it may quote user input.
 */
export function describeError(error: unknown): { error: string; at: string | null } {
  const name = error instanceof Error ? error.name : typeof error;
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  // The first frame after the message: "at fn (http://host/assets/x.js:1:2)" or "fn@http://host/assets/x.js:1:2".
  const frame = /(?:https?:\/\/[^/\s]+|file:\/\/)?(\/[^\s():]*:\d+:\d+)/.exec(stack.split('\n').slice(1).join('\n'));
  return { error: name.slice(0, 100), at: frame?.[1]?.slice(-200) ?? null };
}

/** The first component named in a React component stack (names are code, not user content). */
export function firstComponent(componentStack: string | null | undefined): string | null {
  return /at ([A-Z][A-Za-z0-9_$]*)/.exec(componentStack ?? '')?.[1] ?? null;
}

/** Sends a log line to the core (`log.write`); never throws, since logging must not break the UI. */
export function logToCore(level: LogWriteInput['level'], message: string, fields: NonNullable<LogWriteInput['fields']> = {}): void {
  invoke('log.write', { level, message, fields }).catch(() => undefined);
}

/** Logs uncaught errors and unhandled rejections of the renderer. */
export function logUncaughtErrors(target: Window): () => void {
  const onError = (event: ErrorEvent) => logToCore('error', 'uncaught renderer error', describeError(event.error));
  const onRejection = (event: PromiseRejectionEvent) => logToCore('error', 'unhandled renderer rejection', describeError(event.reason));
  target.addEventListener('error', onError);
  target.addEventListener('unhandledrejection', onRejection);
  return () => {
    target.removeEventListener('error', onError);
    target.removeEventListener('unhandledrejection', onRejection);
  };
}
