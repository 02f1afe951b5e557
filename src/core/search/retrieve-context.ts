import type { AppDb } from '../db/open-database';
import { sql } from '../db/sql';
import { dot, fromVectorBlob, type Embedder } from '../embeddings/embedder';
import { createHashedEmbedder } from '../embeddings/hashed-embedder';
import { syncContextChunks, type ChunkSourceType } from './context-chunks';
import { toFtsQuery } from './fts-query';
import { fuseRankings } from './rrf';
import { INDEXED_EMBEDDER_KEY, readSetting } from './search-settings';

/** One retrieved passage of context, best first. */
export interface RetrievedChunk {
  sourceType: ChunkSourceType | 'transcript';
  /** The row the text came from: document, session_context, summary or transcript id, or the user id. */
  sourceId: string;
  /** The session the passage belongs to (null for personal context). */
  sessionId: string | null;
  /** Document filename or session title, for citing. */
  label: string;
  content: string;
  /** Transcript passages only: where to jump to. */
  startTimeSeconds: number | null;
  speaker: string | null;
  /** Reciprocal-rank-fusion score of the keyword and vector rankings. */
  score: number;
  matchedBy: ('keyword' | 'vector')[];
}

/** Options of retrieveContext. */
export interface RetrieveContextOptions {
  sessionId: string;
  query: string;
  /** How many passages to return (default 6). */
  k?: number;
  /**
   * The configured embedder (createConfiguredEmbedder); defaults to the local hashed one. Stored
   * vectors are used only when they came from this embedder; otherwise passages are embedded on the fly.
   */
  embedder?: Embedder;
  /** Clock for chunk bookkeeping. */
  now?: number;
}

const MAX_VECTOR_CANDIDATES = 5_000;
const MIN_VECTOR_SIMILARITY = 0.08;

interface Scope {
  sessionIds: string[];
  linkedIds: string[];
  userId: string | null;
}

interface Candidate {
  key: string;
  chunk: Omit<RetrievedChunk, 'score' | 'matchedBy'>;
  vector: Float32Array | null;
}

/**
 * The most relevant passages for `query` from a session's context, its documents, its linked
 * conversations' transcripts and summaries, and the owner's personal context (hybrid BM25 + vectors).
 */
export async function retrieveContext(db: AppDb, options: RetrieveContextOptions): Promise<RetrievedChunk[]> {
  const k = options.k ?? 6;
  const session = db.get<{ id: string; user_id: string | null }>(sql`SELECT id, user_id FROM sessions WHERE id = ${options.sessionId}`);
  if (!session) return [];
  const linked = db
    .all<{ id: string }>(sql`SELECT linked_session_id AS id FROM conversation_links WHERE session_id = ${session.id}`)
    .map((row) => row.id);
  const userId = session.user_id ?? soleUserId(db);
  syncContextChunks(db, { sessionIds: [session.id, ...linked], userId, now: options.now ?? Date.now() });

  const scope: Scope = { sessionIds: [session.id, ...linked], linkedIds: linked, userId };
  const candidates = loadCandidates(db, scope);
  if (candidates.size === 0) return [];
  const ftsQuery = toFtsQuery(options.query, 'any');
  if (ftsQuery === null) return [...candidates.values()].slice(0, k).map((c) => ({ ...c.chunk, score: 0, matchedBy: [] }));

  const keywordRanking = rankByKeyword(db, ftsQuery, candidates, scope);
  const embedder = options.embedder ?? createHashedEmbedder();
  const [queryVector] = await embedder.embed([options.query]);
  if (readSetting(db, INDEXED_EMBEDDER_KEY) !== embedder.id) for (const c of candidates.values()) c.vector = null;
  const missing = [...candidates.values()].filter((c) => c.vector === null);
  if (missing.length > 0) {
    const vectors = await embedder.embed(missing.map((c) => c.chunk.content));
    missing.forEach((c, i) => (c.vector = vectors[i] ?? null));
  }
  const vectorRanking = [...candidates.values()]
    .map((c) => ({ key: c.key, similarity: c.vector && queryVector ? dot(queryVector, c.vector) : 0 }))
    .filter((hit) => hit.similarity >= MIN_VECTOR_SIMILARITY)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, 50)
    .map((hit) => hit.key);

  return fuseRankings({ keyword: keywordRanking.chunks, keywordTranscript: keywordRanking.transcripts, vector: vectorRanking })
    .slice(0, k)
    .flatMap((item) => {
      const candidate = candidates.get(item.key);
      if (!candidate) return [];
      const matchedBy = [...new Set(item.lists.map((list) => (list === 'vector' ? 'vector' : 'keyword')))] as ('keyword' | 'vector')[];
      return [{ ...candidate.chunk, score: item.score, matchedBy }];
    });
}

