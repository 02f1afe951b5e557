// `npm run bench:search`: hybrid search (FTS5 BM25 + sqlite-vec KNN, RRF) on a generated corpus
// of 10,000 sessions / 1,000,000 transcript segments in a temp SQLite file. Prints query latency
// p50/p95 and recall@10 of the vector part against exact brute-force KNN, side by side with a
// plain LIKE scan and the exact KNN scan as baselines measured in the same run.
//
// Parameters (env): BENCH_SEARCH_SEGMENTS (default 1000000), BENCH_SEARCH_SESSIONS (default
// SEGMENTS / 100), BENCH_SEARCH_QUERIES (default 200), BENCH_SEARCH_KEEP=1 keeps the database file,
// BENCH_SEARCH_DB=FILE reuses an indexed file kept earlier (skips generation and indexing).
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, type AppDb } from '../src/core/db/open-database';
import { sql } from '../src/core/db/sql';
import { createHashedEmbedder, embedHashed } from '../src/core/embeddings/hashed-embedder';
import { toFtsQuery } from '../src/core/search/fts-query';
import { searchMeetings } from '../src/core/search/hybrid-search';
import { createSearchIndexer } from '../src/core/search/indexer';
import { DEFAULT_IVF_CONFIG, probesFor } from '../src/core/search/ivf';
import { exactTranscriptKnn, loadIvf, transcriptKnn } from '../src/core/search/vector-index';
import { TOPICS, createRandom, generateQueries, generateSentence } from './search-corpus';

const SEGMENTS = Number(process.env['BENCH_SEARCH_SEGMENTS'] ?? 1_000_000);
const SESSIONS = Number(process.env['BENCH_SEARCH_SESSIONS'] ?? Math.max(1, Math.round(SEGMENTS / 100)));
const QUERIES = Number(process.env['BENCH_SEARCH_QUERIES'] ?? 200);
const BASELINE_QUERIES = Math.min(QUERIES, 40);
const reuse = process.env['BENCH_SEARCH_DB'];
const path = reuse ?? join(tmpdir(), `liveconvo-bench-search-${process.pid}.sqlite`);
const out = (line: string) => process.stdout.write(`${line}\n`);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const time = <T>(fn: () => T): [T, number] => {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
};
const row = (name: string, ms: number[], extra = '') =>
  out(`${name.padEnd(34)} p50 ${percentile(ms, 50).toFixed(1).padStart(8)} ms   p95 ${percentile(ms, 95).toFixed(1).padStart(8)} ms   (n=${ms.length})${extra}`);

