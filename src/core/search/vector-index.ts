import type { AppDb } from '../db/open-database';
import { sql } from '../db/sql';
import { fromVectorBlob, toVectorBlob } from '../embeddings/embedder';
import { DEFAULT_IVF_CONFIG, assignList, fromLists, ivfShapeFor, nearestLists, probesFor, trainIvf, type IvfCentroids, type IvfConfig } from './ivf';
import { readSetting, writeSetting } from './search-settings';
import { simhashCode } from './simhash';

/** A nearest neighbour: the row and its cosine similarity to the query. */
export interface VectorHit {
  rowid: number;
  similarity: number;
}

/** app_settings key describing the trained IVF index: { version, rows, sub }. */
const IVF_SETTING = 'search.ivf';
/** list_id of codes not (yet) in a trained list; always scanned. */
const UNASSIGNED = -1;

const cache = new WeakMap<AppDb, { version: string; ivf: IvfCentroids }>();

/** The trained IVF centroids of this database, or null while the index is small. */
export function loadIvf(db: AppDb): IvfCentroids | null {
  const setting = readSetting(db, IVF_SETTING);
  if (setting === null) return null;
  const cached = cache.get(db);
  if (cached?.version === setting) return cached.ivf;
  const { sub } = JSON.parse(setting) as { sub: number };
  const rows = db.all<{ list_id: number; centroid: Buffer }>(sql`SELECT list_id, centroid FROM transcript_vector_centroids`);
  if (rows.length === 0) return null;
  const ivf = fromLists(new Map(rows.map((row) => [row.list_id, fromVectorBlob(row.centroid)])), sub);
  cache.set(db, { version: setting, ivf });
  return ivf;
}

/** Stores (or replaces) transcript vectors and their SimHash codes, in their IVF list when trained. Call inside a transaction. */
export function upsertTranscriptVectors(db: AppDb, rows: readonly { rowid: number; vector: Float32Array }[]): void {
  const ivf = loadIvf(db);
  for (const { rowid, vector } of rows) {
    db.run(sql`INSERT INTO transcript_vectors (transcript_rowid, embedding) VALUES (${rowid}, ${toVectorBlob(vector)})
      ON CONFLICT (transcript_rowid) DO UPDATE SET embedding = excluded.embedding`);
    db.run(sql`DELETE FROM transcript_vector_codes WHERE transcript_rowid = ${rowid}`);
    const list = ivf ? assignList(ivf, vector) : UNASSIGNED;
    db.run(sql`INSERT INTO transcript_vector_codes (list_id, transcript_rowid, code) VALUES (${list}, ${rowid}, ${simhashCode(vector)})`);
  }
}

/** Stores (or replaces) the vectors of context chunks. Call inside a transaction. */
export function upsertChunkVectors(db: AppDb, rows: readonly { rowid: number; vector: Float32Array }[]): void {
  for (const { rowid, vector } of rows) {
    db.run(sql`INSERT INTO context_chunk_vectors (chunk_id, embedding) VALUES (${rowid}, ${toVectorBlob(vector)})
      ON CONFLICT (chunk_id) DO UPDATE SET embedding = excluded.embedding`);
  }
}

/** Exact KNN: sqlite-vec's cosine distance over every transcript vector (brute force; the baseline). */
export function exactTranscriptKnn(db: AppDb, query: Float32Array, k: number): VectorHit[] {
  return db
    .all<{ rowid: number; distance: number }>(
      sql`SELECT transcript_rowid AS rowid, vec_distance_cosine(embedding, ${toVectorBlob(query)}) AS distance
        FROM transcript_vectors ORDER BY distance LIMIT ${k}`,
    )
    .map((row) => ({ rowid: row.rowid, similarity: 1 - row.distance }));
}

/**
 * Approximate KNN in two stages: the Hamming-nearest SimHash codes among the probed IVF lists
 * (all codes while untrained), then exact cosine over those candidates' float vectors.
 */
