import type { DocumentInfo } from '../../../../shared/ipc/contracts/documents';
import { AppError } from '../../../../shared/errors';
import { invoke } from '../../ipc';

/** Largest document accepted (mirrors MAX_DOCUMENT_BYTES without importing the zod contract). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** File types the core can read. */
export const ACCEPTED_DOCUMENTS = '.pdf,.docx,.txt,.md,.markdown';

/** Why a file cannot be uploaded, or null when it can. */
export function documentProblem(file: { name: string; size: number }): string | null {
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_DOCUMENT_BYTES) return `${file.name} is larger than 10 MB.`;
  if (!/\.(pdf|docx|txt|md|markdown)$/i.test(file.name)) return `${file.name} is not a PDF, DOCX, TXT or Markdown file.`;
  return null;
}

/** Reads a file as base64 (no data: prefix). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** Uploads one document to a session; processing continues in the core. @throws AppError. */
export async function uploadDocument(sessionId: string, file: File): Promise<DocumentInfo> {
  const problem = documentProblem(file);
  if (problem) throw new AppError('validation.invalid_input', problem);
  return invoke('documents.upload', { session_id: sessionId, filename: file.name, bytes: await fileToBase64(file) });
}
