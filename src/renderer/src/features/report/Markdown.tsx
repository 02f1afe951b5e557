import type { ReactNode } from 'react';

/** A block of the small Markdown subset reports use. */
export type MdBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'list'; isOrdered: boolean; items: string[] }
  | { kind: 'paragraph'; text: string };

/** Parses headings, bullet and numbered lists and paragraphs; everything else is text. */
export function parseMarkdown(source: string): MdBlock[] {
  const blocks: MdBlock[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (const raw of source.split(/\r?\n/)) {
    const line = raw.trim();
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^[-*•]\s+(.*)$/.exec(line);
    const numbered = /^\d+[.)]\s+(.*)$/.exec(line);
    if (!line) {
      flush();
    } else if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: Math.min(3, heading[1]?.length ?? 1) as 1 | 2 | 3, text: heading[2] ?? '' });
    } else if (bullet || numbered) {
      flush();
      const isOrdered = !bullet;
      const text = (bullet ?? numbered)?.[1] ?? '';
      const last = blocks[blocks.length - 1];
      if (last?.kind === 'list' && last.isOrdered === isOrdered) last.items.push(text);
      else blocks.push({ kind: 'list', isOrdered, items: [text] });
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return blocks;
}

/** Renders **bold** and *italic* spans as elements (never as HTML). */
export function renderInline(text: string): ReactNode[] {
  const parts = text.split(/(\*\*[^*]+\*\*|\*[^*\s][^*]*\*)/g);
  return parts.map((part, i) => {
    if (part.startsWith('**') && part.endsWith('**') && part.length > 4) return <strong key={i}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('*') && part.endsWith('*') && part.length > 2) return <em key={i}>{part.slice(1, -1)}</em>;
    return part;
  });
}

/** Markdown from the copilot, rendered as React elements so no markup from the model reaches the DOM. */
export function Markdown({ source }: { source: string }) {
  return (
    <div className="prose md">
      {parseMarkdown(source).map((block, i) => {
        switch (block.kind) {
          case 'heading':
            return block.level === 1 ? <h3 key={i}>{renderInline(block.text)}</h3> : <h4 key={i}>{renderInline(block.text)}</h4>;
          case 'list': {
            const items = block.items.map((item, j) => <li key={j}>{renderInline(item)}</li>);
            return block.isOrdered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
          }
          case 'paragraph':
            return <p key={i}>{renderInline(block.text)}</p>;
        }
      })}
    </div>
  );
}
