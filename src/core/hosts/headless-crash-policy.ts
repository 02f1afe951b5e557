import { AppError } from '../../shared/errors';
import type { AppErrorOccurred } from '../../shared/ipc/contracts/log';
import { createLogger, type Logger } from '../log/logger';

/** Events of one kind pushed at most this often; the rest are counted into the next one. */
export const CRASH_EVENT_INTERVAL_MS = 1_000;

/** What the policy needs from the process it guards. */
export interface GuardedProcess {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'uncaughtException' | 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

/**
 * The headless host's crash policy: an uncaught exception or unhandled rejection in background
 * core work is logged (name, code and code location, never the message), pushed to the UI as
 * `app.errorOccurred`, and the host keeps serving. Returns the function that removes it.
 */
export function installCrashPolicy(deps: {
  process: GuardedProcess;
  push: (payload: AppErrorOccurred) => void;
  now?: () => number;
  logger?: Logger;
}): () => void {
  const log = deps.logger ?? createLogger('crash-policy');
  const now = deps.now ?? Date.now;
  const last = new Map<string, { at: number; folded: number }>();

  function handle(kind: 'uncaught exception' | 'unhandled rejection', reason: unknown): void {
    const code = reason instanceof AppError ? reason.code : 'internal';
    const name = reason instanceof Error ? reason.name : typeof reason;
    const frame = reason instanceof Error ? (reason.stack ?? '').split('\n').find((l) => l.trim().startsWith('at '))?.trim().slice(0, 200) : undefined;
    log.error(`${kind} in background work; still serving`, { code, error: name, ...(frame ? { frame } : {}) });
    const key = `${code}:${name}`;
    const t = now();
    const previous = last.get(key);
    if (previous && t - previous.at < CRASH_EVENT_INTERVAL_MS) {
      previous.folded += 1;
      return;
    }
    last.set(key, { at: t, folded: 0 });
    const message =
      reason instanceof AppError
        ? `Something went wrong in the background: ${reason.message}`
        : `Something went wrong in the background (${name}). LiveConvo is still running; the details are in the log.`;
    try {
      deps.push({ code, message, repeated: previous?.folded ?? 0, at: t });
    } catch (error) {
      log.warn('could not report a background failure to the UI', { error: error instanceof Error ? error.name : 'unknown' });
    }
  }
  const onUncaught = (reason: unknown) => handle('uncaught exception', reason);
  const onRejection = (reason: unknown) => handle('unhandled rejection', reason);
  deps.process.on('uncaughtException', onUncaught);
  deps.process.on('unhandledRejection', onRejection);
  return () => {
    deps.process.off('uncaughtException', onUncaught);
    deps.process.off('unhandledRejection', onRejection);
  };
}
