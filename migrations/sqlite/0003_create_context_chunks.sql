-- Retrieval over context (session context, uploaded documents, summaries, personal context):
-- text is split into chunks, each indexed by FTS5 (BM25) and sqlite-vec (cosine KNN).
-- Embedding happens in the background from search_embedding_queue, filled by triggers, so a
-- transcript row or chunk is searchable by keyword at once and by vector soon after.

CREATE TABLE context_chunks (
  id INTEGER PRIMARY KEY,
  source_type TEXT NOT NULL CHECK (source_type IN ('document', 'session_context', 'summary', 'personal_context')),
  source_id TEXT NOT NULL,
  session_id TEXT REFERENCES sessions(id) ON DELETE CASCADE,
  user_id TEXT,
  chunk_index INTEGER NOT NULL,
  content TEXT NOT NULL,
  source_updated_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (source_type, source_id, chunk_index)
);
CREATE INDEX context_chunks_session_idx ON context_chunks(session_id);

CREATE VIRTUAL TABLE context_chunks_fts USING fts5(
  content, content='context_chunks', content_rowid='id', tokenize='porter unicode61'
);

CREATE VIRTUAL TABLE context_chunk_embeddings USING vec0(
  chunk_id INTEGER PRIMARY KEY,
  embedding float[384] distance_metric=cosine
);

-- 512-bit SimHash codes of transcript embeddings: a Hamming scan over these picks candidates
-- that are then rescored exactly against transcript_embeddings (fast KNN at a million rows).
CREATE VIRTUAL TABLE transcript_embedding_bits USING vec0(
  transcript_rowid INTEGER PRIMARY KEY,
  embedding bit[512]
);

-- Rows waiting to be (re-)embedded. source: 'transcript' (transcripts.rowid) or 'chunk' (context_chunks.id).
CREATE TABLE search_embedding_queue (
  source TEXT NOT NULL CHECK (source IN ('transcript', 'chunk')),
  source_rowid INTEGER NOT NULL,
  PRIMARY KEY (source, source_rowid)
) WITHOUT ROWID;

CREATE TRIGGER context_chunks_ai AFTER INSERT ON context_chunks BEGIN
  INSERT INTO context_chunks_fts(rowid, content) VALUES (new.id, new.content);
  INSERT OR IGNORE INTO search_embedding_queue(source, source_rowid) VALUES ('chunk', new.id);
END;
CREATE TRIGGER context_chunks_ad AFTER DELETE ON context_chunks BEGIN
  INSERT INTO context_chunks_fts(context_chunks_fts, rowid, content) VALUES ('delete', old.id, old.content);
  DELETE FROM context_chunk_embeddings WHERE chunk_id = old.id;
  DELETE FROM search_embedding_queue WHERE source = 'chunk' AND source_rowid = old.id;
END;
CREATE TRIGGER context_chunks_au AFTER UPDATE OF content ON context_chunks BEGIN
  INSERT INTO context_chunks_fts(context_chunks_fts, rowid, content) VALUES ('delete', old.id, old.content);
  INSERT INTO context_chunks_fts(rowid, content) VALUES (new.id, new.content);
  INSERT OR IGNORE INTO search_embedding_queue(source, source_rowid) VALUES ('chunk', new.id);
END;

CREATE TRIGGER transcripts_embed_ai AFTER INSERT ON transcripts BEGIN
  INSERT OR IGNORE INTO search_embedding_queue(source, source_rowid) VALUES ('transcript', new.rowid);
END;
CREATE TRIGGER transcripts_embed_au AFTER UPDATE OF content ON transcripts BEGIN
  INSERT OR IGNORE INTO search_embedding_queue(source, source_rowid) VALUES ('transcript', new.rowid);
END;
CREATE TRIGGER transcripts_embed_ad AFTER DELETE ON transcripts BEGIN
  DELETE FROM transcript_embeddings WHERE transcript_rowid = old.rowid;
  DELETE FROM transcript_embedding_bits WHERE transcript_rowid = old.rowid;
  DELETE FROM search_embedding_queue WHERE source = 'transcript' AND source_rowid = old.rowid;
END;

-- Chunks follow their source row away.
CREATE TRIGGER documents_chunks_ad AFTER DELETE ON documents BEGIN
  DELETE FROM context_chunks WHERE source_type = 'document' AND source_id = old.id;
END;
CREATE TRIGGER session_context_chunks_ad AFTER DELETE ON session_context BEGIN
  DELETE FROM context_chunks WHERE source_type = 'session_context' AND source_id = old.id;
END;
CREATE TRIGGER summaries_chunks_ad AFTER DELETE ON summaries BEGIN
  DELETE FROM context_chunks WHERE source_type = 'summary' AND source_id = old.id;
END;

INSERT INTO search_embedding_queue(source, source_rowid) SELECT 'transcript', rowid FROM transcripts;
