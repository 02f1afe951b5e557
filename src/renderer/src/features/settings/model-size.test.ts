import { describe, expect, it } from 'vitest';
import { formatBytes, progressPercent } from './model-size';

describe('model sizes and progress', () => {
  it('formats byte counts in readable units', () => {
    expect(formatBytes(null)).toBe('size unknown');
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(45_300_000)).toBe('43.2 MB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GB');
  });
  it('computes whole percentages and never passes 100', () => {
    expect(progressPercent(0, 100)).toBe(0);
    expect(progressPercent(333, 1000)).toBe(33);
    expect(progressPercent(1200, 1000)).toBe(100);
    expect(progressPercent(10, null)).toBeNull();
  });
});
