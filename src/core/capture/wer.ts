/** Word error rate pieces: edit distance over words and the reference length. */
export interface WerResult {
  errors: number;
  referenceWords: number;
  wer: number;
}

/** Normalizes text for scoring: lowercase words, punctuation dropped. */
export function scoringWords(text: string): string[] {
  return text.toLowerCase().replace(/[^a-z0-9' ]+/g, ' ').split(/\s+/).filter((w) => w.length > 0);
}

/** Word error rate of `hypothesis` against `reference` (Levenshtein over words). */
export function wordErrorRate(reference: string, hypothesis: string): WerResult {
  const ref = scoringWords(reference);
  const hyp = scoringWords(hypothesis);
  let previous = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const row = [i];
    for (let j = 1; j <= hyp.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (ref[i - 1] === hyp[j - 1] ? 0 : 1);
      row.push(Math.min(substitution, (previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1));
    }
    previous = row;
  }
  const errors = previous[hyp.length] ?? 0;
  return { errors, referenceWords: ref.length, wer: ref.length === 0 ? (hyp.length === 0 ? 0 : 1) : errors / ref.length };
}
