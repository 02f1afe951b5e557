import { contentTerms } from '../offline/nlp';

/** Fuzzy similarity of an expected item and a produced one: share of expected terms found, penalized when the produced text is mostly unrelated. */
export function itemSimilarity(expected: string, produced: string): number {
  const e = new Set(contentTerms(expected));
  const p = new Set(contentTerms(produced));
  if (e.size === 0 || p.size === 0) return 0;
  let shared = 0;
  for (const term of e) if (p.has(term)) shared++;
  const recall = shared / e.size;
  const precision = shared / p.size;
  return precision < 0.25 ? 0 : recall;
}

/** Counts of a one-to-one greedy matching between expected and produced items. */
export interface MatchCounts {
  expected: number;
  produced: number;
  matched: number;
}

/** Matches items one to one (best pairs first) at `threshold` similarity. */
export function matchItems(expected: string[], produced: string[], threshold = 0.5): MatchCounts {
  const pairs = matchPairs(expected, produced, threshold);
  return { expected: expected.length, produced: produced.length, matched: pairs.length };
}

/** The matched [expectedIndex, producedIndex] pairs of a one-to-one greedy matching. */
export function matchPairs(expected: string[], produced: string[], threshold = 0.5): Array<[number, number]> {
  const pairs: Array<[number, number, number]> = [];
  expected.forEach((e, i) => produced.forEach((p, j) => {
    const score = itemSimilarity(e, p);
    if (score >= threshold) pairs.push([score, i, j]);
  }));
  pairs.sort((a, b) => b[0] - a[0]);
  const usedE = new Set<number>();
  const usedP = new Set<number>();
  const matched: Array<[number, number]> = [];
  for (const [, i, j] of pairs) {
    if (usedE.has(i) || usedP.has(j)) continue;
    usedE.add(i);
    usedP.add(j);
    matched.push([i, j]);
  }
  return matched;
}

/** Adds up match counts. */
export function sumCounts(counts: MatchCounts[]): MatchCounts {
  return counts.reduce((a, b) => ({ expected: a.expected + b.expected, produced: a.produced + b.produced, matched: a.matched + b.matched }), { expected: 0, produced: 0, matched: 0 });
}

/** matched / expected. */
export const recallOf = (c: MatchCounts): number => (c.expected === 0 ? 1 : c.matched / c.expected);
/** matched / produced. */
export const precisionOf = (c: MatchCounts): number => (c.produced === 0 ? 1 : c.matched / c.produced);
