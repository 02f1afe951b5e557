/** Bits of a SimHash code (64 bytes). */
export const CODE_BITS = 512;

// Two fixed pseudo-random ±1 diagonals for the randomized Hadamard transform (seeded, so codes
// are stable across runs and machines).
const SIGNS = [makeSigns(0x9e3779b9), makeSigns(0x85ebca6b)] as const;

/**
 * 512-bit SimHash of a vector: random signs, a fast Walsh–Hadamard transform (twice), then the
 * sign of each output. The Hamming distance of two codes estimates the angle between the vectors,
 * so a Hamming scan (cheap in sqlite-vec) picks candidates for exact cosine rescoring.
 */
export function simhashCode(vector: Float32Array): Buffer {
  const x = new Float32Array(CODE_BITS);
  for (let i = 0; i < vector.length && i < CODE_BITS; i++) x[i] = (vector[i] ?? 0) * (SIGNS[0][i] ?? 1);
  walshHadamard(x);
  for (let i = 0; i < CODE_BITS; i++) x[i] = (x[i] ?? 0) * (SIGNS[1][i] ?? 1);
  walshHadamard(x);
  const code = Buffer.alloc(CODE_BITS / 8);
  for (let i = 0; i < CODE_BITS; i++) if ((x[i] ?? 0) > 0) code[i >> 3] = (code[i >> 3] ?? 0) | (1 << (i & 7));
  return code;
}

function walshHadamard(x: Float32Array): void {
  for (let len = 1; len < x.length; len <<= 1) {
    for (let i = 0; i < x.length; i += len << 1) {
      for (let j = i; j < i + len; j++) {
        const a = x[j] ?? 0;
        const b = x[j + len] ?? 0;
        x[j] = a + b;
        x[j + len] = a - b;
      }
    }
  }
}

function makeSigns(seed: number): Int8Array {
  const signs = new Int8Array(CODE_BITS);
  let state = seed >>> 0;
  for (let i = 0; i < CODE_BITS; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    signs[i] = state & 1 ? 1 : -1;
  }
  return signs;
}
