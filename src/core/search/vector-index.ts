import type { AppDb } from '../db/open-database';
import { sql } from '../db/sql';
import { dot, fromVectorBlob, toVectorBlob } from '../embeddings/embedder';

/** Above this many transcript rows, KNN switches from an exact scan to SimHash candidates + exact rescoring. */
export const EXACT_KNN_MAX_ROWS = 50_000;
/** How many Hamming-nearest candidates are rescored exactly in the approximate path. */
export const DEFAULT_RESCORE_CANDIDATES = 400;

const CODE_BITS = 512;
// Two fixed pseudo-random ±1 diagonals for the randomized Hadamard transform (seeded, so codes
// are stable across runs and machines).
const SIGNS = [makeSigns(0x9e3779b9), makeSigns(0x85ebca6b)] as const;

/** A nearest neighbour: the row and its cosine similarity to the query. */
export interface VectorHit {
  rowid: number;
  similarity: number;
}

/**
 * 512-bit SimHash of a vector: random signs, a fast Walsh–Hadamard transform (twice), then the
 * sign of each output. The Hamming distance of two codes estimates the angle between the vectors.
 */
export function simhashCode(vector: Float32Array): Buffer {
  const x = new Float32Array(CODE_BITS);
  for (let i = 0; i < vector.length && i < CODE_BITS; i++) x[i] = (vector[i] ?? 0) * (SIGNS[0][i] ?? 1);
  walshHadamard(x);
  for (let i = 0; i < CODE_BITS; i++) x[i] = (x[i] ?? 0) * (SIGNS[1][i] ?? 1);
  walshHadamard(x);
  const code = Buffer.alloc(CODE_BITS / 8);
  for (let i = 0; i < CODE_BITS; i++) if ((x[i] ?? 0) > 0) code[i >> 3] = (code[i >> 3] ?? 0) | (1 << (i & 7));
  return code;
}

/** Stores (or replaces) the vectors of transcript rows, float and SimHash code. Call inside a transaction. */
export function upsertTranscriptVectors(db: AppDb, rows: readonly { rowid: number; vector: Float32Array }[]): void {
  for (const { rowid, vector } of rows) {
    const id = BigInt(rowid);
    db.run(sql`DELETE FROM transcript_embeddings WHERE transcript_rowid = ${id}`);
    db.run(sql`DELETE FROM transcript_embedding_bits WHERE transcript_rowid = ${id}`);
    db.run(sql`INSERT INTO transcript_embeddings (transcript_rowid, embedding) VALUES (${id}, ${toVectorBlob(vector)})`);
    db.run(sql`INSERT INTO transcript_embedding_bits (transcript_rowid, embedding) VALUES (${id}, vec_bit(${simhashCode(vector)}))`);
  }
}

/** Stores (or replaces) the vectors of context chunks. Call inside a transaction. */
export function upsertChunkVectors(db: AppDb, rows: readonly { rowid: number; vector: Float32Array }[]): void {
  for (const { rowid, vector } of rows) {
    const id = BigInt(rowid);
    db.run(sql`DELETE FROM context_chunk_embeddings WHERE chunk_id = ${id}`);
    db.run(sql`INSERT INTO context_chunk_embeddings (chunk_id, embedding) VALUES (${id}, ${toVectorBlob(vector)})`);
  }
}

/** Exact KNN over every transcript vector (sqlite-vec's brute-force scan). */
export function exactTranscriptKnn(db: AppDb, query: Float32Array, k: number): VectorHit[] {
  return db
    .all<{ rowid: number; distance: number }>(
      sql`SELECT transcript_rowid AS rowid, distance FROM transcript_embeddings
        WHERE embedding MATCH ${toVectorBlob(query)} AND k = ${k}`,
    )
    .map((row) => ({ rowid: row.rowid, similarity: 1 - row.distance }));
}

/**
 * Approximate KNN: the `candidates` codes nearest in Hamming distance, rescored by exact cosine
 * against their float vectors. Recall against the exact scan is measured in bench/search.ts.
 */
export function approximateTranscriptKnn(db: AppDb, query: Float32Array, k: number, candidates = DEFAULT_RESCORE_CANDIDATES): VectorHit[] {
  const near = db.all<{ rowid: number }>(
    sql`SELECT transcript_rowid AS rowid FROM transcript_embedding_bits
      WHERE embedding MATCH vec_bit(${simhashCode(query)}) AND k = ${Math.max(k, candidates)}`,
  );
  const hits: VectorHit[] = [];
  for (const { rowid } of near) {
    const row = db.get<{ embedding: Buffer }>(
      sql`SELECT embedding FROM transcript_embeddings WHERE transcript_rowid = ${BigInt(rowid)}`,
    );
    if (row) hits.push({ rowid, similarity: dot(query, fromVectorBlob(row.embedding)) });
  }
  return hits.sort((a, b) => b.similarity - a.similarity).slice(0, k);
}

/** KNN over transcripts: exact on small indexes, SimHash + rescoring on large ones. */
export function transcriptKnn(db: AppDb, query: Float32Array, k: number): VectorHit[] {
  const size = db.get<{ n: number | null }>(sql`SELECT MAX(rowid) AS n FROM transcripts`)?.n ?? 0;
  return size <= EXACT_KNN_MAX_ROWS ? exactTranscriptKnn(db, query, k) : approximateTranscriptKnn(db, query, k);
}

function walshHadamard(x: Float32Array): void {
  for (let len = 1; len < x.length; len <<= 1) {
    for (let i = 0; i < x.length; i += len << 1) {
      for (let j = i; j < i + len; j++) {
        const a = x[j] ?? 0;
        const b = x[j + len] ?? 0;
        x[j] = a + b;
        x[j + len] = a - b;
      }
    }
  }
}

function makeSigns(seed: number): Int8Array {
  const signs = new Int8Array(CODE_BITS);
  let state = seed >>> 0;
  for (let i = 0; i < CODE_BITS; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    signs[i] = state & 1 ? 1 : -1;
  }
  return signs;
}