export function transcriptKnn(db: AppDb, query: Float32Array, k: number, config: IvfConfig = DEFAULT_IVF_CONFIG, nprobe?: number): VectorHit[] {
  const ivf = loadIvf(db);
  const lists = ivf ? [...nearestLists(ivf, query, nprobe ?? probesFor(ivf.lists.size, config)), UNASSIGNED] : [UNASSIGNED];
  const candidates = db.all<{ rowid: number }>(
    sql`SELECT transcript_rowid AS rowid FROM transcript_vector_codes
      WHERE list_id IN (SELECT value FROM json_each(${JSON.stringify(lists)}))
      ORDER BY vec_distance_hamming(vec_bit(code), vec_bit(${simhashCode(query)})) LIMIT ${Math.max(k, config.candidates)}`,
  );
  return db
    .all<{ rowid: number; distance: number }>(
      sql`SELECT transcript_rowid AS rowid, vec_distance_cosine(embedding, ${toVectorBlob(query)}) AS distance
        FROM transcript_vectors WHERE transcript_rowid IN (SELECT value FROM json_each(${JSON.stringify(candidates.map((c) => c.rowid))}))
        ORDER BY distance LIMIT ${k}`,
    )
    .map((row) => ({ rowid: row.rowid, similarity: 1 - row.distance }));
}

/** True when the index should be (re)trained: past minRows untrained, or grown 8× since training. */
export function shouldTrainIvf(db: AppDb, config: IvfConfig): boolean {
  const rows = db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM transcript_vectors`)?.n ?? 0;
  const setting = readSetting(db, IVF_SETTING);
  if (setting === null) return rows >= config.minRows;
  return rows >= 8 * (JSON.parse(setting) as { rows: number }).rows;
}

/**
 * Trains IVF centroids (about 4·√N lists) on a sample of the stored vectors and moves every code
 * into its list, in batches that yield to the event loop. Queries stay correct meanwhile
 * (unassigned codes are always scanned) but may miss neighbours until the move ends.
 */
export async function trainTranscriptIvf(db: AppDb, config: IvfConfig, now: number): Promise<{ lists: number; rows: number }> {
  const rows = db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM transcript_vectors`)?.n ?? 0;
  const shape = ivfShapeFor(rows);
  const step = Math.max(1, Math.floor(rows / shape.sampleSize));
  const samples = db
    .all<{ embedding: Buffer }>(sql`SELECT embedding FROM transcript_vectors WHERE transcript_rowid % ${step} = 0
      ORDER BY transcript_rowid LIMIT ${shape.sampleSize}`)
    .map((row) => fromVectorBlob(row.embedding));
  const ivf = trainIvf(samples, shape, config.iterations);
  db.transaction(() => {
    db.run(sql`DELETE FROM transcript_vector_centroids`);
    for (const [id, centroid] of ivf.lists) db.run(sql`INSERT INTO transcript_vector_centroids (list_id, centroid) VALUES (${id}, ${toVectorBlob(centroid)})`);
    writeSetting(db, IVF_SETTING, JSON.stringify({ version: now, rows, sub: shape.sub }), now);
  });
  let after = -1;
  for (;;) {
    const batch = db.all<{ rowid: number; embedding: Buffer }>(
      sql`SELECT transcript_rowid AS rowid, embedding FROM transcript_vectors WHERE transcript_rowid > ${after}
        ORDER BY transcript_rowid LIMIT 5000`,
    );
    if (batch.length === 0) break;
    db.transaction(() => {
      for (const row of batch) {
        const list = assignList(ivf, fromVectorBlob(row.embedding));
        db.run(sql`UPDATE transcript_vector_codes SET list_id = ${list} WHERE transcript_rowid = ${row.rowid} AND list_id <> ${list}`);
      }
    });
    after = batch[batch.length - 1]?.rowid ?? after;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { lists: ivf.lists.size, rows };
}

/** Forgets the trained index (after an embedder change the centroids mean nothing). */
export function resetIvf(db: AppDb): void {
  db.run(sql`DELETE FROM transcript_vector_centroids`);
  db.run(sql`DELETE FROM app_settings WHERE key = ${IVF_SETTING}`);
}
