-- Full-text search (FTS5, BM25) over transcripts, smart notes and summaries, kept in step by triggers.

CREATE VIRTUAL TABLE transcripts_fts USING fts5(
  content, content='transcripts', content_rowid='rowid', tokenize='porter unicode61'
);
CREATE TRIGGER transcripts_fts_ai AFTER INSERT ON transcripts BEGIN
  INSERT INTO transcripts_fts(rowid, content) VALUES (new.rowid, new.content);
END;
CREATE TRIGGER transcripts_fts_ad AFTER DELETE ON transcripts BEGIN
  INSERT INTO transcripts_fts(transcripts_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
END;
CREATE TRIGGER transcripts_fts_au AFTER UPDATE OF content ON transcripts BEGIN
  INSERT INTO transcripts_fts(transcripts_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
  INSERT INTO transcripts_fts(rowid, content) VALUES (new.rowid, new.content);
END;

CREATE VIRTUAL TABLE smart_notes_fts USING fts5(
  content, content='smart_notes', content_rowid='rowid', tokenize='porter unicode61'
);
CREATE TRIGGER smart_notes_fts_ai AFTER INSERT ON smart_notes BEGIN
  INSERT INTO smart_notes_fts(rowid, content) VALUES (new.rowid, new.content);
END;
CREATE TRIGGER smart_notes_fts_ad AFTER DELETE ON smart_notes BEGIN
  INSERT INTO smart_notes_fts(smart_notes_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
END;
CREATE TRIGGER smart_notes_fts_au AFTER UPDATE OF content ON smart_notes BEGIN
  INSERT INTO smart_notes_fts(smart_notes_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
  INSERT INTO smart_notes_fts(rowid, content) VALUES (new.rowid, new.content);
END;

CREATE VIRTUAL TABLE summaries_fts USING fts5(
  title, tldr, structured_notes, content='summaries', content_rowid='rowid', tokenize='porter unicode61'
);
CREATE TRIGGER summaries_fts_ai AFTER INSERT ON summaries BEGIN
  INSERT INTO summaries_fts(rowid, title, tldr, structured_notes) VALUES (new.rowid, new.title, new.tldr, new.structured_notes);
END;
CREATE TRIGGER summaries_fts_ad AFTER DELETE ON summaries BEGIN
  INSERT INTO summaries_fts(summaries_fts, rowid, title, tldr, structured_notes)
    VALUES ('delete', old.rowid, old.title, old.tldr, old.structured_notes);
END;
CREATE TRIGGER summaries_fts_au AFTER UPDATE ON summaries BEGIN
  INSERT INTO summaries_fts(summaries_fts, rowid, title, tldr, structured_notes)
    VALUES ('delete', old.rowid, old.title, old.tldr, old.structured_notes);
  INSERT INTO summaries_fts(rowid, title, tldr, structured_notes) VALUES (new.rowid, new.title, new.tldr, new.structured_notes);
END;

-- Vector index (sqlite-vec). 384 dimensions: the local embedder's size; endpoint embeddings are
-- projected or truncated to it (Matryoshka-style models allow this) so one index serves both.
CREATE VIRTUAL TABLE transcript_embeddings USING vec0(
  transcript_rowid INTEGER PRIMARY KEY,
  embedding float[384] distance_metric=cosine
);
