import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';
import type { SmartNote } from '../../shared/domain/notes';
import type { Session } from '../../shared/domain/session';
import type { Transcript } from '../../shared/domain/transcript';
import type { Summary } from '../../shared/ipc/contracts/copilot';

/** Everything an export contains. */
export interface SessionExportInput {
  session: Session;
  summary: Summary | null;
  notes: SmartNote[];
  transcript: Transcript[];
}

const clock = (seconds: number) => {
  const s = Math.floor(seconds);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/** Renders a session (summary, notes, transcript) as Markdown. */
export function sessionToMarkdown(input: SessionExportInput): string {
  const { session, summary, notes, transcript } = input;
  const lines: string[] = [`# ${summary?.title ?? session.title}`, '', `_${new Date(session.created_at).toISOString().slice(0, 16).replace('T', ' ')} UTC${session.conversation_type ? ` · ${session.conversation_type}` : ''}_`, ''];
  if (summary) {
    if (summary.tldr) lines.push('## TL;DR', '', summary.tldr, '');
    if (summary.key_decisions.length > 0) lines.push('## Decisions', '', ...summary.key_decisions.map((d) => `- ${d}`), '');
    if (summary.action_items.length > 0) {
      lines.push('## Action items', '', ...summary.action_items.map((a) => `- [ ] ${a.text}${a.owner ? ` — ${a.owner}` : ''}${a.due ? ` (due ${a.due})` : ''}`), '');
    }
    if (summary.follow_up_questions.length > 0) lines.push('## Follow-up questions', '', ...summary.follow_up_questions.map((q) => `- ${q}`), '');
    if (summary.conversation_highlights.length > 0) lines.push('## Highlights', '', ...summary.conversation_highlights.map((h) => `- ${h}`), '');
  }
  if (notes.length > 0) lines.push('## Notes', '', ...notes.map((n) => `- **${n.category.replace('_', ' ')}** (${n.importance}): ${n.content}`), '');
  if (transcript.length > 0) lines.push('## Transcript', '', ...transcript.map((t) => `**[${clock(t.start_time_seconds)}] ${t.speaker}:** ${t.content}`, ''));
  return `${lines.join('\n').trim()}\n`;
}

/** A file-name-safe slug of the session title. */
export function exportFileName(session: Session, extension: 'md' | 'pdf'): string {
  const slug = session.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'session';
  return `${slug}-${session.id.slice(0, 8)}.${extension}`;
}

const PAGE = { width: 595.28, height: 841.89, margin: 50 };

/** Renders the Markdown export as a real PDF with pdf-lib (A4, wrapped text, headings, page breaks). */
export async function markdownToPdf(markdown: string, title: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsi(title));
  pdf.setProducer('LiveConvo');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let page = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  const maxWidth = PAGE.width - PAGE.margin * 2;

  const draw = (text: string, font: PDFFont, size: number, indent = 0) => {
    for (const line of wrap(winAnsi(text), font, size, maxWidth - indent)) {
      if (y < PAGE.margin + size) {
        page = pdf.addPage([PAGE.width, PAGE.height]);
        y = PAGE.height - PAGE.margin;
      }
      page.drawText(line, { x: PAGE.margin + indent, y: y - size, size, font, color: rgb(0.1, 0.1, 0.12) });
      y -= size * 1.4;
    }
  };
  for (const raw of markdown.split('\n')) {
    const line = raw.replace(/\*\*/g, '').replace(/^_(.*)_$/, '$1');
    if (line.startsWith('# ')) draw(line.slice(2), bold, 18);
    else if (line.startsWith('## ')) {
      y -= 6;
      draw(line.slice(3), bold, 13);
    } else if (/^- (\[ \] )?/.test(line)) draw(`•  ${line.replace(/^- (\[ \] )?/, '')}`, regular, 10.5, 8);
    else if (line.trim() === '') y -= 5;
    else draw(line, regular, 10.5);
  }
  return pdf.save();
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !current) current = candidate;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  return lines.length > 0 ? lines : [''];
}

// The standard PDF fonts only encode WinAnsi; anything else becomes "?" rather than failing the export.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
function winAnsi(text: string): string {
  return [...text]
    .map((c) => {
      const code = c.charCodeAt(0);
      if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return ' ';
      return code <= 0xff || WIN_ANSI_EXTRA.has(c) ? c : '?';
    })
    .join('');
}
