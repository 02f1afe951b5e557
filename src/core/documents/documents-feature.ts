import type { IpcHandlers } from '../../shared/ipc/contract';
import { MAX_DOCUMENT_BYTES, type DocumentInfo, type DocumentProgress } from '../../shared/ipc/contracts/documents';
import { AppError, sessionNotFound, toError } from '../../shared/errors';
import type { AppDb } from '../db/open-database';
import { sql } from '../db/sql';
import { createLogger } from '../log/logger';
import { replaceChunks } from '../search/context-chunks';
import { documentTypeOf, extractText } from './extract-text';

const log = createLogger('documents');

/** What the documents feature needs from the core. */
export interface DocumentsFeatureDeps {
  db: AppDb;
  now: () => number;
  newId: () => string;
  onProgress: (progress: DocumentProgress) => void;
  /** Called after new chunks were written, so the embedding indexer picks them up. */
  onChunksChanged: () => void;
}

type Handlers = Pick<IpcHandlers, 'documents.upload' | 'documents.list' | 'documents.delete' | 'context.get' | 'context.set' | 'links.add' | 'links.list' | 'links.remove'>;

/** The documents feature: IPC handlers plus a way to wait for background processing. */
export interface DocumentsFeature {
  handlers: Handlers;
  /** Resolves when every upload accepted so far has finished processing. */
  whenIdle(): Promise<void>;
}

/**
 * Document upload and processing (pending → processing → completed | failed, with progress
 * events), session context and conversation links. Extraction runs after `documents.upload`
 * returns; text is chunked into context_chunks for retrieval. A file that cannot be read ends
 * `failed` with a clear `processing_error`; its row and every other document stay intact.
 */
