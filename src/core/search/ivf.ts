import { EMBEDDING_DIMS, normalizeInPlace } from '../embeddings/embedder';

/** How the vector index is trained and searched. */
export interface IvfConfig {
  /** Below this many vectors the index is not trained: every SimHash code is scanned. */
  minRows: number;
  /** Fraction of the IVF lists a query probes (nearest centroids first). */
  probeFraction: number;
  /** Minimum lists probed. */
  minProbes: number;
  /** SimHash-nearest candidates rescored with exact cosine. */
  candidates: number;
  /** k-means iterations per level. */
  iterations: number;
}

/** Defaults sized for ~1M transcript rows on two cores; bench/search.ts measures their recall. */
export const DEFAULT_IVF_CONFIG: IvfConfig = { minRows: 50_000, probeFraction: 1 / 32, minProbes: 8, candidates: 200, iterations: 6 };

/** IVF shape for `rows` vectors: about 4·√rows lists as top × sub clusters, and the training sample size. */
export function ivfShapeFor(rows: number): { top: number; sub: number; sampleSize: number } {
  const side = Math.max(2, Math.ceil(Math.sqrt(4 * Math.sqrt(rows))));
  return { top: side, sub: side, sampleSize: Math.min(rows, Math.max(20_000, 30 * side * side)) };
}

/** Lists probed for a trained index of `lists` lists. */
export function probesFor(lists: number, config: IvfConfig): number {
  return Math.min(lists, Math.max(config.minProbes, Math.round(lists * config.probeFraction)));
}

/** Trained centroids: the lists (leaf id = top * sub + s) and the derived top-level centroids. */
export interface IvfCentroids {
  sub: number;
  /** list id → unit centroid. */
  lists: Map<number, Float32Array>;
  /** top id → unit centroid (normalized mean of its lists). */
  tops: Map<number, Float32Array>;
}

/** A vector's non-zero coordinates, so dot products with centroids skip the zeros. */
interface Sparse {
  index: Uint16Array;
  value: Float32Array;
}

/**
 * Trains a two-level spherical k-means: `top` clusters, each split into up to `sub` lists, on
 * unit vectors. Two levels keep assigning a new vector cheap (top + sub dot products).
 */
export function trainIvf(samples: readonly Float32Array[], config: { top: number; sub: number }, iterations = 8, seed = 1): IvfCentroids {
  const random = seeded(seed);
  const sparse = samples.map(toSparse);
  const topCentroids = kmeans(sparse, samples, Math.min(config.top, samples.length), iterations, random);
  const lists = new Map<number, Float32Array>();
  const members: number[][] = topCentroids.map(() => []);
  sparse.forEach((v, i) => members[nearest(v, topCentroids)]?.push(i));
  members.forEach((indexes, t) => {
    if (indexes.length === 0) return;
    const subCentroids = kmeans(indexes.map((i) => sparse[i] as Sparse), indexes.map((i) => samples[i] as Float32Array), Math.min(config.sub, indexes.length), iterations, random);
    subCentroids.forEach((centroid, s) => lists.set(t * config.sub + s, centroid));
  });
  return fromLists(lists, config.sub);
}

/** Rebuilds the derived top-level centroids from stored list centroids. */
export function fromLists(lists: Map<number, Float32Array>, sub: number): IvfCentroids {
  const tops = new Map<number, Float32Array>();
  for (const [id, centroid] of lists) {
    const top = Math.floor(id / sub);
    const sum = tops.get(top) ?? new Float32Array(EMBEDDING_DIMS);
    for (let d = 0; d < EMBEDDING_DIMS; d++) sum[d] = (sum[d] ?? 0) + (centroid[d] ?? 0);
    tops.set(top, sum);
  }
  for (const sum of tops.values()) normalizeInPlace(sum);
  return { sub, lists, tops };
}

/** The list a vector belongs to: its nearest top-level centroid, then that cluster's nearest list. */
export function assignList(ivf: IvfCentroids, vector: Float32Array): number {
  const v = toSparse(vector);
  let bestTop = -1;
  let best = -Infinity;
  for (const [id, centroid] of ivf.tops) {
    const score = sparseDot(v, centroid);
    if (score > best) [best, bestTop] = [score, id];
  }
  let bestList = -1;
  best = -Infinity;
  for (let s = 0; s < ivf.sub; s++) {
    const centroid = ivf.lists.get(bestTop * ivf.sub + s);
    if (!centroid) continue;
    const score = sparseDot(v, centroid);
    if (score > best) [best, bestList] = [score, bestTop * ivf.sub + s];
  }
  return bestList;
}

/** The `nprobe` lists whose centroids are nearest to the query. */
export function nearestLists(ivf: IvfCentroids, query: Float32Array, nprobe: number): number[] {
  const v = toSparse(query);
  return [...ivf.lists]
    .map(([id, centroid]) => ({ id, score: sparseDot(v, centroid) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, nprobe)
    .map((item) => item.id);
}

function kmeans(sparse: readonly Sparse[], dense: readonly Float32Array[], k: number, iterations: number, random: () => number): Float32Array[] {
  const order = dense.map((_, i) => i).sort(() => random() - 0.5);
  let centroids: Float32Array[] = order.slice(0, k).map((i) => Float32Array.from(dense[i] as Float32Array));
  for (let iteration = 0; iteration < iterations; iteration++) {
    const sums = centroids.map(() => new Float32Array(EMBEDDING_DIMS));
    const counts = new Array<number>(k).fill(0);
    sparse.forEach((v) => {
      const c = nearest(v, centroids);
      const sum = sums[c] as Float32Array;
      for (let j = 0; j < v.index.length; j++) sum[v.index[j] as number] = (sum[v.index[j] as number] ?? 0) + (v.value[j] ?? 0);
      counts[c] = (counts[c] ?? 0) + 1;
    });
    centroids = sums.map((sum, c) => (counts[c] ? normalizeInPlace(sum) : Float32Array.from(dense[Math.floor(random() * dense.length)] as Float32Array)));
  }
  return centroids;
}

function nearest(v: Sparse, centroids: readonly Float32Array[]): number {
  let best = -Infinity;
  let bestIndex = 0;
  for (let c = 0; c < centroids.length; c++) {
    const score = sparseDot(v, centroids[c] as Float32Array);
    if (score > best) [best, bestIndex] = [score, c];
  }
  return bestIndex;
}

function toSparse(vector: Float32Array): Sparse {
  let n = 0;
  for (let d = 0; d < vector.length; d++) if (vector[d] !== 0) n++;
  const index = new Uint16Array(n);
  const value = new Float32Array(n);
  let j = 0;
  for (let d = 0; d < vector.length; d++) {
    if (vector[d] !== 0) {
      index[j] = d;
      value[j++] = vector[d] ?? 0;
    }
  }
  return { index, value };
}

function sparseDot(v: Sparse, dense: Float32Array): number {
  let sum = 0;
  for (let j = 0; j < v.index.length; j++) sum += (v.value[j] ?? 0) * (dense[v.index[j] as number] ?? 0);
  return sum;
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}
