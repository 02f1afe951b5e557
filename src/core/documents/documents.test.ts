import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import type { PushEvents } from '../../shared/ipc/contract';
import { retrieveContext } from '../search';
import { createTestCore, type TestCore } from '../testing/create-test-core';

type Progress = PushEvents['documents.changed'];

async function makePdf(pages: string[][]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage();
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 750 - i * 18, size: 12, font }));
  }
  return Buffer.from(await doc.save());
}

async function makeDocx(paragraphs: string[]): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`);
  zip.file('_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`);
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${p}</w:t></w:r></w:p>`).join('');
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}

describe('documents', () => {
  let core: TestCore;
  let events: Progress[];
  afterEach(async () => core.close());

  function setup() {
    core = createTestCore();
    events = [];
    core.subscribe((event, payload) => {
      if (event === 'documents.changed') events.push(payload as Progress);
    });
  }

  async function upload(sessionId: string, filename: string, bytes: Buffer): Promise<Progress> {
    const doc = await core['documents.upload']({ session_id: sessionId, filename, bytes: bytes.toString('base64') });
    expect(doc.processing_status).toBe('pending');
    for (let i = 0; i < 500; i++) {
      const done = events.find((e) => e.id === doc.id && (e.processing_status === 'completed' || e.processing_status === 'failed'));
      if (done) return done;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('document never finished');
  }

  it('extracts a generated PDF page by page, with progress, and makes it retrievable', async () => {
    setup();
    const session = await core['sessions.create']({ title: 'Vendor review' });
    const pdf = await makePdf([['Security questionnaire for Initech', 'Data is encrypted at rest with AES-256.'], ['Our uptime commitment is 99.95 percent per month.']]);
    const done = await upload(session.id, 'questionnaire.pdf', pdf);
    expect(done.processing_status).toBe('completed');
    const mine = events.filter((e) => e.id === done.id).map((e) => e.processing_status);
    expect(mine[0]).toBe('pending');
    expect(mine).toContain('processing');
    const fractions = events.filter((e) => e.id === done.id && e.processing_status === 'processing').map((e) => e.progress);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.length).toBeGreaterThanOrEqual(3); // start + one per page
    const [doc] = await core['documents.list']({ session_id: session.id });
    expect(doc).toMatchObject({ original_filename: 'questionnaire.pdf', file_type: 'pdf', file_size_bytes: pdf.byteLength, processing_error: null });
    expect(doc?.text_chars).toBeGreaterThan(60);
    const chunks = await retrieveContext(core.internals.db, { sessionId: session.id, query: 'What uptime do they commit to?' });
    expect(chunks[0]).toMatchObject({ sourceType: 'document', label: 'questionnaire.pdf' });
    expect(chunks[0]?.content).toContain('99.95 percent');
  });

  it('extracts a DOCX built in the test, and TXT/MD as UTF-8', async () => {
    setup();
    const session = await core['sessions.create']({ title: 'Hiring loop' });
    const docx = await makeDocx(['Role: Staff backend engineer', 'Must have: Postgres tuning experience and on-call maturity.']);
    expect((await upload(session.id, 'Job Description.DOCX', docx)).processing_status).toBe('completed');
    expect((await upload(session.id, 'notes.md', Buffer.from('# Agenda\n\n- café budget review\n'))).processing_status).toBe('completed');
    const chunks = await retrieveContext(core.internals.db, { sessionId: session.id, query: 'postgres tuning', k: 1 });
    expect(chunks[0]?.label).toBe('Job Description.DOCX');
    const list = await core['documents.list']({ session_id: session.id });
    expect(list.map((d) => [d.file_type, d.processing_status])).toEqual([['docx', 'completed'], ['md', 'completed']]);
  });

  it('marks unreadable files failed with a clear error and loses nothing else', async () => {
    setup();
    const session = await core['sessions.create']({ title: 'Bad files' });
    const good = await upload(session.id, 'good.txt', Buffer.from('The renewal date is March 3rd.'));
    const brokenPdf = await upload(session.id, 'broken.pdf', Buffer.from('%PDF-1.7\nthis is not really a pdf'));
    const fakePdf = await upload(session.id, 'photo.pdf', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    const notDocx = await upload(session.id, 'report.docx', await (async () => { const z = new JSZip(); z.file('a.txt', 'x'); return z.generateAsync({ type: 'nodebuffer' }); })());
    const binaryTxt = await upload(session.id, 'dump.txt', Buffer.from([0xc3, 0x28, 0xa0, 0xa1]));
    const emptyPdf = await upload(session.id, 'blank.pdf', await makePdf([[]]));
    expect(brokenPdf).toMatchObject({ processing_status: 'failed', processing_error: expect.stringContaining('PDF could not be read') });
    expect(fakePdf.processing_error).toBe('The file is not a PDF (it does not start with %PDF-)');
    expect(notDocx.processing_error).toMatch(/DOCX could not be read/);
    expect(binaryTxt.processing_error).toBe('The file is not UTF-8 text');
    expect(emptyPdf.processing_error).toMatch(/no extractable text/);
    const list = await core['documents.list']({ session_id: session.id });
    expect(list).toHaveLength(6);
    expect(list.find((d) => d.id === good.id)?.processing_status).toBe('completed');
    const chunks = await retrieveContext(core.internals.db, { sessionId: session.id, query: 'renewal date' });
    expect(chunks.map((c) => c.label)).toEqual(['good.txt']);

    await expect(core['documents.upload']({ session_id: session.id, filename: 'setup.exe', bytes: 'TVqQAAMAAAAEAAAA' })).rejects.toMatchObject({ code: 'document.unsupported' });
    const tooBig = Buffer.alloc(10 * 1024 * 1024 + 1, 0x61).toString('base64');
    await expect(core['documents.upload']({ session_id: session.id, filename: 'big.txt', bytes: tooBig })).rejects.toMatchObject({ code: 'validation.too_large' });
    await expect(core['documents.upload']({ session_id: session.id, filename: 'x.txt', bytes: 'not base64!' })).rejects.toMatchObject({ code: 'validation.invalid_input' });
    expect(await core['documents.list']({ session_id: session.id })).toHaveLength(6);
  });

  it('deletes a document and its retrievable chunks', async () => {
    setup();
    const session = await core['sessions.create']({ title: 'Cleanup' });
    const done = await upload(session.id, 'pricing.txt', Buffer.from('Enterprise tier costs 40 dollars per seat.'));
    expect(await retrieveContext(core.internals.db, { sessionId: session.id, query: 'enterprise tier' })).toHaveLength(1);
    await core['documents.delete']({ id: done.id });
    expect(await core['documents.list']({ session_id: session.id })).toEqual([]);
    expect(await retrieveContext(core.internals.db, { sessionId: session.id, query: 'enterprise tier' })).toEqual([]);
    await expect(core['documents.delete']({ id: done.id })).rejects.toMatchObject({ code: 'document.not_found' });
  });
});

describe('session context and conversation links', () => {
  it('sets and reads session context, which retrieval then uses', async () => {
    const core = createTestCore();
    const session = await core['sessions.create']({ title: 'Renewal' });
    expect(await core['context.get']({ session_id: session.id })).toMatchObject({ text_context: null });
    await core['context.set']({ session_id: session.id, text_context: 'Customer threatened to churn over SSO pricing.' });
    core.advance(1000);
    const updated = await core['context.set']({ session_id: session.id, text_context: 'Customer is happy after the SSO discount.' });
    expect(updated.text_context).toBe('Customer is happy after the SSO discount.');
    const chunks = await retrieveContext(core.internals.db, { sessionId: session.id, query: 'SSO' });
    expect(chunks.map((c) => c.content)).toEqual(['Customer is happy after the SSO discount.']);
    await core.close();
  });

  it('links earlier conversations idempotently, lists and removes them, and rejects bad links', async () => {
    const core = createTestCore();
    const earlier = await core['sessions.create']({ title: 'Kickoff' });
    const later = await core['sessions.create']({ title: 'Check-in' });
    const link = await core['links.add']({ session_id: later.id, linked_session_id: earlier.id });
    expect(link).toMatchObject({ session_id: later.id, linked_session_id: earlier.id, linked_session_title: 'Kickoff' });
    expect((await core['links.add']({ session_id: later.id, linked_session_id: earlier.id })).id).toBe(link.id);
    expect(await core['links.list']({ session_id: later.id })).toEqual([link]);
    await expect(core['links.add']({ session_id: later.id, linked_session_id: later.id })).rejects.toMatchObject({ code: 'validation.invalid_input' });
    await expect(core['links.add']({ session_id: later.id, linked_session_id: '00000000-0000-4000-8000-00000000abcd' })).rejects.toMatchObject({ code: 'session.not_found' });
    await core['links.remove']({ id: link.id });
    expect(await core['links.list']({ session_id: later.id })).toEqual([]);
    await expect(core['links.remove']({ id: link.id })).rejects.toMatchObject({ code: 'link.not_found' });
    await core.close();
  });
});