function soleUserId(db: AppDb): string | null {
  const users = db.all<{ id: string }>(sql`SELECT id FROM users LIMIT 2`);
  return users.length === 1 ? (users[0]?.id ?? null) : null;
}

function loadCandidates(db: AppDb, scope: Scope): Map<string, Candidate> {
  const candidates = new Map<string, Candidate>();
  const chunks = db.all<{ id: number; source_type: ChunkSourceType; source_id: string; session_id: string | null; content: string; label: string | null; embedding: Buffer | null }>(
    sql`SELECT c.id, c.source_type, c.source_id, c.session_id, c.content, e.embedding,
        CASE c.source_type WHEN 'document' THEN d.original_filename WHEN 'personal_context' THEN 'Personal context' ELSE s.title END AS label
      FROM context_chunks c
      LEFT JOIN context_chunk_vectors e ON e.chunk_id = c.id
      LEFT JOIN documents d ON c.source_type = 'document' AND d.id = c.source_id
      LEFT JOIN sessions s ON s.id = c.session_id
      WHERE c.session_id IN (SELECT value FROM json_each(${JSON.stringify(scope.sessionIds)}))
        OR (c.source_type = 'personal_context' AND c.source_id = ${scope.userId})
      ORDER BY c.source_type, c.id LIMIT ${MAX_VECTOR_CANDIDATES}`,
  );
  for (const row of chunks) {
    candidates.set(`c${row.id}`, {
      key: `c${row.id}`,
      chunk: { sourceType: row.source_type, sourceId: row.source_id, sessionId: row.session_id, label: row.label ?? '', content: row.content, startTimeSeconds: null, speaker: null },
      vector: row.embedding ? fromVectorBlob(row.embedding) : null,
    });
  }
  const transcripts = db.all<{ rowid: number; id: string; session_id: string; content: string; speaker: string; start_time_seconds: number; title: string; embedding: Buffer | null }>(
    sql`SELECT t.rowid, t.id, t.session_id, t.content, t.speaker, t.start_time_seconds, s.title, e.embedding
      FROM transcripts t JOIN sessions s ON s.id = t.session_id
      LEFT JOIN transcript_vectors e ON e.transcript_rowid = t.rowid
      WHERE t.session_id IN (SELECT value FROM json_each(${JSON.stringify(scope.linkedIds)}))
      ORDER BY t.session_id, t.sequence_number LIMIT ${MAX_VECTOR_CANDIDATES}`,
  );
  for (const row of transcripts) {
    candidates.set(`t${row.rowid}`, {
      key: `t${row.rowid}`,
      chunk: { sourceType: 'transcript', sourceId: row.id, sessionId: row.session_id, label: row.title, content: row.content, startTimeSeconds: row.start_time_seconds, speaker: row.speaker },
      vector: row.embedding ? fromVectorBlob(row.embedding) : null,
    });
  }
  return candidates;
}

function rankByKeyword(db: AppDb, ftsQuery: string, candidates: Map<string, Candidate>, scope: Scope): { chunks: string[]; transcripts: string[] } {
  const chunkHits = db.all<{ key: string; score: number }>(
    sql`SELECT 'c' || c.id AS key, bm25(context_chunks_fts) AS score
      FROM context_chunks_fts JOIN context_chunks c ON c.id = context_chunks_fts.rowid
      WHERE context_chunks_fts MATCH ${ftsQuery}
        AND (c.session_id IN (SELECT value FROM json_each(${JSON.stringify(scope.sessionIds)}))
          OR (c.source_type = 'personal_context' AND c.source_id = ${scope.userId}))
      ORDER BY score LIMIT 200`,
  );
  const transcriptHits = db.all<{ key: string; score: number }>(
    sql`SELECT 't' || t.rowid AS key, bm25(transcripts_fts) AS score
      FROM transcripts_fts JOIN transcripts t ON t.rowid = transcripts_fts.rowid
      WHERE transcripts_fts MATCH ${ftsQuery} AND t.session_id IN (SELECT value FROM json_each(${JSON.stringify(scope.linkedIds)}))
      ORDER BY score LIMIT 200`,
  );
  // BM25 scores of two FTS tables are not comparable, so they stay separate RRF lists.
  const keep = (hits: { key: string }[]) => hits.map((hit) => hit.key).filter((key) => candidates.has(key));
  return { chunks: keep(chunkHits), transcripts: keep(transcriptHits) };
}
