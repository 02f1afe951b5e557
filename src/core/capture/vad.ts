/** Tuning of the energy voice-activity detector (defaults suit 16 kHz speech). */
export interface VadOptions {
  /** Frame length in samples (20 ms at 16 kHz). */
  frameSamples?: number;
  /** dB above the tracked noise floor at which speech starts. */
  startMarginDb?: number;
  /** dB above the noise floor under which a frame counts as silence (hysteresis: below start). */
  stopMarginDb?: number;
  /** Absolute floor: frames quieter than this (dBFS) are never speech. */
  minSpeechDbfs?: number;
  /** Consecutive loud frames needed to open an utterance. */
  startFrames?: number;
  /** Milliseconds of silence that close an utterance. */
  hangoverMs?: number;
}

/** What the detector says about one frame. */
export interface VadFrame {
  isSpeech: boolean;
  /** Frame level in dBFS (for VU meters). */
  levelDbfs: number;
  /** This frame opened an utterance (which began `startFrames` frames ago). */
  isStart: boolean;
  /** This frame closed an utterance (which ended `hangover` frames ago). */
  isEnd: boolean;
}

/** A frame-by-frame voice activity detector the channel pipeline can use. */
export interface FrameVad {
  /** Samples per frame that `process` takes. */
  readonly frameSamples: number;
  /** Frames between the speech onset and `isStart` (to date the onset). */
  readonly startFrames: number;
  /** Frames of silence between the end of speech and `isEnd` (to date the end). */
  readonly hangoverFrames: number;
  /** Audio kept from before `isStart` and fed to the recognizer, in seconds. */
  readonly prerollSeconds: number;
  readonly isInSpeech: boolean;
  process(frame: Int16Array): VadFrame;
  reset(): void;
}

/**
 * Energy + zero-crossing voice activity detector with hysteresis and an adaptive noise floor.
 * The fallback when Silero (silero-vad.ts) cannot load; no model, no native code.
 */
export class EnergyVad implements FrameVad {
  readonly frameSamples: number;
  private readonly startMarginDb: number;
  private readonly stopMarginDb: number;
  private readonly minSpeechDbfs: number;
  /** Consecutive loud frames that open an utterance. */
  readonly startFrames: number;
  readonly hangoverFrames: number;
  /**
   * Audio fed to the recognizer from before the onset we detect. PocketSphinx's own VAD opens on
   * the quiet lead-in of a word (often 0.2-0.3 s before the loud part this detector waits for) and
   * then takes 0.2 s (20 frames) of what precedes it; with 0.3 s it got neither in full and lost
   * words (bench: sales call at +100 samples, 14 errors vs 11 with 0.6 s; 1.0 s changes nothing more).
   */
  readonly prerollSeconds = 0.6;
  private noiseDb = -70;
  private loudRun = 0;
  private quietRun = 0;
  private inSpeech = false;

  constructor(options: VadOptions = {}) {
    this.frameSamples = options.frameSamples ?? 320;
    this.startMarginDb = options.startMarginDb ?? 12;
    this.stopMarginDb = options.stopMarginDb ?? 6;
    this.minSpeechDbfs = options.minSpeechDbfs ?? -48;
    this.startFrames = options.startFrames ?? 3;
    this.hangoverFrames = Math.round((options.hangoverMs ?? 400) / ((this.frameSamples / 16_000) * 1000));
  }

  /** Whether an utterance is open. */
  get isInSpeech(): boolean {
    return this.inSpeech;
  }

  /** Classifies one frame of exactly `frameSamples` samples. */
  process(frame: Int16Array): VadFrame {
    const level = levelDbfs(frame);
    const zcr = zeroCrossingRate(frame);
    // Broadband hiss has a very high zero-crossing rate and no voicing; do not let it open speech.
    const isVoicedLike = zcr < 0.45;
    const isLoud = level > this.minSpeechDbfs && level > this.noiseDb + this.startMarginDb && isVoicedLike;
    const isQuiet = level < this.minSpeechDbfs || level < this.noiseDb + this.stopMarginDb;
    this.trackNoise(level);
    let isStart = false;
    let isEnd = false;
    if (!this.inSpeech) {
      this.loudRun = isLoud ? this.loudRun + 1 : 0;
      if (this.loudRun >= this.startFrames) {
        this.inSpeech = true;
        this.quietRun = 0;
        isStart = true;
      }
    } else {
      this.quietRun = isQuiet ? this.quietRun + 1 : 0;
      if (this.quietRun >= this.hangoverFrames) {
        this.inSpeech = false;
        this.loudRun = 0;
        isEnd = true;
      }
    }
    return { isSpeech: this.inSpeech || isEnd, levelDbfs: level, isStart, isEnd };
  }

  /** Forces the current utterance closed (end of stream, pause). */
  reset(): void {
    this.inSpeech = false;
    this.loudRun = 0;
    this.quietRun = 0;
  }

  private trackNoise(level: number): void {
    // Falls fast to quieter frames, rises slowly so speech does not drag the floor up.
    if (level < this.noiseDb) this.noiseDb += 0.3 * (level - this.noiseDb);
    else if (!this.inSpeech) this.noiseDb += 0.01 * (level - this.noiseDb);
    this.noiseDb = Math.max(-90, this.noiseDb);
  }
}

/** RMS level of Int16 samples in dBFS (-100 for digital silence). */
export function levelDbfs(samples: Int16Array): number {
  if (samples.length === 0) return -100;
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / samples.length) / 32768;
  return rms <= 1e-5 ? -100 : 20 * Math.log10(rms);
}

function zeroCrossingRate(samples: Int16Array): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) {
    if (((samples[i - 1] ?? 0) >= 0) !== ((samples[i] ?? 0) >= 0)) crossings++;
  }
  return crossings / Math.max(1, samples.length - 1);
}
