import { describe, expect, it } from 'vitest';
import type { Transcript, TranscriptSegment } from '../../../../shared/domain/transcript';
import { foldSegments, type TranscriptLine } from './live-store';

const SESSION = '0b5c6a3e-1f2d-4c5b-9a8e-7d6c5b4a3f21';

function row(id: string, start: number, text: string, isOwner = true): Transcript {
  return {
    id,
    session_id: SESSION,
    content: text,
    speaker: isOwner ? 'Me' : 'Them',
    is_owner: isOwner,
    confidence_score: null,
    start_time_seconds: start,
    end_time_seconds: start + 1,
    duration_seconds: 1,
    sequence_number: 0,
    created_at: 0,
  };
}

function segment(channel: 'mic' | 'system', start: number, text: string, final?: Transcript): TranscriptSegment {
  return {
    session_id: SESSION,
    channel,
    speaker: channel === 'mic' ? 'Me' : 'Them',
    text,
    is_final: final !== undefined,
    start_time_seconds: start,
    end_time_seconds: start + 1,
    ...(final ? { transcript: final } : {}),
  };
}

describe('folding pushed segments into the transcript view', () => {
  const empty = { finals: [] as TranscriptLine[], partials: {} };

  it('shows one partial per channel and replaces it by the final', () => {
    const seen = new Set<string>();
    let state = foldSegments(empty, [segment('mic', 1, 'hel'), segment('mic', 1, 'hello th'), segment('system', 2, 'yes')], seen);
    expect(Object.values(state.partials).map((p) => [p.text, p.isPartial])).toEqual([
      ['hello th', true],
      ['yes', true],
    ]);
    state = foldSegments(state, [segment('mic', 1, 'hello there', row('r1', 1, 'hello there'))], seen);
    expect(state.finals.map((f) => f.text)).toEqual(['hello there']);
    expect(Object.keys(state.partials)).toEqual(['system']);
  });

  it('appends each stored row once and keeps time order', () => {
    const seen = new Set<string>();
    const state = foldSegments(
      empty,
      [segment('mic', 5, 'b', row('r2', 5, 'b')), segment('system', 2, 'a', row('r1', 2, 'a', false)), segment('mic', 5, 'b', row('r2', 5, 'b'))],
      seen,
    );
    expect(state.finals.map((f) => f.key)).toEqual(['r1', 'r2']);
    expect(foldSegments(state, [segment('mic', 5, 'b', row('r2', 5, 'b'))], seen).finals).toBe(state.finals);
  });

  it('folds a burst of 10,000 finals in one pass', () => {
    const seen = new Set<string>();
    const burst = Array.from({ length: 10_000 }, (_, i) => segment('mic', i, `s${i}`, row(`r${i}`, i, `s${i}`)));
    const state = foldSegments(empty, burst, seen);
    expect(state.finals).toHaveLength(10_000);
    expect(state.finals[9_999]?.text).toBe('s9999');
  });
});
