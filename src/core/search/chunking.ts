/** Target size of a context chunk, in characters (about 150–200 words). */
export const CHUNK_CHARS = 1_000;
/** Characters repeated from the end of one chunk at the start of the next. */
export const CHUNK_OVERLAP_CHARS = 150;

/**
 * Splits text into chunks of about CHUNK_CHARS, cutting at paragraph, then sentence, then word
 * boundaries, with a small overlap so a passage cut in two is still found whole in one chunk.
 */
export function chunkText(text: string, size = CHUNK_CHARS, overlap = CHUNK_OVERLAP_CHARS): string[] {
  const clean = text.replace(/\r\n?/g, '\n').replace(/[ \t]+/g, ' ').replace(/\n{3,}/g, '\n\n').trim();
  if (clean.length === 0) return [];
  const chunks: string[] = [];
  let start = 0;
  while (start < clean.length) {
    let end = Math.min(clean.length, start + size);
    if (end < clean.length) end = findCut(clean, start + Math.floor(size / 2), end);
    const chunk = clean.slice(start, end).trim();
    if (chunk) chunks.push(chunk);
    if (end >= clean.length) break;
    const next = end - overlap;
    start = next > start ? advanceToWord(clean, next) : end;
  }
  return chunks;
}

function findCut(text: string, min: number, max: number): number {
  for (const boundary of ['\n\n', '. ', '? ', '! ', '\n', ' ']) {
    const at = text.lastIndexOf(boundary, max - boundary.length);
    if (at >= min) return at + boundary.length;
  }
  return max;
}

function advanceToWord(text: string, index: number): number {
  const space = text.indexOf(' ', index);
  return space === -1 || space - index > 40 ? index : space + 1;
}
