import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/open-database';
import { sql } from '../db/sql';
import { embedHashed } from '../embeddings/hashed-embedder';
import { DEFAULT_IVF_CONFIG } from './ivf';
import { exactTranscriptKnn, loadIvf, shouldTrainIvf, trainTranscriptIvf, transcriptKnn, upsertTranscriptVectors } from './vector-index';

const TOPICS = ['pricing discount contract renewal budget', 'deployment migration database latency release', 'candidate salary interview offer mentoring', 'ticket outage refund escalation password', 'roadmap quarter headcount milestone risk'];

function sentence(i: number): string {
  const words = (TOPICS[i % TOPICS.length] ?? '').split(' ');
  const pick = (n: number) => words[(i * 7 + n * 3) % words.length];
  return `we discussed the ${pick(1)} and the ${pick(2)} with team ${i % 97} about ${pick(3)} item ${i % 13}`;
}

function seed(rows: number) {
  const db = openDatabase(':memory:');
  db.run(sql`INSERT INTO sessions (id, title, created_at, updated_at) VALUES ('s', 'S', 1, 1)`);
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      db.run(sql`INSERT INTO transcripts (id, session_id, content, speaker, sequence_number, created_at) VALUES (${`t${i}`}, 's', ${sentence(i)}, 'them', ${i}, 1)`);
    }
    upsertTranscriptVectors(db, Array.from({ length: rows }, (_, i) => ({ rowid: i + 1, vector: embedHashed(sentence(i)) })));
  });
  return db;
}

/** Recall@10 as in ann-benchmarks: returned rows at least as close as the 10th exact neighbour. */
function recallAt10(db: ReturnType<typeof seed>, queries: string[]): number {
  let sum = 0;
  for (const query of queries) {
    const vector = embedHashed(query);
    const exact = exactTranscriptKnn(db, vector, 10);
    const cutoff = (exact[9]?.similarity ?? 0) - 1e-6;
    sum += transcriptKnn(db, vector, 10).filter((hit) => hit.similarity >= cutoff).length / 10;
  }
  return sum / queries.length;
}

describe('the transcript vector index', () => {
  const queries = ['discount on the renewal', 'database latency after release', 'salary for the candidate', 'refund after the outage', 'headcount risk this quarter'];

  it('is exact-equivalent before training: SimHash candidates then cosine rescoring', () => {
    const db = seed(800);
    expect(loadIvf(db)).toBeNull();
    expect(recallAt10(db, queries)).toBeGreaterThanOrEqual(0.98);
    db.close();
  });

  it('trains IVF lists past the threshold, keeps good recall, and files new and deleted rows', async () => {
    const db = seed(3000);
    const config = { ...DEFAULT_IVF_CONFIG, minRows: 2000 };
    expect(shouldTrainIvf(db, config)).toBe(true);
    const trained = await trainTranscriptIvf(db, config, 1);
    expect(trained.rows).toBe(3000);
    expect(trained.lists).toBeGreaterThan(100);
    expect(shouldTrainIvf(db, config)).toBe(false);
    const unassigned = db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM transcript_vector_codes WHERE list_id = -1`);
    expect(unassigned?.n).toBe(0);
    expect(recallAt10(db, queries)).toBeGreaterThanOrEqual(0.7);

    const text = 'we discussed the zebra pricing and the renewal discount with team 5';
    db.transaction(() => {
      db.run(sql`INSERT INTO transcripts (id, session_id, content, speaker, sequence_number, created_at) VALUES ('new', 's', ${text}, 'me', 5000, 1)`);
      upsertTranscriptVectors(db, [{ rowid: 3001, vector: embedHashed(text) }]);
    });
    expect(db.get<{ list_id: number }>(sql`SELECT list_id FROM transcript_vector_codes WHERE transcript_rowid = 3001`)?.list_id).toBeGreaterThanOrEqual(0);
    expect(transcriptKnn(db, embedHashed(text), 1)[0]?.rowid).toBe(3001);
    db.run(sql`DELETE FROM transcripts WHERE id = 'new'`);
    expect(transcriptKnn(db, embedHashed(text), 1)[0]?.rowid).not.toBe(3001);
    expect(db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM transcript_vectors WHERE transcript_rowid = 3001`)?.n).toBe(0);
    db.close();
  });
});
