import { describe, expect, it } from 'vitest';
import { createTestCore } from '../testing/create-test-core';
import type { Logger, LogFields } from './logger';
import { createRendererLog, RENDERER_LOG_BUDGET } from './renderer-log';

function recordingLogger(): Logger & { lines: { level: string; message: string; fields: LogFields | undefined }[] } {
  const lines: { level: string; message: string; fields: LogFields | undefined }[] = [];
  const at = (level: string) => (message: string, fields?: LogFields) => void lines.push({ level, message, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('log.write', () => {
  it('is validated at the IPC boundary: levels, message size, field names, values and count', async () => {
    const core = createTestCore();
    try {
      await expect(core['log.write']({ level: 'error', message: 'screen render failed', fields: { error: 'TypeError', line: 12, fatal: false } })).resolves.toEqual({ ok: true, dropped: 0 });
      const bad = [
        { level: 'fatal', message: 'x' },
        { level: 'info', message: '' },
        { level: 'info', message: 'x'.repeat(201) },
        { level: 'info', message: 'x', fields: { 'bad key': 1 } },
        { level: 'info', message: 'x', fields: { nested: { a: 1 } } },
        { level: 'info', message: 'x', fields: { long: 'y'.repeat(301) } },
        { level: 'info', message: 'x', fields: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`f${i}`, i])) },
        { level: 'info', message: 'x', extra: true },
      ];
      for (const input of bad) await expect(core['log.write'](input as never)).rejects.toMatchObject({ code: 'validation.invalid_input' });
    } finally {
      await core.close();
    }
  });

  it('writes through the core logger with the level asked for, marked as renderer', async () => {
    const logger = recordingLogger();
    const handlers = createRendererLog({ now: () => 0, logger });
    await handlers['log.write']({ level: 'warn', message: 'socket reconnected', fields: { attempts: 3 } });
    expect(logger.lines).toEqual([{ level: 'warn', message: 'socket reconnected', fields: { attempts: 3, source: 'renderer' } }]);
  });

  it('drops lines over the budget and reports how many once the window resets', async () => {
    const logger = recordingLogger();
    let now = 0;
    const handlers = createRendererLog({ now: () => now, logger });
    for (let i = 0; i < RENDERER_LOG_BUDGET.lines + 5; i += 1) await handlers['log.write']({ level: 'info', message: 'tick', fields: {} });
    expect(logger.lines).toHaveLength(RENDERER_LOG_BUDGET.lines);
    now += RENDERER_LOG_BUDGET.windowMs;
    await handlers['log.write']({ level: 'info', message: 'tick', fields: {} });
    expect(logger.lines.at(-2)).toEqual({ level: 'warn', message: 'renderer log lines dropped', fields: { dropped: 5 } });
    expect(logger.lines.at(-1)?.message).toBe('tick');
  });
});
