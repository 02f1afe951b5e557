import { describe, expect, it } from 'vitest';
import { DEFAULT_RECORD_SHORTCUT, parseAccelerator } from './accelerator';

describe('parseAccelerator', () => {
  it('normalizes aliases, case and modifier order', () => {
    expect(parseAccelerator('shift+ctrl+r')).toEqual({ ok: true, accelerator: 'Control+Shift+R' });
    expect(parseAccelerator('CmdOrCtrl + Alt + space')).toEqual({ ok: true, accelerator: 'CommandOrControl+Alt+Space' });
    expect(parseAccelerator('option+cmd+f12')).toEqual({ ok: true, accelerator: 'Command+Alt+F12' });
    expect(parseAccelerator('F9')).toEqual({ ok: true, accelerator: 'F9' });
    expect(parseAccelerator(DEFAULT_RECORD_SHORTCUT)).toEqual({ ok: true, accelerator: DEFAULT_RECORD_SHORTCUT });
  });

  it('rejects shortcuts that would hijack typing or cannot be registered', () => {
    expect(parseAccelerator('R')).toMatchObject({ ok: false });
    expect(parseAccelerator('Shift+R')).toMatchObject({ ok: false });
    expect(parseAccelerator('Ctrl+Shift')).toEqual({ ok: false, reason: 'A shortcut needs a key besides modifiers' });
    expect(parseAccelerator('Ctrl+A+B')).toEqual({ ok: false, reason: 'A shortcut has exactly one key' });
    expect(parseAccelerator('Ctrl+Ctrl+A')).toMatchObject({ ok: false });
    expect(parseAccelerator('Ctrl+F25')).toMatchObject({ ok: false });
    expect(parseAccelerator('Ctrl+Hyper')).toMatchObject({ ok: false });
    expect(parseAccelerator('Ctrl++')).toMatchObject({ ok: false });
    expect(parseAccelerator('')).toMatchObject({ ok: false });
  });
});
