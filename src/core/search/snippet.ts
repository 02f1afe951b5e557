import { queryTerms } from './fts-query';

/** A short excerpt with the character ranges [start, end) that match the query. */
export interface Snippet {
  text: string;
  highlights: [number, number][];
}

const WORD = /[\p{L}\p{N}'’]+/gu;

/**
 * Cuts an excerpt of at most `maxWords` words around the first query match and marks every word
 * matching a query term. A word matches when it equals a term or shares its stem-length prefix
 * ("pricing" ~ "price"), mirroring the porter-stemmed FTS index closely enough for display.
 */
export function buildSnippet(content: string, query: string, maxWords = 32): Snippet {
  const terms = queryTerms(query);
  const words = [...content.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, word: m[0] }));
  const isMatch = (word: string) => {
    const lower = word.toLowerCase().replace(/['’]/g, '');
    return terms.some((term) => lower === term || (term.length >= 4 && lower.startsWith(stemPrefix(term))) || (lower.length >= 4 && term.startsWith(stemPrefix(lower))));
  };
  const firstMatch = Math.max(0, words.findIndex((w) => isMatch(w.word)));
  const from = words.length <= maxWords ? 0 : Math.max(0, Math.min(firstMatch - Math.floor(maxWords / 3), words.length - maxWords));
  const to = Math.min(words.length, from + maxWords);
  const startChar = from === 0 ? 0 : (words[from]?.start ?? 0);
  const endChar = to >= words.length ? content.length : (words[to - 1]?.end ?? content.length);
  const prefix = startChar > 0 ? '…' : '';
  const text = prefix + content.slice(startChar, endChar) + (endChar < content.length ? '…' : '');
  const highlights: [number, number][] = [];
  for (const w of words.slice(from, to)) {
    if (isMatch(w.word)) highlights.push([w.start - startChar + prefix.length, w.end - startChar + prefix.length]);
  }
  return { text, highlights };
}

function stemPrefix(word: string): string {
  return word.slice(0, Math.max(4, word.length - 3));
}
