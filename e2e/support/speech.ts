import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Speaks `text` with flite (voice slt) and converts it with sox to a 16 kHz mono WAV with a
 * little silence around it, for Chromium's fake microphone. Generated per test, never committed.
 */
export function synthesizeSpeechWav(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lc-e2e-speech-'));
  const raw = join(dir, 'raw.wav');
  const wav = join(dir, 'speech.wav');
  execFileSync('flite', ['-voice', 'slt', '-t', text, '-o', raw]);
  execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', wav, 'pad', '0.5', '1.5']);
  return wav;
}

/** Duration of a WAV file in seconds (sox's soxi). */
export function wavSeconds(path: string): number {
  return Number(execFileSync('soxi', ['-D', path]).toString().trim());
}
