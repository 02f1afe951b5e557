import { describe, expect, it } from 'vitest';
import { loadEvalSet } from './eval-set';

describe('copilot eval set', () => {
  it('has at least ten valid meetings of different kinds, some held out, each with expectations', () => {
    const meetings = loadEvalSet();
    expect(meetings.length).toBeGreaterThanOrEqual(10);
    expect(new Set(meetings.map((m) => m.kind)).size).toBeGreaterThanOrEqual(10);
    expect(meetings.filter((m) => m.holdout).length).toBeGreaterThanOrEqual(3);
    for (const m of meetings) {
      expect(m.transcript.length).toBeGreaterThan(10);
      expect(m.expected.their_questions.length).toBeGreaterThan(0);
      expect(m.transcript.some((line) => line.speaker === m.me)).toBe(true);
    }
  });
});
