import type { ContextSource } from './types';
import { contentTerms } from './offline/nlp';

/** A passage of a context source, as retrieved. */
export interface Passage {
  source: ContextSource['kind'];
  label: string;
  text: string;
  score: number;
}

/** A BM25 index over the passages of a session's context sources. */
export interface ContextIndex {
  /** Top passages for a query, best first; only passages sharing enough terms with the query. */
  search(query: string, limit?: number): Passage[];
  readonly size: number;
}

const WORDS_PER_PASSAGE = 60;
const OVERLAP_WORDS = 20;
const K1 = 1.2;
const B = 0.75;

/** Splits sources into overlapping passages (on sentence boundaries where possible) and indexes them with BM25. */
export function buildContextIndex(sources: ContextSource[]): ContextIndex {
  const passages = sources.flatMap((source) => splitPassages(source.text).map((text) => ({ source, text, terms: contentTerms(text) })));
  const docFreq = new Map<string, number>();
  for (const passage of passages) for (const term of new Set(passage.terms)) docFreq.set(term, (docFreq.get(term) ?? 0) + 1);
  const avgLength = passages.reduce((sum, p) => sum + p.terms.length, 0) / Math.max(1, passages.length);
  const termCounts = passages.map((p) => {
    const counts = new Map<string, number>();
    for (const term of p.terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    return counts;
  });
  return {
    size: passages.length,
    search(query, limit = 3) {
      const queryTerms = [...new Set(contentTerms(query))];
      if (queryTerms.length === 0) return [];
      const minMatches = queryTerms.length <= 2 ? 1 : 2;
      const scored: Passage[] = [];
      passages.forEach((passage, i) => {
        const counts = termCounts[i]!;
        let score = 0;
        let matched = 0;
        for (const term of queryTerms) {
          const tf = counts.get(term) ?? 0;
          if (tf === 0) continue;
          matched++;
          const df = docFreq.get(term) ?? 0;
          const idf = Math.log(1 + (passages.length - df + 0.5) / (df + 0.5));
          score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * passage.terms.length) / avgLength));
        }
        if (matched >= minMatches) scored.push({ source: passage.source.kind, label: passage.source.label, text: passage.text, score });
      });
      return scored.sort((a, b) => b.score - a.score).slice(0, limit);
    },
  };
}

function splitPassages(text: string): string[] {
  const sentences = text.replace(/\r/g, '').split(/(?<=[.!?])\s+|\n{1,}/).map((s) => s.trim()).filter(Boolean);
  const passages: string[] = [];
  let current: string[] = [];
  let words = 0;
  for (const sentence of sentences) {
    const count = sentence.split(/\s+/).length;
    if (words + count > WORDS_PER_PASSAGE && current.length > 0) {
      passages.push(current.join(' '));
      // Keep the tail as overlap so an answer spanning a boundary is still found.
      const tail: string[] = [];
      let tailWords = 0;
      for (let i = current.length - 1; i >= 0 && tailWords < OVERLAP_WORDS; i--) {
        tail.unshift(current[i]!);
        tailWords += current[i]!.split(/\s+/).length;
      }
      current = tail.length === current.length ? [] : tail;
      words = current.reduce((sum, s) => sum + s.split(/\s+/).length, 0);
    }
    current.push(sentence);
    words += count;
  }
  if (current.length > 0) passages.push(current.join(' '));
  return passages;
}

/** The one or two sentences of a passage that best match the query (for a short suggested answer). */
export function bestSentences(passage: string, query: string, max = 2): string {
  const queryTerms = new Set(contentTerms(query));
  const sentences = passage.split(/(?<=[.!?])\s+/).filter(Boolean);
  const ranked = sentences
    .map((sentence, index) => ({ sentence, index, score: contentTerms(sentence).filter((t) => queryTerms.has(t)).length }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, max)
    .sort((a, b) => a.index - b.index);
  return (ranked.length > 0 ? ranked.map((s) => s.sentence) : sentences.slice(0, 1)).join(' ');
}
