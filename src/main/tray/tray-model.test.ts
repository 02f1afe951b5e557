import { describe, expect, it } from 'vitest';
import { buildTrayMenu, formatElapsed, quickRecordTitle, trayTitle, type RecentSession } from './tray-model';

const recent: RecentSession[] = Array.from({ length: 7 }, (_, i) => ({ id: `s${i}`, title: `Meeting ${i}` }));

describe('formatElapsed', () => {
  it('formats minutes and hours', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(59_999)).toBe('0:59');
    expect(formatElapsed(61_000)).toBe('1:01');
    expect(formatElapsed(3_600_000 + 5 * 60_000 + 7_000)).toBe('1:05:07');
    expect(formatElapsed(-5_000)).toBe('0:00');
  });
});

describe('buildTrayMenu', () => {
  it('offers quick-record, the five most recent sessions, open and quit when idle', () => {
    const menu = buildTrayMenu({ recording: null, recentSessions: recent, now: 0, shortcut: 'CommandOrControl+Shift+R' });
    expect(menu[0]).toEqual({ type: 'action', id: 'record.start', label: 'Start Quick Recording', enabled: true, accelerator: 'CommandOrControl+Shift+R' });
    const sessions = menu.filter((item) => item.type === 'session');
    expect(sessions.map((item) => item.sessionId)).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(menu.slice(-2).map((item) => (item.type === 'action' ? item.id : item.type))).toEqual(['window.open', 'app.quit']);
  });

  it('shows elapsed time and stop while recording, without listing the live session as recent', () => {
    const menu = buildTrayMenu({
      recording: { sessionId: 's0', title: 'Weekly sync with a very long title that goes on and on', startedAt: 1_000 },
      recentSessions: recent,
      now: 1_000 + 125_000,
    });
    expect(menu[0]).toEqual({ type: 'header', label: '● Recording 2:05 — Weekly sync with a very long title that…' });
    expect(menu[1]).toMatchObject({ type: 'action', id: 'record.stop', enabled: true });
    expect(menu.some((item) => item.type === 'action' && item.id === 'record.start')).toBe(false);
    expect(menu.filter((item) => item.type === 'session').map((item) => item.sessionId)).toEqual(['s1', 's2', 's3', 's4', 's5']);
  });

  it('disables start and stop while a recording is starting or stopping, and omits an empty Recent', () => {
    const menu = buildTrayMenu({ recording: null, recentSessions: [], now: 0, isBusy: true });
    expect(menu[0]).toMatchObject({ id: 'record.start', enabled: false });
    expect(menu.some((item) => item.type === 'header')).toBe(false);
  });

  it('labels untitled sessions', () => {
    const menu = buildTrayMenu({ recording: null, recentSessions: [{ id: 'x', title: '   ' }], now: 0 });
    expect(menu.find((item) => item.type === 'session')).toEqual({ type: 'session', sessionId: 'x', label: 'Untitled session' });
  });
});

describe('trayTitle and quickRecordTitle', () => {
  it('describe the recording state', () => {
    expect(trayTitle({ recording: null, now: 0 })).toBe('LiveConvo');
    expect(trayTitle({ recording: { sessionId: 'a', title: 't', startedAt: 0 }, now: 3_723_000 })).toBe('Recording 1:02:03');
    expect(quickRecordTitle(Date.UTC(2026, 0, 5, 9, 30), 'en-US', 'UTC')).toBe('Quick recording, Jan 5, 2026, 9:30 AM');
  });
});
