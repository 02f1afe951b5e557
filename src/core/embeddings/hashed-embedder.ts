import { CONCEPT_OF_WORD } from './concepts';
import { EMBEDDING_DIMS, normalizeInPlace, type Embedder } from './embedder';

/**
 * A local embedder that needs no model download: signed feature hashing ("hashing trick") of word
 * unigrams, word bigrams, character 3–4-grams and a small thesaurus of meeting concepts into
 * EMBEDDING_DIMS dimensions, with sublinear term frequency and L2 normalization. It is
 * lexical-semantic: it finds morphological variants, overlapping phrasing and listed synonyms,
 * not meaning in general. An OpenAI-compatible endpoint gives real semantic embeddings.
 */
export function createHashedEmbedder(): Embedder {
  return {
    id: 'hashed-v1',
    embed: async (texts) => texts.map((text) => embedHashed(text)),
  };
}

/** Synchronous form of the hashed embedding, for bulk indexing and benches. */
export function embedHashed(text: string): Float32Array {
  const counts = new Map<string, number>();
  const add = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
  const words = tokenize(text);
  let previous: string | undefined;
  for (const word of words) {
    const isStop = STOPWORDS.has(word);
    if (!isStop) {
      add(`w:${word}`, 1);
      const concept = CONCEPT_OF_WORD.get(word);
      if (concept !== undefined) add(`c:${concept}`, 1);
      const padded = `<${word}>`;
      for (let n = 3; n <= 4; n++) {
        for (let i = 0; i + n <= padded.length; i++) add(`g:${padded.slice(i, i + n)}`, 0.25);
      }
    }
    if (previous !== undefined && !(isStop && STOPWORDS.has(previous))) add(`b:${previous} ${word}`, 0.5);
    previous = word;
  }
  const vector = new Float32Array(EMBEDDING_DIMS);
  for (const [feature, count] of counts) {
    const hash = fnv1a(feature);
    const sign = hash & 0x80000000 ? -1 : 1;
    // Sublinear tf: repeated features count as 1 + ln(tf), scaled by the feature's weight.
    const weight = count < 1 ? count : 1 + Math.log(count);
    const index = (hash & 0x7fffffff) % EMBEDDING_DIMS;
    vector[index] = (vector[index] ?? 0) + sign * weight;
  }
  return normalizeInPlace(vector);
}

/** Lowercased alphanumeric words (Unicode letters and digits), apostrophes dropped. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().replace(/['’]/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** English function words left out of unigram features (they still shape bigrams). */
export const STOPWORDS: ReadonlySet<string> = new Set(
  ('a an and are as at be been but by can could did do does for from had has have he her his i if in into is it its ' +
    'just me my no not of on or our she so than that the their them then there these they this those to up us was ' +
    'we were what when where which who will with would you your yeah okay ok um uh like really very also about').split(' '),
);

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
