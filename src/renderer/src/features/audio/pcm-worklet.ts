// AudioWorklet: turns the input into 16 kHz mono Int16 frames of 100 ms and posts them with
// their RMS level. Runs in the audio rendering thread, so it allocates once per frame only.

declare const sampleRate: number;
declare function registerProcessor(name: string, processor: new () => AudioWorkletProcessorLike): void;
declare class AudioWorkletProcessorLike {
  readonly port: MessagePort;
}
declare const AudioWorkletProcessor: typeof AudioWorkletProcessorLike;

const TARGET_RATE = 16_000;
const FRAME_SAMPLES = 1_600;

class PcmProcessor extends AudioWorkletProcessor {
  private readonly step = sampleRate / TARGET_RATE;
  private position = 0;
  private frame = new Int16Array(FRAME_SAMPLES);
  private filled = 0;
  private sumSquares = 0;
  private isPaused = false;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<{ type: 'pause' | 'resume' }>) => {
      this.isPaused = event.data.type === 'pause';
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    const first = channels?.[0];
    if (!channels || !first || this.isPaused) return true;
    // Mix down, then resample by linear interpolation (rates here are ≥ 16 kHz).
    const length = first.length;
    while (this.position < length) {
      const index = Math.floor(this.position);
      const fraction = this.position - index;
      let value = 0;
      for (const channel of channels) {
        const a = channel[index] ?? 0;
        const b = channel[Math.min(index + 1, length - 1)] ?? a;
        value += a + (b - a) * fraction;
      }
      value /= channels.length;
      this.sumSquares += value * value;
      const clamped = Math.max(-1, Math.min(1, value));
      this.frame[this.filled++] = clamped < 0 ? clamped * 0x8000 : clamped * 0x7fff;
      if (this.filled === FRAME_SAMPLES) this.flush();
      this.position += this.step;
    }
    this.position -= length;
    return true;
  }

  private flush(): void {
    const level = Math.sqrt(this.sumSquares / this.filled);
    this.port.postMessage({ samples: this.frame, level }, [this.frame.buffer]);
    this.frame = new Int16Array(FRAME_SAMPLES);
    this.filled = 0;
    this.sumSquares = 0;
  }
}

registerProcessor('liveconvo-pcm', PcmProcessor);
