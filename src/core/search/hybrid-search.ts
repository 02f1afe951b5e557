import type { SearchHit } from '../../shared/ipc/contracts/search';
import type { AppDb } from '../db/open-database';
import { sql } from '../db/sql';
import { queryTerms, toFtsQuery } from './fts-query';
import { fuseRankings } from './rrf';
import { buildSnippet } from './snippet';
import { transcriptKnn } from './vector-index';

/** What to search and how to narrow it. */
export interface MeetingSearch {
  query: string;
  limit: number;
  /** The query's embedding (same embedder as the index), or null for keyword-only search. */
  queryVector: Float32Array | null;
  conversationType?: string;
  speaker?: string;
  fromMs?: number;
  toMs?: number;
  sessionId?: string;
}

/** Depth of each ranked list before fusion. */
const LIST_DEPTH = 50;
/** Vector neighbours below this cosine similarity are noise, not matches. */
const MIN_SIMILARITY = 0.12;
/** A term in more transcript rows than this is too common to widen a keyword search with. */
const SELECTIVE_MAX_ROWS = 5_000;

/**
 * Hybrid search across meetings: BM25 over transcripts, smart notes and summaries (FTS5) plus
 * vector KNN over transcripts (sqlite-vec), fused with reciprocal rank fusion. Keyword search asks
 * for all terms first and widens to any term only when that finds too little.
 */
export function searchMeetings(db: AppDb, search: MeetingSearch): SearchHit[] {
  const filter = {
    type: search.conversationType ?? null,
    speaker: search.speaker ?? null,
    from: search.fromMs ?? null,
    to: search.toMs ?? null,
    session: search.sessionId ?? null,
  };
  const lists: Record<string, string[]> = {};
  const all = toFtsQuery(search.query, 'all');
  const any = toFtsQuery(search.query, 'any');
  if (all !== null && any !== null) {
    const transcripts = keywordTranscripts(db, all, filter);
    if (transcripts.length < LIST_DEPTH && any !== all) {
      // Widen to any term, but only over selective terms: ranking the union of common terms'
      // postings costs hundreds of ms at a million rows, and the vector side covers partial matches.
      const widened = toFtsQuery(selectiveTerms(db, queryTerms(search.query)).join(' '), 'any');
      if (widened !== null) for (const key of keywordTranscripts(db, widened, filter)) if (!transcripts.includes(key)) transcripts.push(key);
    }
    lists['transcripts'] = transcripts.slice(0, LIST_DEPTH);
    if (filter.speaker === null) {
      lists['notes'] = keywordNotes(db, any, filter);
      lists['summaries'] = keywordSummaries(db, any, filter);
    }
  }
  if (search.queryVector) lists['vector'] = vectorTranscripts(db, search.queryVector, filter);
  const fused = fuseRankings(lists).slice(0, search.limit);
  return fused.flatMap((item) => {
    const hit = hydrate(db, item.key, search.query);
    return hit ? [{ ...hit, score: item.score, matched_by: [...new Set(item.lists.map((l) => (l === 'vector' ? 'vector' : 'keyword')))] as SearchHit['matched_by'] }] : [];
  });
}

