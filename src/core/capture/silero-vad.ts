import { createRequire } from 'node:module';
import { createLogger } from '../log/logger';
import { EnergyVad, levelDbfs, type FrameVad, type VadFrame } from './vad';

const log = createLogger('vad');
const require = createRequire(import.meta.url);

/** The Silero VAD v5 model as shipped inside the @ricky0123/vad-web npm package (ISC). */
function resolveSileroModel(): string {
  return require.resolve('@ricky0123/vad-web/dist/silero_vad_v5.onnx');
}

interface SherpaVad {
  acceptWaveform(samples: Float32Array): void;
  isDetected(): boolean;
  isEmpty(): boolean;
  pop(): void;
  reset(): void;
}

const WINDOW = 512; // 32 ms: the window Silero v5 takes at 16 kHz
const MIN_SILENCE_SECONDS = 0.4;
const MIN_SPEECH_SECONDS = 0.1;

/**
 * Silero VAD (neural) through sherpa-onnx-node: one decision per 32 ms window, with sherpa's own
 * hysteresis (speech after 0.1 s above threshold, silence after 0.4 s below).
 */
export class SileroVad implements FrameVad {
  readonly frameSamples = WINDOW;
  /** Windows between the speech onset and Silero reporting it (minimum speech plus model delay). */
  readonly startFrames = Math.ceil((MIN_SPEECH_SECONDS + 0.1) / (WINDOW / 16_000));
  readonly hangoverFrames = Math.round(MIN_SILENCE_SECONDS / (WINDOW / 16_000));
  readonly prerollSeconds = 0.8;
  private inSpeech = false;
  private readonly samples = new Float32Array(WINDOW);

  constructor(private readonly vad: SherpaVad) {}

  get isInSpeech(): boolean {
    return this.inSpeech;
  }

  process(frame: Int16Array): VadFrame {
    for (let i = 0; i < WINDOW; i++) this.samples[i] = (frame[i] ?? 0) / 32768;
    this.vad.acceptWaveform(this.samples);
    // Segments are cut by our pipeline; drop sherpa's copies so its buffer stays small.
    while (!this.vad.isEmpty()) this.vad.pop();
    const detected = this.vad.isDetected();
    const isStart = detected && !this.inSpeech;
    const isEnd = !detected && this.inSpeech;
    this.inSpeech = detected;
    return { isSpeech: detected || isEnd, levelDbfs: levelDbfs(frame), isStart, isEnd };
  }

  reset(): void {
    this.inSpeech = false;
    this.vad.reset();
  }
}

let sherpa: { Vad: new (config: unknown, bufferSeconds: number) => SherpaVad } | null | undefined;

/** The VADs a user can choose (`app_settings` key `capture.vad`). */
export type VadKind = 'energy' | 'silero';

/**
 * Builds the chosen VAD. The energy VAD is the default: on the flite benchmark it gives the
 * better WER and CPU (npm run bench:transcribe prints both). Silero falls back to energy, with a
 * warning once, when sherpa-onnx-node cannot load.
 */
export function createVad(kind: VadKind = 'energy'): FrameVad {
  if (kind === 'energy') return new EnergyVad();
  if (sherpa === undefined) {
    try {
      sherpa = require('sherpa-onnx-node') as typeof sherpa;
    } catch (error) {
      sherpa = null;
      log.warn('sherpa-onnx-node unavailable; using the energy VAD', { reason: error instanceof Error ? error.name : 'unknown' });
    }
  }
  if (!sherpa) return new EnergyVad();
  const vad = new sherpa.Vad(
    {
      sileroVad: { model: resolveSileroModel(), threshold: 0.5, minSilenceDuration: MIN_SILENCE_SECONDS, minSpeechDuration: MIN_SPEECH_SECONDS, windowSize: WINDOW, maxSpeechDuration: 30 },
      sampleRate: 16_000,
      numThreads: 1,
      provider: 'cpu',
      debug: false,
    },
    5,
  );
  return new SileroVad(vad);
}
