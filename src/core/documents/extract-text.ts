import { AppError, toError } from '../../shared/errors';

/** File types a document upload may have (documents.file_type). */
export const DOCUMENT_TYPES = ['pdf', 'docx', 'txt', 'md'] as const;
/** One supported document type. */
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
/** Largest extracted text kept for one document, in characters. */
export const MAX_EXTRACTED_CHARS = 2_000_000;

/**
 * The document type of a filename from its extension.
 * @throws AppError('document.unsupported') for anything but PDF, DOCX, TXT and MD.
 */
export function documentTypeOf(filename: string): DocumentType {
  const extension = filename.toLowerCase().split('.').pop() ?? '';
  const type = extension === 'markdown' ? 'md' : extension;
  if ((DOCUMENT_TYPES as readonly string[]).includes(type)) return type as DocumentType;
  throw new AppError('document.unsupported', `Unsupported file type ".${extension}": upload a PDF, DOCX, TXT or MD file`, {
    details: { extension },
  });
}

/**
 * Extracts plain text: pdfjs-dist for PDF (page by page, reporting progress), mammoth for DOCX,
 * strict UTF-8 for TXT/MD. Checks the file's signature against its extension first.
 * @throws AppError('document.extraction_failed') with a message saying what is wrong with the file.
 */
export async function extractText(bytes: Uint8Array, type: DocumentType, onProgress: (fraction: number) => void = () => {}): Promise<string> {
  let text: string;
  switch (type) {
    case 'pdf':
      text = await extractPdf(bytes, onProgress);
      break;
    case 'docx':
      text = await extractDocx(bytes);
      break;
    case 'txt':
    case 'md':
      text = decodeUtf8(bytes);
      break;
    default:
      return assertUnreachable(type);
  }
  const clean = text.replaceAll('\u0000', '').trim();
  if (clean.length === 0) throw failed('The file contains no extractable text (a scanned PDF needs OCR, which is not supported)');
  if (clean.length > MAX_EXTRACTED_CHARS) {
    throw failed(`The file holds ${clean.length} characters of text; the limit is ${MAX_EXTRACTED_CHARS}`);
  }
  return clean;
}

async function extractPdf(bytes: Uint8Array, onProgress: (fraction: number) => void): Promise<string> {
  if (!startsWith(bytes, '%PDF-')) throw failed('The file is not a PDF (it does not start with %PDF-)');
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let pdf;
  try {
    pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  } catch (error) {
    throw failed(`The PDF could not be read: ${toError(error).message}`, error);
  }
  try {
    const pages: string[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join(''));
      page.cleanup();
      onProgress(number / pdf.numPages);
    }
    return pages.join('\n\n');
  } catch (error) {
    throw failed(`The PDF could not be read: ${toError(error).message}`, error);
  } finally {
    await pdf.destroy();
  }
}

async function extractDocx(bytes: Uint8Array): Promise<string> {
  if (!startsWith(bytes, 'PK\u0003\u0004')) throw failed('The file is not a DOCX (it is not a ZIP package)');
  const mammoth = await import('mammoth');
  try {
    const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    return result.value;
  } catch (error) {
    throw failed(`The DOCX could not be read: ${toError(error).message}`, error);
  }
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.includes('\u0000')) throw new Error('NUL bytes');
    return text.replace(/^\uFEFF/, '');
  } catch (error) {
    throw failed('The file is not UTF-8 text', error);
  }
}

function startsWith(bytes: Uint8Array, signature: string): boolean {
  for (let i = 0; i < signature.length; i++) if (bytes[i] !== signature.charCodeAt(i)) return false;
  return true;
}

function failed(message: string, cause?: unknown): AppError {
  return new AppError('document.extraction_failed', message, cause === undefined ? {} : { cause });
}

function assertUnreachable(value: never): never {
  throw new AppError('internal', `Unexpected document type ${String(value)}`);
}