export function createDocumentsFeature(deps: DocumentsFeatureDeps): DocumentsFeature {
  const { db, now, newId } = deps;
  const inFlight = new Set<Promise<void>>();

  const sessionOf = (id: string) => {
    const session = db.get<{ id: string; user_id: string | null; organization_id: string | null }>(
      sql`SELECT id, user_id, organization_id FROM sessions WHERE id = ${id} AND deleted_at IS NULL`,
    );
    if (!session) throw sessionNotFound(id);
    return session;
  };

  function setStatus(id: string, sessionId: string, status: DocumentProgress['processing_status'], progress: number, error: string | null = null): void {
    db.run(sql`UPDATE documents SET processing_status = ${status}, processing_error = ${error}, updated_at = ${now()} WHERE id = ${id}`);
    deps.onProgress({ id, session_id: sessionId, processing_status: status, progress, processing_error: error });
  }

  async function process(id: string, sessionId: string, userId: string | null, bytes: Uint8Array, type: ReturnType<typeof documentTypeOf>): Promise<void> {
    setStatus(id, sessionId, 'processing', 0);
    try {
      const text = await extractText(bytes, type, (fraction) => {
        deps.onProgress({ id, session_id: sessionId, processing_status: 'processing', progress: Math.min(0.9, fraction * 0.9), processing_error: null });
      });
      const at = now();
      const exists = db.transaction(() => {
        const changed = db.run(sql`UPDATE documents SET extracted_text = ${text}, updated_at = ${at} WHERE id = ${id}`);
        if (changed === 0) return false;
        replaceChunks(db, { sourceType: 'document', sourceId: id, sessionId, userId, text, updatedAt: at }, at);
        return true;
      });
      if (!exists) return;
      setStatus(id, sessionId, 'completed', 1);
      deps.onChunksChanged();
    } catch (error) {
      const message = error instanceof AppError ? error.message : 'The document could not be processed';
      log.warn('document processing failed', { documentId: id, code: error instanceof AppError ? error.code : 'internal', error: toError(error).name });
      setStatus(id, sessionId, 'failed', 1, message);
    }
  }

  const linkRow = (where: { id: string }) =>
    db.get<{ id: string; session_id: string; linked_session_id: string; linked_session_title: string; linked_session_created_at: number; created_at: number }>(
      sql`SELECT l.id, l.session_id, l.linked_session_id, s.title AS linked_session_title, s.created_at AS linked_session_created_at, l.created_at
        FROM conversation_links l JOIN sessions s ON s.id = l.linked_session_id WHERE l.id = ${where.id}`,
    );

  const contextOf = (sessionId: string) => {
    const row = db.get<{ text_context: string | null; updated_at: number }>(sql`SELECT text_context, updated_at FROM session_context WHERE session_id = ${sessionId}`);
    return { session_id: sessionId, text_context: row?.text_context ?? null, updated_at: row?.updated_at ?? null };
  };

  const handlers: Handlers = {
    'documents.upload': async ({ session_id, filename, bytes }) => {
      const session = sessionOf(session_id);
      const type = documentTypeOf(filename);
      const buffer = Buffer.from(bytes, 'base64');
      if (buffer.byteLength > MAX_DOCUMENT_BYTES) {
        throw new AppError('validation.too_large', `The file is ${(buffer.byteLength / 1048576).toFixed(1)} MB; the limit is ${MAX_DOCUMENT_BYTES / 1048576} MB`);
      }
      const id = newId();
      const at = now();
      db.run(sql`INSERT INTO documents (id, session_id, user_id, organization_id, original_filename, file_type, file_size_bytes, processing_status, created_at, updated_at)
        VALUES (${id}, ${session.id}, ${session.user_id}, ${session.organization_id}, ${filename}, ${type}, ${buffer.byteLength}, 'pending', ${at}, ${at})`);
      deps.onProgress({ id, session_id: session.id, processing_status: 'pending', progress: 0, processing_error: null });
      const task: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => process(id, session.id, session.user_id, buffer, type))
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      return getDocument(db, id);
    },
    'documents.list': async ({ session_id }) => {
      sessionOf(session_id);
      return db.all<DocumentInfo>(sql`SELECT id, session_id, original_filename, file_type, file_size_bytes, processing_status,
          processing_error, COALESCE(LENGTH(extracted_text), 0) AS text_chars, created_at, updated_at
        FROM documents WHERE session_id = ${session_id} ORDER BY created_at, rowid`);
    },
    'documents.delete': async ({ id }) => {
      if (db.run(sql`DELETE FROM documents WHERE id = ${id}`) === 0) {
        throw new AppError('document.not_found', `Document ${id} does not exist`, { details: { id } });
      }
      return { ok: true as const };
    },
    'context.get': async ({ session_id }) => {
      sessionOf(session_id);
      return contextOf(session_id);
    },
    'context.set': async ({ session_id, text_context }) => {
      const session = sessionOf(session_id);
      const at = now();
      db.run(sql`INSERT INTO session_context (id, session_id, user_id, organization_id, text_context, created_at, updated_at)
        VALUES (${newId()}, ${session.id}, ${session.user_id}, ${session.organization_id}, ${text_context}, ${at}, ${at})
        ON CONFLICT (session_id) DO UPDATE SET text_context = excluded.text_context, updated_at = excluded.updated_at`);
      return contextOf(session_id);
    },
    'links.add': async ({ session_id, linked_session_id }) => {
      sessionOf(session_id);
      sessionOf(linked_session_id);
      if (session_id === linked_session_id) throw new AppError('validation.invalid_input', 'A conversation cannot be linked to itself');
      db.run(sql`INSERT INTO conversation_links (id, session_id, linked_session_id, created_at)
        VALUES (${newId()}, ${session_id}, ${linked_session_id}, ${now()}) ON CONFLICT (session_id, linked_session_id) DO NOTHING`);
      const id = db.get<{ id: string }>(sql`SELECT id FROM conversation_links WHERE session_id = ${session_id} AND linked_session_id = ${linked_session_id}`)?.id ?? '';
      const row = linkRow({ id });
      if (!row) throw new AppError('internal', 'Link was not stored');
      return row;
    },
    'links.list': async ({ session_id }) => {
      sessionOf(session_id);
      return db.all(sql`SELECT l.id, l.session_id, l.linked_session_id, s.title AS linked_session_title,
          s.created_at AS linked_session_created_at, l.created_at
        FROM conversation_links l JOIN sessions s ON s.id = l.linked_session_id
        WHERE l.session_id = ${session_id} ORDER BY l.created_at, l.rowid`);
    },
    'links.remove': async ({ id }) => {
      if (db.run(sql`DELETE FROM conversation_links WHERE id = ${id}`) === 0) {
        throw new AppError('link.not_found', `Link ${id} does not exist`, { details: { id } });
      }
      return { ok: true as const };
    },
  };
  return {
    handlers,
    whenIdle: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

function getDocument(db: AppDb, id: string): DocumentInfo {
  const row = db.get<DocumentInfo>(sql`SELECT id, session_id, original_filename, file_type, file_size_bytes, processing_status,
      processing_error, COALESCE(LENGTH(extracted_text), 0) AS text_chars, created_at, updated_at FROM documents WHERE id = ${id}`);
  if (!row) throw new AppError('document.not_found', `Document ${id} does not exist`, { details: { id } });
  return row;
}
