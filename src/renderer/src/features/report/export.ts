import { invokeOptional } from '../../ipc';

/** Saves bytes or text as a download with the given filename. */
export function downloadFile(filename: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Decodes base64 to bytes (PDF export). */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Exports the session report as Markdown and downloads it. @throws AppError from the core. */
export async function exportMarkdown(sessionId: string): Promise<string> {
  const { filename, markdown } = await invokeOptional<{ filename: string; markdown: string }>('export.markdown', { session_id: sessionId });
  downloadFile(filename, markdown, 'text/markdown;charset=utf-8');
  return filename;
}

/** Exports the session report as PDF and downloads it. @throws AppError from the core. */
export async function exportPdf(sessionId: string): Promise<string> {
  const { filename, pdf_base64: pdf } = await invokeOptional<{ filename: string; pdf_base64: string }>('export.pdf', { session_id: sessionId });
  downloadFile(filename, base64ToBytes(pdf), 'application/pdf');
  return filename;
}
