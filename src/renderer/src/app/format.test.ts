import { describe, expect, it } from 'vitest';
import { dayKey, dayLabel, formatClock, formatDuration, groupByDay } from './format';

describe('formatting', () => {
  it('formats clocks and durations', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(65.9)).toBe('1:05');
    expect(formatClock(3_723)).toBe('1:02:03');
    expect(formatDuration(0)).toBe('—');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(45 * 60)).toBe('45 min');
    expect(formatDuration(65 * 60)).toBe('1 h 5 min');
  });

  it('groups by local day, newest day first, keeping order inside a day', () => {
    const at = (d: number, h: number) => new Date(2026, 0, d, h).getTime();
    const items = [
      { id: 'a', t: at(5, 9) },
      { id: 'b', t: at(7, 10) },
      { id: 'c', t: at(5, 15) },
      { id: 'd', t: at(7, 8) },
    ];
    const groups = groupByDay(items, (i) => i.t);
    expect(groups.map((g) => [g.key, g.items.map((i) => i.id)])).toEqual([
      ['2026-01-07', ['b', 'd']],
      ['2026-01-05', ['a', 'c']],
    ]);
    const now = at(7, 12);
    expect(dayLabel(dayKey(at(7, 1)), now)).toBe('Today');
    expect(dayLabel(dayKey(at(6, 23)), now)).toBe('Yesterday');
    expect(dayLabel('2026-01-05', now)).toContain('2026');
  });
});
