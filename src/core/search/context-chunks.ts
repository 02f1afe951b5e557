import type { AppDb } from '../db/open-database';
import { sql } from '../db/sql';
import { createLogger } from '../log/logger';
import { chunkText } from './chunking';

const log = createLogger('search');

/** Where a context chunk's text comes from. */
export type ChunkSourceType = 'document' | 'session_context' | 'summary' | 'personal_context';

/** What to chunk: one source row's current text. */
export interface ChunkSource {
  sourceType: ChunkSourceType;
  sourceId: string;
  sessionId: string | null;
  userId: string | null;
  text: string;
  updatedAt: number;
}

/**
 * Replaces the chunks of one source with fresh ones when its text changed (by updated_at).
 * FTS and the embedding queue follow through triggers. Returns the number of chunks written.
 */
export function replaceChunks(db: AppDb, source: ChunkSource, now: number): number {
  return db.transaction(() => {
    const current = db.get<{ at: number }>(sql`SELECT MAX(source_updated_at) AS at FROM context_chunks
      WHERE source_type = ${source.sourceType} AND source_id = ${source.sourceId}`)?.at;
    if (current === source.updatedAt) return 0;
    db.run(sql`DELETE FROM context_chunks WHERE source_type = ${source.sourceType} AND source_id = ${source.sourceId}`);
    const chunks = chunkText(source.text);
    chunks.forEach((content, index) => {
      db.run(sql`INSERT INTO context_chunks (source_type, source_id, session_id, user_id, chunk_index, content, source_updated_at, created_at)
        VALUES (${source.sourceType}, ${source.sourceId}, ${source.sessionId}, ${source.userId}, ${index}, ${content}, ${source.updatedAt}, ${now})`);
    });
    return chunks.length;
  });
}

/**
 * Brings the chunks of the given sessions' context and summaries, and of a user's personal
 * context, up to date with their rows. Cheap when nothing changed (one lookup per source).
 */
export function syncContextChunks(db: AppDb, options: { sessionIds: readonly string[]; userId: string | null; now: number }): void {
  const ids = JSON.stringify(options.sessionIds);
  const contexts = db.all<{ id: string; session_id: string; user_id: string | null; text_context: string | null; updated_at: number }>(
    sql`SELECT id, session_id, user_id, text_context, updated_at FROM session_context
      WHERE session_id IN (SELECT value FROM json_each(${ids}))`,
  );
  for (const row of contexts) {
    replaceChunks(db, { sourceType: 'session_context', sourceId: row.id, sessionId: row.session_id, userId: row.user_id, text: row.text_context ?? '', updatedAt: row.updated_at }, options.now);
  }
  const summaries = db.all<SummaryRow>(
    sql`SELECT id, session_id, user_id, title, tldr, structured_notes, key_decisions, action_items, updated_at FROM summaries
      WHERE session_id IN (SELECT value FROM json_each(${ids})) AND generation_status = 'completed'`,
  );
  for (const row of summaries) {
    replaceChunks(db, { sourceType: 'summary', sourceId: row.id, sessionId: row.session_id, userId: row.user_id, text: summaryText(row), updatedAt: row.updated_at }, options.now);
  }
  if (options.userId !== null) {
    const user = db.get<{ personal_context: string | null; updated_at: number }>(
      sql`SELECT personal_context, updated_at FROM users WHERE id = ${options.userId}`,
    );
    if (user) {
      replaceChunks(db, { sourceType: 'personal_context', sourceId: options.userId, sessionId: null, userId: options.userId, text: user.personal_context ?? '', updatedAt: user.updated_at }, options.now);
    }
  }
}

interface SummaryRow {
  id: string;
  session_id: string;
  user_id: string | null;
  title: string | null;
  tldr: string | null;
  structured_notes: string | null;
  key_decisions: string;
  action_items: string;
  updated_at: number;
}

function summaryText(row: SummaryRow): string {
  const list = (json: string, label: string) => {
    const items = safeJsonArray(json).map((item) => (typeof item === 'string' ? item : typeof item === 'object' && item && 'text' in item ? String(item.text) : ''));
    const kept = items.filter(Boolean);
    return kept.length ? `${label}: ${kept.join('; ')}.` : '';
  };
  return [row.title, row.tldr, row.structured_notes, list(row.key_decisions, 'Decisions'), list(row.action_items, 'Action items')]
    .filter((part): part is string => Boolean(part))
    .join('\n\n');
}

function safeJsonArray(text: string): unknown[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch (error) {
    // A malformed JSON column is summary data we cannot list; the prose fields still get indexed.
    log.warn('summary list column is not JSON; indexing prose only', { error: (error as Error).name });
    return [];
  }
}
