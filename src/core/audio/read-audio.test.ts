import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAudioFile } from './read-audio';
import { synthesize, writeWavFile } from './testing/speech';
import { levelDbfs } from '../capture/vad';

let dir: string;
let speech: Int16Array;

async function collect(path: string, chunkMs = 100): Promise<{ chunks: number; samples: Int16Array }> {
  const stream = await openAudioFile(path, { chunkMs });
  const parts: Int16Array[] = [];
  for await (const chunk of stream.chunks()) parts.push(chunk);
  const samples = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    samples.set(p, at);
    at += p.length;
  }
  return { chunks: parts.length, samples };
}

/** Normalized correlation of two signals at zero lag over their common length. */
function correlation(a: Int16Array, b: Int16Array): number {
  const n = Math.min(a.length, b.length);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i] ?? 0) * (b[i] ?? 0);
    aa += (a[i] ?? 0) ** 2;
    bb += (b[i] ?? 0) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lc-audio-'));
  speech = synthesize('Testing one two three, the audio path works.', 'rms', dir, 'speech');
  writeWavFile(join(dir, 'native.wav'), speech);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openAudioFile', () => {
  it('streams a 16 kHz mono WAV in 100 ms chunks, sample for sample', async () => {
    const { chunks, samples } = await collect(join(dir, 'native.wav'));
    expect(chunks).toBe(Math.ceil(speech.length / 1600));
    expect(samples).toEqual(speech);
  });

  it.each([
    ['44.1 kHz stereo 24-bit', ['-r', '44100', '-c', '2', '-b', '24']],
    ['8 kHz mono 8-bit unsigned', ['-r', '8000', '-c', '1', '-b', '8', '-e', 'unsigned-integer']],
    ['48 kHz mono 32-bit float', ['-r', '48000', '-c', '1', '-b', '32', '-e', 'floating-point']],
  ])('converts %s to 16 kHz mono with the same content', async (name, args) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}.wav`);
    execFileSync('sox', [join(dir, 'native.wav'), ...args, path]);
    const { samples } = await collect(path);
    expect(Math.abs(samples.length - speech.length)).toBeLessThan(20);
    // 8 kHz loses everything above 4 kHz, so its match is looser.
    expect(correlation(samples, speech)).toBeGreaterThan(args.includes('8000') ? 0.8 : 0.95);
    expect(Math.abs(levelDbfs(samples) - levelDbfs(speech))).toBeLessThan(args.includes('8000') ? 3 : 1);
  });

  it('decodes other containers with ffmpeg', async () => {
    const path = join(dir, 'speech.m4a');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', join(dir, 'native.wav'), '-c:a', 'aac', path]);
    const stream = await openAudioFile(path);
    expect(stream.codec).toBe('m4a');
    const { samples } = await collect(path);
    expect(Math.abs(samples.length - speech.length)).toBeLessThan(16_000 * 0.1);
  });

  it('rejects bad files with clear codes', async () => {
    writeFileSync(join(dir, 'empty.wav'), '');
    writeFileSync(join(dir, 'short.wav'), 'RIFF');
    const alaw = join(dir, 'alaw.wav');
    execFileSync('sox', [join(dir, 'native.wav'), '-e', 'a-law', alaw]);
    await expect(openAudioFile(join(dir, 'empty.wav'))).rejects.toMatchObject({ code: 'audio.invalid' });
    await expect(openAudioFile(join(dir, 'short.wav'))).rejects.toMatchObject({ code: 'audio.invalid' });
    await expect(openAudioFile(join(dir, 'missing.wav'))).rejects.toMatchObject({ code: 'audio.invalid' });
    await expect(openAudioFile(alaw)).rejects.toMatchObject({ code: 'audio.unsupported_format', details: { formatTag: 6 } });
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', join(dir, 'native.wav'), join(dir, 'speech.webm')]);
    await expect(openAudioFile(join(dir, 'speech.webm'), { ffmpegPath: join(dir, 'no-ffmpeg') })).rejects.toMatchObject({
      code: 'audio.codec_missing',
      details: { codec: 'webm' },
    });
  });

  it('returns the samples present in a truncated WAV', async () => {
    const full = readFileSync(join(dir, 'native.wav'));
    writeFileSync(join(dir, 'cut.wav'), full.subarray(0, 44 + 16_000));
    const { samples } = await collect(join(dir, 'cut.wav'));
    expect(samples).toEqual(speech.subarray(0, 8000));
  });
});
