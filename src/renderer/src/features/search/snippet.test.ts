import { describe, expect, it } from 'vitest';
import { splitHighlights } from './Snippet';

describe('snippet highlights', () => {
  it('marks ranges in order, never twice, clipping out-of-range ones', () => {
    const parts = splitHighlights('the warehouse scanners', [
      [14, 22],
      [4, 13],
      [10, 16],
      [30, 40],
    ]);
    expect(parts).toEqual([
      { text: 'the ', isMatch: false },
      { text: 'warehouse', isMatch: true },
      { text: ' sc', isMatch: true },
      { text: 'anners', isMatch: true },
    ]);
    expect(parts.map((p) => p.text).join('')).toBe('the warehouse scanners');
  });

  it('returns the plain text when nothing matches', () => {
    expect(splitHighlights('plain', [])).toEqual([{ text: 'plain', isMatch: false }]);
    expect(splitHighlights('plain', [[3, 3]])).toEqual([{ text: 'plain', isMatch: false }]);
  });
});
