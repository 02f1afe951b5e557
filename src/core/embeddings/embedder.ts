/** Dimensions of every vector stored in the local indexes (migrations/sqlite 0002/0003). */
export const EMBEDDING_DIMS = 384;

/** Turns texts into unit-length vectors of EMBEDDING_DIMS floats; one interface for every backend. */
export interface Embedder {
  /** Stable identity of the vector space (backend + model); a change means re-embedding everything. */
  readonly id: string;
  /** Embeds a batch, returning one L2-normalized Float32Array of EMBEDDING_DIMS per text, in order. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

/** Scales a vector to unit length in place (a zero vector stays zero) and returns it. */
export function normalizeInPlace(vector: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += (vector[i] ?? 0) * (vector[i] ?? 0);
  if (sum === 0) return vector;
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) * scale;
  return vector;
}

/** Cosine similarity of two unit vectors (their dot product). */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

/** The little-endian float32 blob sqlite-vec expects for a float[N] column. */
export function toVectorBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Reads a float32 blob from sqlite-vec back into a vector. */
export function fromVectorBlob(blob: Buffer): Float32Array {
  const copy = new Float32Array(blob.byteLength / 4);
  new Uint8Array(copy.buffer).set(blob);
  return copy;
}