/** Query terms found in at most SELECTIVE_MAX_ROWS transcript rows (counting stops there). */
function selectiveTerms(db: AppDb, terms: string[]): string[] {
  return terms.filter((term) => {
    const found = db.get<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM (SELECT 1 FROM transcripts_fts WHERE transcripts_fts MATCH ${`"${term}"`} LIMIT ${SELECTIVE_MAX_ROWS + 1})`,
    );
    return (found?.n ?? 0) <= SELECTIVE_MAX_ROWS;
  });
}

interface Filter {
  type: string | null;
  speaker: string | null;
  from: number | null;
  to: number | null;
  session: string | null;
}

function keywordTranscripts(db: AppDb, match: string, f: Filter): string[] {
  return db
    .all<{ rowid: number }>(
      sql`SELECT t.rowid AS rowid FROM transcripts_fts
        JOIN transcripts t ON t.rowid = transcripts_fts.rowid JOIN sessions s ON s.id = t.session_id
        WHERE transcripts_fts MATCH ${match} AND s.deleted_at IS NULL
          AND (${f.type} IS NULL OR s.conversation_type = ${f.type}) AND (${f.speaker} IS NULL OR t.speaker = ${f.speaker})
          AND (${f.from} IS NULL OR s.created_at >= ${f.from}) AND (${f.to} IS NULL OR s.created_at < ${f.to})
          AND (${f.session} IS NULL OR t.session_id = ${f.session})
        ORDER BY bm25(transcripts_fts) LIMIT ${LIST_DEPTH}`,
    )
    .map((row) => `t:${row.rowid}`);
}

function keywordNotes(db: AppDb, match: string, f: Filter): string[] {
  return db
    .all<{ rowid: number }>(
      sql`SELECT n.rowid AS rowid FROM smart_notes_fts
        JOIN smart_notes n ON n.rowid = smart_notes_fts.rowid JOIN sessions s ON s.id = n.session_id
        WHERE smart_notes_fts MATCH ${match} AND s.deleted_at IS NULL
          AND (${f.type} IS NULL OR s.conversation_type = ${f.type})
          AND (${f.from} IS NULL OR s.created_at >= ${f.from}) AND (${f.to} IS NULL OR s.created_at < ${f.to})
          AND (${f.session} IS NULL OR n.session_id = ${f.session})
        ORDER BY bm25(smart_notes_fts) LIMIT ${LIST_DEPTH}`,
    )
    .map((row) => `n:${row.rowid}`);
}

function keywordSummaries(db: AppDb, match: string, f: Filter): string[] {
  return db
    .all<{ rowid: number }>(
      sql`SELECT m.rowid AS rowid FROM summaries_fts
        JOIN summaries m ON m.rowid = summaries_fts.rowid JOIN sessions s ON s.id = m.session_id
        WHERE summaries_fts MATCH ${match} AND s.deleted_at IS NULL
          AND (${f.type} IS NULL OR s.conversation_type = ${f.type})
          AND (${f.from} IS NULL OR s.created_at >= ${f.from}) AND (${f.to} IS NULL OR s.created_at < ${f.to})
          AND (${f.session} IS NULL OR m.session_id = ${f.session})
        ORDER BY bm25(summaries_fts) LIMIT ${LIST_DEPTH}`,
    )
    .map((row) => `s:${row.rowid}`);
}

function vectorTranscripts(db: AppDb, queryVector: Float32Array, f: Filter): string[] {
  const isFiltered = f.type !== null || f.speaker !== null || f.from !== null || f.to !== null || f.session !== null;
  // Filters apply after KNN, so filtered searches look deeper to keep enough survivors.
  const hits = transcriptKnn(db, queryVector, isFiltered ? 400 : LIST_DEPTH).filter((hit) => hit.similarity >= MIN_SIMILARITY);
  if (hits.length === 0) return [];
  if (!isFiltered) return hits.map((hit) => `t:${hit.rowid}`);
  const allowed = new Set(
    db
      .all<{ rowid: number }>(
        sql`SELECT t.rowid AS rowid FROM transcripts t JOIN sessions s ON s.id = t.session_id
          WHERE t.rowid IN (SELECT value FROM json_each(${JSON.stringify(hits.map((h) => h.rowid))})) AND s.deleted_at IS NULL
            AND (${f.type} IS NULL OR s.conversation_type = ${f.type}) AND (${f.speaker} IS NULL OR t.speaker = ${f.speaker})
            AND (${f.from} IS NULL OR s.created_at >= ${f.from}) AND (${f.to} IS NULL OR s.created_at < ${f.to})
            AND (${f.session} IS NULL OR t.session_id = ${f.session})`,
      )
      .map((row) => row.rowid),
  );
  return hits.filter((hit) => allowed.has(hit.rowid)).slice(0, LIST_DEPTH).map((hit) => `t:${hit.rowid}`);
}

type HitBase = Omit<SearchHit, 'score' | 'matched_by'>;
interface SessionCols {
  session_id: string;
  session_title: string;
  conversation_type: string | null;
  session_created_at: number;
}

function hydrate(db: AppDb, key: string, query: string): HitBase | null {
  const [kind, rowid] = [key.slice(0, 1), Number(key.slice(2))];
  if (kind === 't') {
    const row = db.get<SessionCols & { id: string; content: string; speaker: string; start_time_seconds: number }>(
      sql`SELECT t.id, t.content, t.speaker, t.start_time_seconds, s.id AS session_id, s.title AS session_title,
          s.conversation_type, s.created_at AS session_created_at
        FROM transcripts t JOIN sessions s ON s.id = t.session_id WHERE t.rowid = ${rowid}`,
    );
    if (!row) return null;
    const { content, ...rest } = row;
    return { kind: 'transcript', ...rest, snippet: buildSnippet(content, query) };
  }
  if (kind === 'n') {
    const row = db.get<SessionCols & { id: string; content: string }>(
      sql`SELECT n.id, n.content, s.id AS session_id, s.title AS session_title, s.conversation_type, s.created_at AS session_created_at
        FROM smart_notes n JOIN sessions s ON s.id = n.session_id WHERE n.rowid = ${rowid}`,
    );
    if (!row) return null;
    const { content, ...rest } = row;
    return { kind: 'note', ...rest, start_time_seconds: null, speaker: null, snippet: buildSnippet(content, query) };
  }
  const row = db.get<SessionCols & { id: string; title: string | null; tldr: string | null; structured_notes: string | null }>(
    sql`SELECT m.id, m.title, m.tldr, m.structured_notes, s.id AS session_id, s.title AS session_title, s.conversation_type,
        s.created_at AS session_created_at
      FROM summaries m JOIN sessions s ON s.id = m.session_id WHERE m.rowid = ${rowid}`,
  );
  if (!row) return null;
  const { title, tldr, structured_notes, ...rest } = row;
  const text = [title, tldr, structured_notes].filter(Boolean).join(' — ');
  return { kind: 'summary', ...rest, start_time_seconds: null, speaker: null, snippet: buildSnippet(text, query) };
}
