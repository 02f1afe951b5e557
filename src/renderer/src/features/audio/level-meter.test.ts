import { describe, expect, it } from 'vitest';
import { levelToPercent } from './LevelMeter';

describe('level meter scale', () => {
  it('maps RMS to a -60..0 dB scale', () => {
    expect(levelToPercent(0)).toBe(0);
    expect(levelToPercent(0.001)).toBe(0);
    expect(levelToPercent(0.01)).toBe(33);
    expect(levelToPercent(0.1)).toBe(67);
    expect(levelToPercent(1)).toBe(100);
    expect(levelToPercent(4)).toBe(100);
  });
});
