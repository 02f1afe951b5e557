import type { WavSampleFormat } from './wav';

/** The sample rate every pipeline stage works at. */
export const TARGET_SAMPLE_RATE = 16_000;

/** Decodes interleaved samples of any supported WAV encoding to mono floats in [-1, 1]. */
export function decodeToMonoFloat(bytes: Buffer, format: WavSampleFormat, channels: number): Float32Array {
  const bytesPerSample = BYTES[format];
  const frames = Math.floor(bytes.length / (bytesPerSample * channels));
  const out = new Float32Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < channels; channel++) {
      sum += readSample(bytes, (frame * channels + channel) * bytesPerSample, format);
    }
    out[frame] = sum / channels;
  }
  return out;
}

const BYTES: Record<WavSampleFormat, number> = { pcm_u8: 1, pcm_s16: 2, pcm_s24: 3, pcm_s32: 4, float32: 4, float64: 8 };

function readSample(bytes: Buffer, at: number, format: WavSampleFormat): number {
  switch (format) {
    case 'pcm_u8':
      return (bytes.readUInt8(at) - 128) / 128;
    case 'pcm_s16':
      return bytes.readInt16LE(at) / 32768;
    case 'pcm_s24':
      return bytes.readIntLE(at, 3) / 8388608;
    case 'pcm_s32':
      return bytes.readInt32LE(at) / 2147483648;
    case 'float32':
      return bytes.readFloatLE(at);
    case 'float64':
      return bytes.readDoubleLE(at);
  }
}

/** Converts floats in [-1, 1] to clipped Int16. */
export function floatToInt16(input: Float32Array): Int16Array {
  const out = new Int16Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const v = Math.max(-1, Math.min(1, input[i] ?? 0));
    out[i] = Math.round(v * 32767);
  }
  return out;
}

/**
 * Streaming resampler to 16 kHz: a one-pole anti-alias filter when downsampling, then linear
 * interpolation. Keeps its phase across chunks so a file fed in pieces equals one fed whole.
 */
export class StreamResampler {
  private readonly step: number;
  private position = 0;
  private previous = 0;
  private filtered = 0;
  private readonly alpha: number;

  constructor(private readonly inputRate: number) {
    this.step = inputRate / TARGET_SAMPLE_RATE;
    // Cut-off near the new Nyquist frequency; no filtering when upsampling.
    const cutoff = TARGET_SAMPLE_RATE / 2;
    this.alpha = inputRate > TARGET_SAMPLE_RATE ? 1 - Math.exp((-2 * Math.PI * cutoff) / inputRate) : 1;
  }

  /** Resamples one chunk of mono floats. */
  push(input: Float32Array): Float32Array {
    if (this.inputRate === TARGET_SAMPLE_RATE) return input;
    const filtered = new Float32Array(input.length);
    for (let i = 0; i < input.length; i++) {
      this.filtered += this.alpha * ((input[i] ?? 0) - this.filtered);
      filtered[i] = this.filtered;
    }
    const out: number[] = [];
    // position is measured in input samples relative to the start of this chunk; -1 is `previous`.
    while (this.position < filtered.length - 1) {
      const base = Math.floor(this.position);
      const frac = this.position - base;
      const a = base < 0 ? this.previous : (filtered[base] ?? 0);
      const b = filtered[base + 1] ?? 0;
      out.push(a + (b - a) * frac);
      this.position += this.step;
    }
    this.position -= filtered.length;
    this.previous = filtered[filtered.length - 1] ?? this.previous;
    return Float32Array.from(out);
  }
}
