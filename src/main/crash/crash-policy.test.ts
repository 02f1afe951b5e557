import { describe, expect, it } from 'vitest';
import { CRASH_WINDOW_MS, crashDialogMessage, decideCrashAction, type CrashEvent } from './crash-policy';

const at = (kind: CrashEvent['kind'], t: number, reason = 'crashed'): CrashEvent => ({ kind, reason, at: t });

describe('decideCrashAction', () => {
  it('recovers each kind in its own way', () => {
    expect(decideCrashAction(at('renderer-gone', 0), [])).toBe('reload-window');
    expect(decideCrashAction(at('core-gone', 0, 'oom'), [])).toBe('restart-core');
    expect(decideCrashAction(at('main-exception', 0, 'TypeError'), [])).toBe('relaunch-app');
    expect(decideCrashAction(at('child-gone', 0, 'oom'), [])).toBe('ignore');
  });

  it('ignores clean exits and harmless child exits', () => {
    expect(decideCrashAction(at('renderer-gone', 0, 'clean-exit'), [])).toBe('ignore');
    expect(decideCrashAction(at('child-gone', 0, 'killed'), [])).toBe('ignore');
  });

  it('quits on a crash loop of one kind, but not for old or other crashes', () => {
    const loop = [at('core-gone', 1_000), at('core-gone', 2_000)];
    expect(decideCrashAction(at('core-gone', 3_000), loop)).toBe('quit');
    const old = [at('core-gone', 0), at('core-gone', 1)];
    expect(decideCrashAction(at('core-gone', CRASH_WINDOW_MS + 10), old)).toBe('restart-core');
    const mixed = [at('renderer-gone', 1_000), at('renderer-gone', 2_000)];
    expect(decideCrashAction(at('core-gone', 3_000), mixed)).toBe('restart-core');
  });

  it('explains every action that needs the user to know', () => {
    expect(crashDialogMessage('ignore')).toBeNull();
    expect(crashDialogMessage('quit')).toMatch(/will quit/);
    expect(crashDialogMessage('restart-core')).toMatch(/restarting/);
  });
});
