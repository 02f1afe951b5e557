import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { markdownToPdf } from './session-export';

describe('PDF export', () => {
  it('writes text outside WinAnsi (CJK, emoji, tabs) without failing, and paginates long documents', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `- Point ${i}: Zoë said “ship it” — 日本語 😀\tdone`).join('\n');
    const bytes = await markdownToPdf(`# Review\n\n## Notes\n\n${long}`, 'Review 😀');
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBeGreaterThan(3);
    expect(pdf.getTitle()).toBe('Review ?');
  });
});
