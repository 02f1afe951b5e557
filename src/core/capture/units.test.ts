import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../audio/testing/speech';
import { clusterSpeakers } from './diarize';
import { isEchoOf } from './echo-filter';
import { extractSpeakerFeatures } from './speaker-features';
import { createVad, SileroVad } from './silero-vad';
import { EnergyVad } from './vad';
import { wordErrorRate } from './wer';
import { ChannelPipeline, type Utterance } from './channel-pipeline';
import { createPocketSphinxTranscriber } from '../transcribe/pocketsphinx';
import type { Transcriber } from '../transcribe/transcriber';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lc-capture-units-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('isEchoOf', () => {
  const system = [{ startSeconds: 10, endSeconds: 13, text: 'happy to be here i have some questions' }];
  it('drops a concurrent mic segment made of the system words', () => {
    expect(isEchoOf({ startSeconds: 10.1, endSeconds: 12.9, text: 'happy to be here have questions' }, system)).toBe(true);
  });
  it('keeps a mic segment about as loud as the system one: my voice over theirs (double talk)', () => {
    const loud = [{ ...system[0]!, levelDbfs: -20 }];
    expect(isEchoOf({ startSeconds: 10.1, endSeconds: 12.9, text: 'happy to be here have questions', levelDbfs: -30 }, loud)).toBe(true);
    expect(isEchoOf({ startSeconds: 10.1, endSeconds: 12.9, text: 'happy to be here have questions', levelDbfs: -22 }, loud)).toBe(false);
  });
  it('keeps my own words, and the same words said at another time', () => {
    expect(isEchoOf({ startSeconds: 10.5, endSeconds: 12, text: 'sure the plan costs twenty dollars' }, system)).toBe(false);
    expect(isEchoOf({ startSeconds: 20, endSeconds: 22, text: 'happy to be here' }, system)).toBe(false);
  });
});

describe('EnergyVad', () => {
  it('opens on speech, stays open across short pauses and closes after the hangover', () => {
    const speech = synthesize('Hello there. Good to see you.', 'slt', dir, 'vad');
    const audio = new Int16Array(16_000 + speech.length + 16_000);
    audio.set(speech, 16_000);
    // Light noise everywhere, so the floor is not digital silence.
    for (let i = 0; i < audio.length; i++) audio[i] = (audio[i] ?? 0) + Math.round((Math.random() - 0.5) * 60);
    const vad = new EnergyVad();
    const starts: number[] = [];
    const ends: number[] = [];
    for (let at = 0; at + 320 <= audio.length; at += 320) {
      const frame = vad.process(audio.subarray(at, at + 320));
      if (frame.isStart) starts.push(at / 16_000);
      if (frame.isEnd) ends.push(at / 16_000);
    }
    expect(starts).toHaveLength(1);
    expect(starts[0]).toBeGreaterThan(0.95);
    expect(starts[0]).toBeLessThan(1.4); // flite starts its clips with ~0.2 s of silence
    expect(ends).toHaveLength(1);
    expect(ends[0]).toBeGreaterThan((16_000 + speech.length) / 16_000);
  });
  it('never opens on silence or steady hiss', () => {
    const vad = new EnergyVad();
    let opened = false;
    for (let i = 0; i < 200; i++) {
      const frame = new Int16Array(320).map(() => (i < 100 ? 0 : Math.round((Math.random() - 0.5) * 2000)));
      opened ||= vad.process(frame).isStart;
    }
    expect(opened).toBe(false);
  });
});

describe('SileroVad (sherpa-onnx-node, model from @ricky0123/vad-web)', () => {
  it('finds each spoken turn and nothing in silence', () => {
    const a = synthesize('We should meet again on Friday.', 'rms', dir, 'silero-a');
    const b = synthesize('That works for me.', 'slt', dir, 'silero-b');
    const audio = new Int16Array(16_000 + a.length + 16_000 + b.length + 16_000);
    audio.set(a, 16_000);
    audio.set(b, 32_000 + a.length);
    const vad = createVad('silero');
    expect(vad).toBeInstanceOf(SileroVad);
    const starts: number[] = [];
    const ends: number[] = [];
    for (let at = 0; at + vad.frameSamples <= audio.length; at += vad.frameSamples) {
      const frame = vad.process(audio.subarray(at, at + vad.frameSamples));
      if (frame.isStart) starts.push(at / 16_000);
      if (frame.isEnd) ends.push(at / 16_000);
    }
    expect(starts).toHaveLength(2);
    expect(ends).toHaveLength(2);
    expect(starts[0]).toBeGreaterThan(0.9);
    expect(ends[0]).toBeGreaterThan((16_000 + a.length) / 16_000 - 0.3);
    expect(starts[1]).toBeGreaterThan((32_000 + a.length) / 16_000 - 0.1);
  });
});

