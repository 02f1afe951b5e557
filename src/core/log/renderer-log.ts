import type { IpcHandlers } from '../../shared/ipc/contract';
import { createLogger, type Logger } from './logger';

/** Renderer lines accepted per window before the rest are dropped (a render loop must not flood the log). */
export const RENDERER_LOG_BUDGET = { lines: 60, windowMs: 60_000 };

/**
 * `log.write`: writes validated renderer log lines through createLogger('renderer'). Lines over
 * the budget are dropped and counted; the count is logged once the window resets.
 */
export function createRendererLog(deps: { now: () => number; logger?: Logger }): Pick<IpcHandlers, 'log.write'> {
  const log = deps.logger ?? createLogger('renderer');
  let windowStart = -Infinity;
  let used = 0;
  let dropped = 0;
  return {
    'log.write': async ({ level, message, fields }) => {
      const t = deps.now();
      if (t - windowStart >= RENDERER_LOG_BUDGET.windowMs) {
        if (dropped > 0) log.warn('renderer log lines dropped', { dropped });
        windowStart = t;
        used = 0;
        dropped = 0;
      }
      if (used >= RENDERER_LOG_BUDGET.lines) {
        dropped += 1;
        return { ok: true as const, dropped };
      }
      used += 1;
      log[level](message, { ...fields, source: 'renderer' });
      return { ok: true as const, dropped };
    },
  };
}