async function main(): Promise<void> {
  out(`corpus: ${SESSIONS.toLocaleString('en')} sessions, ${SEGMENTS.toLocaleString('en')} segments → ${path}`);
  const db = openDatabase(path);
  db.raw.pragma('cache_size = -262144');
  const random = createRandom(42);
  const topics = Object.keys(TOPICS);
  const start = Date.UTC(2025, 0, 1);

  if (reuse === undefined) await buildIndex(db, random, topics, start);
  else out(`reusing ${db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM transcript_vectors`)?.n ?? 0} indexed rows`);
  await measure(db);
  db.close();
  if (reuse === undefined && process.env['BENCH_SEARCH_KEEP'] !== '1') for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
}

async function buildIndex(db: AppDb, random: () => number, topics: string[], start: number): Promise<void> {
  const [, insertMs] = time(() => {
    const perSession = Math.ceil(SEGMENTS / SESSIONS);
    let written = 0;
    for (let s = 0; s < SESSIONS && written < SEGMENTS; s += 100) {
      db.transaction(() => {
        for (let i = s; i < Math.min(SESSIONS, s + 100) && written < SEGMENTS; i++) {
          const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
          const topic = topics[i % topics.length] ?? 'sales';
          const created = start + i * 3_600_000;
          db.run(sql`INSERT INTO sessions (id, title, conversation_type, status, created_at, updated_at)
            VALUES (${id}, ${`Meeting ${i} (${topic})`}, ${topic}, 'completed', ${created}, ${created})`);
          for (let n = 0; n < perSession && written < SEGMENTS; n++, written++) {
            db.run(sql`INSERT INTO transcripts (id, session_id, content, speaker, is_owner, start_time_seconds, end_time_seconds,
                duration_seconds, sequence_number, created_at)
              VALUES (${`t${written}`}, ${id}, ${generateSentence(random, topic)}, ${n % 2 ? 'them' : 'me'}, ${n % 2 ? 0 : 1},
                ${n * 6}, ${n * 6 + 5}, 5, ${n}, ${created})`);
          }
        }
      });
    }
  });
  out(`insert (rows + FTS5 via triggers): ${(insertMs / 1000).toFixed(1)} s (${Math.round(SEGMENTS / (insertMs / 1000)).toLocaleString('en')} rows/s)`);

  const embedder = createHashedEmbedder();
  let lastReport = 0;
  const indexer = createSearchIndexer({
    db,
    getEmbedder: async () => embedder,
    now: () => Date.now(),
    batchSize: 2_000,
    onProgress: (status) => {
      if (performance.now() - lastReport > 15_000) {
        lastReport = performance.now();
        out(`  embedding… ${status.indexed.toLocaleString('en')} done, ${status.pending.toLocaleString('en')} queued`);
      }
    },
  });
  const indexStart = performance.now();
  indexer.kick();
  await indexer.whenIdle();
  const indexMs = performance.now() - indexStart;
  out(`embed + index + train IVF (hashed embedder): ${(indexMs / 1000).toFixed(1)} s (${Math.round(SEGMENTS / (indexMs / 1000)).toLocaleString('en')} rows/s)`);
  if (indexer.status().last_error) throw new Error(indexer.status().last_error ?? '');
  indexer.stop();
}

async function measure(db: AppDb): Promise<void> {

  const queries = generateQueries(createRandom(7), QUERIES);
  const vectors = queries.map((q) => embedHashed(q));
  for (const [i, q] of queries.slice(0, 5).entries()) searchMeetings(db, { query: q, limit: 10, queryVector: vectors[i] ?? null }); // warm-up

  const hybridMs: number[] = [];
  const ftsMs: number[] = [];
  const annMs: number[] = [];
  queries.forEach((query, i) => {
    const [, ms] = time(() => searchMeetings(db, { query, limit: 10, queryVector: embedHashed(query) }));
    hybridMs.push(ms);
    const match = toFtsQuery(query, 'all');
    if (match) ftsMs.push(time(() => db.all(sql`SELECT rowid FROM transcripts_fts WHERE transcripts_fts MATCH ${match} ORDER BY bm25(transcripts_fts) LIMIT 50`))[1]);
    annMs.push(time(() => transcriptKnn(db, vectors[i] ?? new Float32Array(384), 50))[1]);
  });

  const likeMs: number[] = [];
  const exactMs: number[] = [];
  const ivf = loadIvf(db);
  const defaultProbes = ivf ? probesFor(ivf.lists.size, DEFAULT_IVF_CONFIG) : 0;
  const probes = ivf ? [...new Set([Math.max(1, defaultProbes >> 2), Math.max(1, defaultProbes >> 1), defaultProbes, defaultProbes * 2])] : [0];
  const recall = new Map(probes.map((p) => [p, { sum: 0, ms: [] as number[] }]));
  queries.slice(0, BASELINE_QUERIES).forEach((query, i) => {
    const words = query.toLowerCase().split(/\s+/).filter((w) => w.length > 2);
    const [a = '', b = ''] = words;
    likeMs.push(time(() => db.all(sql`SELECT rowid FROM transcripts WHERE content LIKE ${`%${a}%`} AND content LIKE ${`%${b}%`} LIMIT 50`))[1]);
    const vector = vectors[i] ?? new Float32Array(384);
    const [exact, ms] = time(() => exactTranscriptKnn(db, vector, 10));
    exactMs.push(ms);
    for (const nprobe of probes) {
      const [approx, annMs] = time(() => transcriptKnn(db, vector, 10, DEFAULT_IVF_CONFIG, nprobe || undefined));
      const entry = recall.get(nprobe);
      if (!entry) continue;
      entry.ms.push(annMs);
      // As in ann-benchmarks: a returned neighbour counts when it is at least as close as the
      // 10th exact neighbour (the corpus has exact ties, so row ids alone would under-count).
      const cutoff = (exact[exact.length - 1]?.similarity ?? 0) - 1e-6;
      entry.sum += Math.min(exact.length, approx.filter((h) => h.similarity >= cutoff).length) / Math.max(1, exact.length);
    }
  });

  out('');
  out(`queries: ${QUERIES} (2–3 words: remembered terms, topic phrases, paraphrases), limit 10`);
  row('hybrid search (FTS + ANN + RRF)', hybridMs, '   ← target p95 ≤ 50 ms');
  row('  part: FTS5 BM25 (all terms)', ftsMs);
  row('  part: vector (IVF+SimHash+rescore)', annMs);
  row('baseline: LIKE scan (2 terms)', likeMs);
  row('baseline: exact KNN (brute force)', exactMs);
  out('');
  out(ivf
    ? `vector part: IVF with ${ivf.lists.size} lists → SimHash Hamming top ${DEFAULT_IVF_CONFIG.candidates} → exact cosine; recall@10 vs exact brute-force KNN (${BASELINE_QUERIES} queries):`
    : `vector part: untrained (SimHash scan of all codes → exact cosine of top ${DEFAULT_IVF_CONFIG.candidates}); recall@10 vs exact brute-force KNN:`);
  for (const [nprobe, entry] of recall) {
    row(`  ${ivf ? `nprobe ${String(nprobe).padEnd(3)}` : 'all codes '} recall@10 ${(entry.sum / BASELINE_QUERIES).toFixed(3)}${nprobe === defaultProbes ? ' *' : '  '}`, entry.ms);
  }
  out('  (* the product default)');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:search failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