describe('clusterSpeakers', () => {
  it('groups utterances of the same flite voice and tells the two voices apart', () => {
    const lines = ['We should meet again on Friday.', 'The numbers look better this quarter.', 'Could you share the slides after the call?'];
    const order = ['rms', 'slt', 'slt', 'rms', 'slt', 'rms'];
    const features = order.map((voice, i) => extractSpeakerFeatures(synthesize(lines[i % 3]!, voice, dir, `spk-${i}`)));
    expect(clusterSpeakers(features)).toEqual(order.map((v) => (v === 'rms' ? 'speaker_1' : 'speaker_2')));
    expect(clusterSpeakers(features.filter((_, i) => order[i] === 'slt'))).toEqual(['speaker_1', 'speaker_1', 'speaker_1']);
  });
});

describe('ChannelPipeline with PocketSphinx', () => {
  it('decodes each turn after long quiet stretches, with no idle audio leaking into the next final', async () => {
    const first = synthesize('Good morning. Thanks for joining the call today.', 'rms', dir, 'listen-1');
    const second = synthesize('The basic plan costs twenty dollars per month.', 'rms', dir, 'listen-2');
    // 1 s quiet, turn, 12 s quiet (the decoder sees none of it), turn, 1 s quiet; light noise throughout.
    const audio = new Int16Array(16_000 + first.length + 12 * 16_000 + second.length + 16_000);
    audio.set(first, 16_000);
    audio.set(second, 16_000 + first.length + 12 * 16_000);
    for (let i = 0; i < audio.length; i++) audio[i] = (audio[i] ?? 0) + Math.round((Math.random() - 0.5) * 40);
    const transcriber = createPocketSphinxTranscriber();
    const finals: Utterance[] = [];
    const pipeline = new ChannelPipeline({
      transcriber,
      partialIntervalMs: Infinity,
      handlers: { onPartial: () => undefined, onFinal: (u) => void finals.push(u), onLevel: () => undefined, onError: (e) => { throw e; } },
    });
    try {
      for (let at = 0; at < audio.length; at += 1600) pipeline.push(audio.subarray(at, at + 1600));
      await pipeline.flush();
    } finally {
      transcriber.close();
    }
    expect(finals).toHaveLength(2);
    expect(wordErrorRate('good morning thanks for joining the call today', finals[0]?.text ?? '').wer).toBeLessThan(0.4);
    expect(wordErrorRate('the basic plan costs twenty dollars per month', finals[1]?.text ?? '').wer).toBeLessThan(0.4);
    expect(finals[1]?.startSeconds).toBeGreaterThan(14);
  });

  it("feeds the recognizer a word's quiet lead-in plus PocketSphinx's own 0.2 s of pre-speech before it", async () => {
    // flite starts this clip with ~0.2 s at about -66 dBFS before the loud "g": our VAD opens on the
    // loud part, PocketSphinx's own VAD already on the quiet lead-in, and it then wants 20 frames
    // (0.2 s) of what came before. A pre-roll that stops short of that changes its words.
    const clip = synthesize('Great. Please send me the contract.', 'slt', dir, 'lead-in');
    const audio = new Int16Array(16_000 + clip.length + 16_000);
    audio.set(clip, 16_000);
    const fed: Int16Array[] = [];
    const recording: Transcriber = {
      engine: 'pocketsphinx',
      startUtterance: () => ({
        accept: (samples) => void fed.push(samples.slice()),
        partial: () => '',
        finish: () => Promise.resolve({ text: 'heard', confidence: null }),
        abort: () => undefined,
      }),
      close: () => undefined,
    };
    const pipeline = new ChannelPipeline({
      transcriber: recording,
      partialIntervalMs: Infinity,
      handlers: { onPartial: () => undefined, onFinal: () => undefined, onLevel: () => undefined, onError: (e) => { throw e; } },
    });
    for (let at = 0; at < audio.length; at += 1600) pipeline.push(audio.subarray(at, at + 1600));
    await pipeline.flush();
    const decoded = new Int16Array(fed.reduce((n, f) => n + f.length, 0));
    fed.reduce((at, f) => (decoded.set(f, at), at + f.length), 0);
    const leadingSilence = decoded.findIndex((sample) => sample !== 0);
    expect(leadingSilence).toBeGreaterThanOrEqual(0.2 * 16_000);
    // ...and what follows the silence is the clip from its very first sample.
    const firstSound = clip.findIndex((sample) => sample !== 0);
    expect(Array.from(decoded.subarray(leadingSilence, leadingSilence + 320))).toEqual(Array.from(clip.subarray(firstSound, firstSound + 320)));
  });
});

describe('wordErrorRate', () => {
  it('counts substitutions, insertions and deletions over words', () => {
    expect(wordErrorRate('the cat sat on the mat', 'the cat sat on mat')).toEqual({ errors: 1, referenceWords: 6, wer: 1 / 6 });
    expect(wordErrorRate('Good morning, everyone!', 'good morning every one').errors).toBe(2);
  });
});
