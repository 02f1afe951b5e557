import { contentTerms } from './nlp';

/**
 * TextRank (Mihalcea & Tarau 2004) over sentences: a graph weighted by normalized term overlap,
 * scored by PageRank. Returns one score per input sentence.
 */
export function textRank(sentences: string[], options: { damping?: number; iterations?: number } = {}): number[] {
  const damping = options.damping ?? 0.85;
  const iterations = options.iterations ?? 30;
  const n = sentences.length;
  if (n === 0) return [];
  const termSets = sentences.map((s) => new Set(contentTerms(s)));
  const weights: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const outSum = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const a = termSets[i]!;
    if (a.size < 2) continue;
    for (let j = i + 1; j < n; j++) {
      const b = termSets[j]!;
      if (b.size < 2) continue;
      let shared = 0;
      for (const term of a) if (b.has(term)) shared++;
      if (shared === 0) continue;
      const w = shared / (Math.log(a.size + 1) + Math.log(b.size + 1));
      weights[i]![j] = w;
      weights[j]![i] = w;
      outSum[i]! += w;
      outSum[j]! += w;
    }
  }
  let scores = new Array<number>(n).fill(1);
  for (let iter = 0; iter < iterations; iter++) {
    const next = new Array<number>(n).fill(1 - damping);
    for (let j = 0; j < n; j++) {
      const row = weights[j]!;
      const total = outSum[j]!;
      if (total === 0) continue;
      const share = (damping * scores[j]!) / total;
      for (let i = 0; i < n; i++) if (row[i]! > 0) next[i]! += share * row[i]!;
    }
    scores = next;
  }
  return scores;
}

/** Indices of the `k` best sentences, in their original order. */
export function topSentences(sentences: string[], k: number, bonus: (index: number) => number = () => 0): number[] {
  const scores = textRank(sentences);
  return scores
    .map((score, index) => ({ index, score: score * (1 + bonus(index)) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map((s) => s.index)
    .sort((a, b) => a - b);
}
