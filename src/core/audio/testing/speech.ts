import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWavHeader, encodeWav } from '../wav';

/** One line of a generated meeting. */
export interface Turn {
  speaker: 'me' | 'them';
  text: string;
}

/** A reference utterance: who said what, where on the timeline. */
export interface ReferenceUtterance extends Turn {
  startSeconds: number;
  endSeconds: number;
}

/** Two aligned 16 kHz tracks of a generated call plus the truth about it. */
export interface GeneratedMeeting {
  mic: Int16Array;
  system: Int16Array;
  /** mic + system, as one recording of the room. */
  mixed: Int16Array;
  reference: ReferenceUtterance[];
}

const RATE = 16_000;
/** flite voices: "me" is rms (male), "them" is slt (female). */
export const VOICES = { me: 'rms', them: 'slt' } as const;

/** Speaks `text` with flite and converts it with sox to 16 kHz mono Int16 (test fixture; no WAVs are committed). */
export function synthesize(text: string, voice: string, dir: string, name: string): Int16Array {
  const raw = join(dir, `${name}.raw.wav`);
  const out = join(dir, `${name}.wav`);
  execFileSync('flite', ['-voice', voice, '-t', text, '-o', raw]);
  execFileSync('sox', ['-D', raw, '-r', String(RATE), '-c', '1', '-b', '16', out]);
  return readWavSamples(out);
}

/** Reads a 16 kHz mono 16-bit WAV produced by sox. */
export function readWavSamples(path: string): Int16Array {
  const bytes = readFileSync(path);
  const info = parseWavHeader(bytes, bytes.length);
  const data = bytes.subarray(info.dataOffset, info.dataOffset + info.dataBytes);
  const out = new Int16Array(data.length / 2);
  Buffer.from(out.buffer).set(data);
  return out;
}

/** Writes 16 kHz mono Int16 as a WAV file. */
export function writeWavFile(path: string, samples: Int16Array): void {
  writeFileSync(path, encodeWav(samples, RATE));
}

/**
 * Lays turns out on two tracks with silence between them: "me" on the mic, "them" on the system
 * track (flite voices `voices`, default rms and slt). `echoGain` (0–1) leaks the system track into the mic, as speakers heard by a microphone.
 */
export function buildMeeting(turns: Turn[], dir: string, options: { gapSeconds?: number; leadSeconds?: number; echoGain?: number; echoDelayMs?: number; voices?: { me: string; them: string } } = {}): GeneratedMeeting {
  const gap = Math.round((options.gapSeconds ?? 1.0) * RATE);
  const lead = Math.round((options.leadSeconds ?? 0.5) * RATE);
  const clips = turns.map((turn, i) => synthesize(turn.text, (options.voices ?? VOICES)[turn.speaker], dir, `turn-${i}`));
  const total = lead + clips.reduce((n, c) => n + c.length + gap, 0);
  const mic = new Int16Array(total);
  const system = new Int16Array(total);
  const reference: ReferenceUtterance[] = [];
  let at = lead;
  turns.forEach((turn, i) => {
    const clip = clips[i] ?? new Int16Array(0);
    (turn.speaker === 'me' ? mic : system).set(clip, at);
    reference.push({ ...turn, startSeconds: at / RATE, endSeconds: (at + clip.length) / RATE });
    at += clip.length + gap;
  });
  const gain = options.echoGain ?? 0;
  if (gain > 0) {
    const delay = Math.round(((options.echoDelayMs ?? 40) / 1000) * RATE);
    for (let i = delay; i < total; i++) mic[i] = clamp16((mic[i] ?? 0) + gain * (system[i - delay] ?? 0));
  }
  const mixed = new Int16Array(total);
  for (let i = 0; i < total; i++) mixed[i] = clamp16((mic[i] ?? 0) + (system[i] ?? 0));
  return { mic, system, mixed, reference };
}

function clamp16(value: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(value)));
}

/** A short two-speaker meeting script (about 15 s of speech). */
export const SHORT_MEETING: Turn[] = [
  { speaker: 'me', text: 'Good morning. Thanks for joining the call today.' },
  { speaker: 'them', text: 'Happy to be here. I have some questions about the price.' },
  { speaker: 'me', text: 'Sure, the basic plan costs twenty dollars per month.' },
  { speaker: 'them', text: 'That sounds fair. Can we start next week?' },
];
