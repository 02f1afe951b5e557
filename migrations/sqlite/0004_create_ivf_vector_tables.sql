-- Vector storage for search at a million rows. sqlite-vec 0.1.9's vec0 only does brute-force KNN
-- and its point lookups read whole chunks, so vectors move to plain tables and KNN runs in two
-- stages with sqlite-vec's distance functions: an inverted-file (IVF) index of k-means centroids
-- picks the lists nearest the query, a Hamming scan over those lists' SimHash codes picks
-- candidates, and exact cosine over their float vectors ranks them. Until the index is big enough
-- to train, every code sits in list -1 and is scanned. bench/search.ts measures recall against
-- the exact brute-force scan. The vec0 tables of 0002/0003 are dropped.

DROP TRIGGER transcripts_embed_ad;
DROP TRIGGER context_chunks_ad;
DROP TABLE transcript_embeddings;
DROP TABLE transcript_embedding_bits;
DROP TABLE context_chunk_embeddings;

-- One float32[384] unit vector per transcript row: exact rescoring and brute-force scans.
CREATE TABLE transcript_vectors (
  transcript_rowid INTEGER PRIMARY KEY,
  embedding BLOB NOT NULL
);

-- Its 512-bit SimHash code, clustered by IVF list so probing a list is one sequential range scan.
CREATE TABLE transcript_vector_codes (
  list_id INTEGER NOT NULL,
  transcript_rowid INTEGER NOT NULL,
  code BLOB NOT NULL,
  PRIMARY KEY (list_id, transcript_rowid)
) WITHOUT ROWID;
CREATE UNIQUE INDEX transcript_vector_codes_rowid_idx ON transcript_vector_codes(transcript_rowid);

-- IVF centroids (unit vectors) of the current transcript index; empty until trained.
CREATE TABLE transcript_vector_centroids (
  list_id INTEGER PRIMARY KEY,
  centroid BLOB NOT NULL
);

CREATE TABLE context_chunk_vectors (
  chunk_id INTEGER PRIMARY KEY,
  embedding BLOB NOT NULL
);

CREATE TRIGGER transcripts_embed_ad AFTER DELETE ON transcripts BEGIN
  DELETE FROM transcript_vectors WHERE transcript_rowid = old.rowid;
  DELETE FROM transcript_vector_codes WHERE transcript_rowid = old.rowid;
  DELETE FROM search_embedding_queue WHERE source = 'transcript' AND source_rowid = old.rowid;
END;
CREATE TRIGGER context_chunks_ad AFTER DELETE ON context_chunks BEGIN
  INSERT INTO context_chunks_fts(context_chunks_fts, rowid, content) VALUES ('delete', old.id, old.content);
  DELETE FROM context_chunk_vectors WHERE chunk_id = old.id;
  DELETE FROM search_embedding_queue WHERE source = 'chunk' AND source_rowid = old.id;
END;

-- Everything embedded so far lived in the dropped tables: embed it again.
INSERT OR IGNORE INTO search_embedding_queue(source, source_rowid) SELECT 'transcript', rowid FROM transcripts;
INSERT OR IGNORE INTO search_embedding_queue(source, source_rowid) SELECT 'chunk', id FROM context_chunks;
