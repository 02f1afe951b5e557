import { describe, expect, it } from 'vitest';
import { defaultWindowState, parseWindowState, restoreWindowState, type Rect, type WindowState } from './window-state';

const laptop: Rect = { x: 0, y: 25, width: 1440, height: 875 };
const external: Rect = { x: 1440, y: 0, width: 2560, height: 1415 };
const state = (bounds: Rect, extra: Partial<WindowState> = {}): WindowState => ({ bounds, isMaximized: false, isFullScreen: false, ...extra });

describe('parseWindowState', () => {
  it('round-trips a saved state', () => {
    const saved = state({ x: 10, y: 40, width: 900, height: 600 }, { isMaximized: true });
    expect(parseWindowState(JSON.stringify(saved))).toEqual(saved);
  });

  it('returns null for corrupt or foreign files', () => {
    expect(parseWindowState('{')).toBeNull();
    expect(parseWindowState('null')).toBeNull();
    expect(parseWindowState(JSON.stringify({ bounds: { x: 0, y: 0, width: -5, height: 10 }, isMaximized: false, isFullScreen: false }))).toBeNull();
    expect(parseWindowState(JSON.stringify({ bounds: { x: 0.5, y: 0, width: 5, height: 10 }, isMaximized: false, isFullScreen: false }))).toBeNull();
  });
});

describe('restoreWindowState', () => {
  it('centres the default size on the primary display on first run', () => {
    expect(restoreWindowState(null, [laptop])).toEqual(defaultWindowState(laptop));
    expect(defaultWindowState(laptop).bounds).toEqual({ x: 80, y: 53, width: 1280, height: 820 });
  });

  it('keeps a window where it was when it is still on a display', () => {
    const saved = state({ x: 1600, y: 100, width: 1200, height: 900 }, { isMaximized: true });
    expect(restoreWindowState(saved, [laptop, external])).toEqual(saved);
  });

  it('falls back to the primary display when the external monitor is unplugged', () => {
    const saved = state({ x: 1600, y: 100, width: 1200, height: 900 }, { isMaximized: true });
    expect(restoreWindowState(saved, [laptop])).toEqual({ ...defaultWindowState(laptop), isMaximized: true });
  });

  it('shrinks and pulls back a window larger than its display or hanging off its edge', () => {
    const restored = restoreWindowState(state({ x: 1200, y: 30, width: 3000, height: 2000 }), [laptop]);
    expect(restored.bounds).toEqual({ x: 0, y: 25, width: 1440, height: 875 });
    const offRight = restoreWindowState(state({ x: 1000, y: 100, width: 900, height: 600 }), [laptop]);
    expect(offRight.bounds).toEqual({ x: 540, y: 100, width: 900, height: 600 });
  });

  it('enforces the minimum size and treats a title bar above the screen as lost', () => {
    expect(restoreWindowState(state({ x: 100, y: 100, width: 200, height: 100 }), [laptop]).bounds).toEqual({ x: 100, y: 100, width: 720, height: 480 });
    expect(restoreWindowState(state({ x: 100, y: -400, width: 900, height: 600 }), [laptop]).bounds).toEqual(defaultWindowState(laptop).bounds);
  });

  it('refuses an empty display list', () => {
    expect(() => restoreWindowState(null, [])).toThrow(RangeError);
  });
});
