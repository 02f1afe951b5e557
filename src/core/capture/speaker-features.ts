const RATE = 16_000;
const FRAME = 400; // 25 ms
const HOP = 160; // 10 ms
const FFT_SIZE = 512;
const MEL_BANDS = 26;
const CEPSTRA = 13;

/**
 * A voice fingerprint of one utterance: mean and spread of MFCCs 1–12 over its loud frames, plus
 * its median pitch. Used to tell speakers apart in a mixed recording.
 */
export interface SpeakerFeatures {
  mfccMean: number[];
  mfccStd: number[];
  /** Median fundamental frequency in Hz over voiced frames, or null when none is voiced. */
  pitchHz: number | null;
  /** Loud frames the statistics come from. */
  frames: number;
}

const melFilters = buildMelFilters();
const hamming = Float64Array.from({ length: FRAME }, (_, i) => 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (FRAME - 1)));

/** Extracts the speaker features of an utterance (16 kHz mono Int16). */
export function extractSpeakerFeatures(samples: Int16Array): SpeakerFeatures {
  const frames: { energy: number; start: number }[] = [];
  for (let start = 0; start + FRAME <= samples.length; start += HOP) {
    let energy = 0;
    for (let i = 0; i < FRAME; i++) energy += (samples[start + i] ?? 0) ** 2;
    frames.push({ energy, start });
  }
  const sorted = frames.map((f) => f.energy).sort((a, b) => a - b);
  const threshold = (sorted[Math.floor(sorted.length * 0.5)] ?? 0) * 0.5;
  const loud = frames.filter((f) => f.energy > threshold && f.energy > 0);
  const cepstra = loud.map((f) => mfcc(samples, f.start));
  const mfccMean: number[] = [];
  const mfccStd: number[] = [];
  for (let c = 1; c < CEPSTRA; c++) {
    const values = cepstra.map((v) => v[c] ?? 0);
    const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length);
    mfccMean.push(mean);
    mfccStd.push(Math.sqrt(variance));
  }
  const pitches = loud.filter((_, i) => i % 2 === 0).map((f) => pitchOf(samples, f.start)).filter((p): p is number => p !== null);
  pitches.sort((a, b) => a - b);
  return { mfccMean, mfccStd, pitchHz: pitches.length > 0 ? (pitches[Math.floor(pitches.length / 2)] ?? null) : null, frames: loud.length };
}

function mfcc(samples: Int16Array, start: number): number[] {
  const re = new Float64Array(FFT_SIZE);
  const im = new Float64Array(FFT_SIZE);
  let previous = start > 0 ? (samples[start - 1] ?? 0) : 0;
  for (let i = 0; i < FRAME; i++) {
    const s = samples[start + i] ?? 0;
    re[i] = ((s - 0.97 * previous) / 32768) * (hamming[i] ?? 0);
    previous = s;
  }
  fft(re, im);
  const power = new Float64Array(FFT_SIZE / 2 + 1);
  for (let k = 0; k < power.length; k++) power[k] = (re[k] ?? 0) ** 2 + (im[k] ?? 0) ** 2;
  const logMel = melFilters.map((filter) => Math.log(filter.reduce((sum, [bin, weight]) => sum + (power[bin] ?? 0) * weight, 0) + 1e-10));
  const out: number[] = [];
  for (let c = 0; c < CEPSTRA; c++) {
    let sum = 0;
    for (let m = 0; m < MEL_BANDS; m++) sum += (logMel[m] ?? 0) * Math.cos((Math.PI * c * (m + 0.5)) / MEL_BANDS);
    out.push(sum);
  }
  return out;
}

function buildMelFilters(): [number, number][][] {
  const toMel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
  const toHz = (mel: number) => 700 * (10 ** (mel / 2595) - 1);
  const low = toMel(100);
  const high = toMel(7600);
  const points = Array.from({ length: MEL_BANDS + 2 }, (_, i) => Math.floor(((FFT_SIZE + 1) * toHz(low + ((high - low) * i) / (MEL_BANDS + 1))) / RATE));
  return Array.from({ length: MEL_BANDS }, (_, m) => {
    const [a, b, c] = [points[m] ?? 0, points[m + 1] ?? 0, points[m + 2] ?? 0];
    const weights: [number, number][] = [];
    for (let k = a; k < c; k++) weights.push([k, k < b ? (k - a) / Math.max(1, b - a) : (c - k) / Math.max(1, c - b)]);
    return weights;
  });
}

/** In-place iterative radix-2 FFT. */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j] ?? 0, re[i] ?? 0];
      [im[i], im[j]] = [im[j] ?? 0, im[i] ?? 0];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const angle = (-2 * Math.PI) / size;
    for (let i = 0; i < n; i += size) {
      for (let k = 0; k < size / 2; k++) {
        const wr = Math.cos(angle * k);
        const wi = Math.sin(angle * k);
        const a = i + k;
        const b = a + size / 2;
        const tr = (re[b] ?? 0) * wr - (im[b] ?? 0) * wi;
        const ti = (re[b] ?? 0) * wi + (im[b] ?? 0) * wr;
        re[b] = (re[a] ?? 0) - tr;
        im[b] = (im[a] ?? 0) - ti;
        re[a] = (re[a] ?? 0) + tr;
        im[a] = (im[a] ?? 0) + ti;
      }
    }
  }
}

/** Autocorrelation pitch (60–400 Hz) of one frame, or null when it is not clearly voiced. */
function pitchOf(samples: Int16Array, start: number): number | null {
  const minLag = Math.floor(RATE / 400);
  const maxLag = Math.floor(RATE / 60);
  const length = FRAME;
  if (start + length + maxLag > samples.length) return null;
  let energy = 0;
  for (let i = 0; i < length; i++) energy += (samples[start + i] ?? 0) ** 2;
  if (energy === 0) return null;
  let bestLag = 0;
  let best = 0;
  for (let lag = minLag; lag <= maxLag; lag++) {
    let sum = 0;
    let lagged = 0;
    for (let i = 0; i < length; i++) {
      const b = samples[start + i + lag] ?? 0;
      sum += (samples[start + i] ?? 0) * b;
      lagged += b * b;
    }
    const r = sum / Math.sqrt(energy * lagged + 1e-9);
    if (r > best) {
      best = r;
      bestLag = lag;
    }
  }
  return best > 0.6 && bestLag > 0 ? RATE / bestLag : null;
}
