import { STOPWORDS, tokenize } from '../embeddings/hashed-embedder';

/** Content words of a user query: lowercased, stopwords removed, deduplicated, at most 12. */
export function queryTerms(text: string): string[] {
  const terms = tokenize(text).filter((word) => !STOPWORDS.has(word));
  return [...new Set(terms)].slice(0, 12);
}

/**
 * Builds an FTS5 MATCH expression from free text, with every term quoted so user input can never
 * be read as FTS syntax. 'all' requires every term; 'any' ranks documents matching some of them.
 * Returns null when the text has no content words.
 */
export function toFtsQuery(text: string, mode: 'all' | 'any'): string | null {
  const terms = queryTerms(text);
  if (terms.length === 0) return null;
  return terms.map((term) => `"${term}"`).join(mode === 'all' ? ' ' : ' OR ');
}
