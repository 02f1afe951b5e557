import type { ReactNode } from 'react';

/** Splits text into plain and highlighted parts from [start, end) ranges (sorted, clipped, merged). */
export function splitHighlights(text: string, highlights: readonly (readonly [number, number])[]): { text: string; isMatch: boolean }[] {
  const ranges = [...highlights]
    .map(([start, end]) => [Math.max(0, start), Math.min(text.length, end)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const parts: { text: string; isMatch: boolean }[] = [];
  let cursor = 0;
  for (const [start, end] of ranges) {
    if (end <= cursor) continue;
    const from = Math.max(start, cursor);
    if (from > cursor) parts.push({ text: text.slice(cursor, from), isMatch: false });
    parts.push({ text: text.slice(from, end), isMatch: true });
    cursor = end;
  }
  if (cursor < text.length) parts.push({ text: text.slice(cursor), isMatch: false });
  return parts;
}

/** A search snippet with its matches marked. */
export function Snippet({ text, highlights }: { text: string; highlights: readonly (readonly [number, number])[] }) {
  const nodes: ReactNode[] = splitHighlights(text, highlights).map((part, i) => (part.isMatch ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>));
  return <p className="snippet">{nodes}</p>;
}
