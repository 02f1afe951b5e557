import { execFileSync } from 'node:child_process';
import type { ReferenceUtterance } from '../../audio/testing/speech';
import { scoringWords, wordErrorRate, type WerResult } from '../wer';

/** A hypothesis segment as the CLI prints it. */
export interface ScoredSegment {
  speaker: string;
  text: string;
  start_time_seconds: number;
  end_time_seconds: number;
}

/** WER of each speaker's segments (in time order) against that speaker's reference, summed. */
export function werBySpeaker(reference: readonly ReferenceUtterance[], segments: readonly ScoredSegment[], speakerOf: (s: ScoredSegment) => string): WerResult {
  let errors = 0;
  let referenceWords = 0;
  for (const speaker of ['me', 'them'] as const) {
    const ref = reference.filter((r) => r.speaker === speaker).map((r) => r.text).join(' ');
    const hyp = [...segments].filter((s) => speakerOf(s) === speaker).sort((a, b) => a.start_time_seconds - b.start_time_seconds).map((s) => s.text).join(' ');
    const result = wordErrorRate(ref, hyp);
    errors += result.errors;
    referenceWords += result.referenceWords;
  }
  return { errors, referenceWords, wer: errors / Math.max(1, referenceWords) };
}

/** The reference speaker whose utterance overlaps a segment most. */
export function truthSpeaker(reference: readonly ReferenceUtterance[], segment: ScoredSegment): string | null {
  let best: { speaker: string; overlap: number } | null = null;
  for (const r of reference) {
    const overlap = Math.min(r.endSeconds, segment.end_time_seconds) - Math.max(r.startSeconds, segment.start_time_seconds);
    if (overlap > 0 && (!best || overlap > best.overlap)) best = { speaker: r.speaker, overlap };
  }
  return best?.speaker ?? null;
}

/** Share of hypothesis words whose segment's speaker is the reference speaker at that time. */
export function speakerAccuracy(reference: readonly ReferenceUtterance[], segments: readonly ScoredSegment[], speakerOf: (s: ScoredSegment) => string): number {
  let correct = 0;
  let total = 0;
  for (const segment of segments) {
    const words = scoringWords(segment.text).length;
    total += words;
    if (truthSpeaker(reference, segment) === speakerOf(segment)) correct += words;
  }
  return total === 0 ? 0 : correct / total;
}

/** Transcribes a 16 kHz WAV with the raw `pocketsphinx_continuous` CLI (the baseline). */
export function rawPocketSphinx(path: string): string {
  const model = '/usr/share/pocketsphinx/model/en-us';
  return execFileSync(
    'pocketsphinx_continuous',
    ['-infile', path, '-hmm', `${model}/en-us`, '-lm', `${model}/en-us.lm.bin`, '-dict', `${model}/cmudict-en-us.dict`, '-logfn', '/dev/null'],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  )
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .join(' ');
}
