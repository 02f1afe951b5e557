import type { SpeakerFeatures } from './speaker-features';

/** Tuning of speaker clustering. */
export interface DiarizeOptions {
  /** Average-linkage distance above which clusters are not merged (flite voices: same speaker ≤ 3.6, different ≥ 5.1). */
  threshold?: number;
  maxSpeakers?: number;
}

/**
 * Agglomerative (average-linkage) clustering of utterance fingerprints. Returns a label per
 * utterance, `speaker_1` for whoever speaks first, `speaker_2` for the next new voice, and so on.
 */
export function clusterSpeakers(features: readonly SpeakerFeatures[], options: DiarizeOptions = {}): string[] {
  const threshold = options.threshold ?? 4.3;
  const vectors = features.map(toVector);
  let clusters = vectors.map((_, i) => [i]);
  const distance = (a: number[], b: number[]) => {
    let sum = 0;
    for (const i of a) for (const j of b) sum += euclidean(vectors[i] ?? [], vectors[j] ?? []);
    return sum / (a.length * b.length);
  };
  while (clusters.length > 1) {
    let best = { d: Infinity, a: 0, b: 0 };
    for (let a = 0; a < clusters.length; a++) {
      for (let b = a + 1; b < clusters.length; b++) {
        const d = distance(clusters[a] ?? [], clusters[b] ?? []);
        if (d < best.d) best = { d, a, b };
      }
    }
    const isOverLimit = clusters.length > (options.maxSpeakers ?? Infinity);
    if (best.d > threshold && !isOverLimit) break;
    const merged = [...(clusters[best.a] ?? []), ...(clusters[best.b] ?? [])];
    clusters = clusters.filter((_, i) => i !== best.a && i !== best.b);
    clusters.push(merged);
  }
  const labels = new Array<string>(features.length).fill('speaker_1');
  clusters
    .map((members) => members.sort((x, y) => x - y))
    .sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0))
    .forEach((members, n) => {
      for (const i of members) labels[i] = `speaker_${n + 1}`;
    });
  return labels;
}

/** Scales the features so one unit means about the same for each: MFCC means /5, pitch as log2 × 4. */
function toVector(f: SpeakerFeatures): number[] {
  const pitch = f.pitchHz === null ? 0 : Math.log2(f.pitchHz / 100) * 4;
  return [...f.mfccMean.map((v) => v / 5), pitch];
}

function euclidean(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += ((a[i] ?? 0) - (b[i] ?? 0)) ** 2;
  return Math.sqrt(sum);
}
