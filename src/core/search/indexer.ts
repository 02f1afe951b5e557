import type { SearchIndexStatus } from '../../shared/ipc/contracts/search';
import { toError } from '../../shared/errors';
import type { AppDb } from '../db/open-database';
import { sql } from '../db/sql';
import type { Embedder } from '../embeddings/embedder';
import { createLogger } from '../log/logger';
import { INDEXED_EMBEDDER_KEY, readSetting, writeSetting } from './search-settings';
import { DEFAULT_IVF_CONFIG, type IvfConfig } from './ivf';
import { resetIvf, shouldTrainIvf, trainTranscriptIvf, upsertChunkVectors, upsertTranscriptVectors } from './vector-index';

const log = createLogger('search-indexer');

/** Dependencies of the background indexer. */
export interface SearchIndexerDeps {
  db: AppDb;
  /** The embedder in use; called once per drain so a settings change takes effect. */
  getEmbedder: () => Promise<Embedder>;
  /** Receives progress after every batch and at the end of a drain. */
  onProgress: (status: SearchIndexStatus) => void;
  now: () => number;
  /** Rows per embedding batch (default 64). */
  batchSize?: number;
  /** Wait before retrying after the embedder failed (default 30 s). */
  retryMs?: number;
  /** IVF index shape (default DEFAULT_IVF_CONFIG). */
  ivf?: IvfConfig;
}

/** The background (re-)embedding worker over search_embedding_queue. */
export interface SearchIndexer {
  /** Schedules a drain of the queue soon; cheap to call often. */
  kick(): void;
  /** Resolves when the current drain (if any) has finished. */
  whenIdle(): Promise<void>;
  /** Drops every stored vector and queues all rows again (after an embedder change). */
  reindex(): Promise<void>;
  status(): SearchIndexStatus;
  stop(): void;
}

/**
 * Embeds queued transcript rows and context chunks in small batches, yielding to the event loop
 * between batches so IPC requests are served meanwhile. Rows stay queued until their vectors are
 * written, so a failing endpoint or a crash loses nothing; failures retry after `retryMs`.
 */
export function createSearchIndexer(deps: SearchIndexerDeps): SearchIndexer {
  const { db } = deps;
  const batchSize = deps.batchSize ?? 64;
  let running: Promise<void> | null = null;
  let isStopped = false;
  let lastError: string | null = null;
  let embedderId = readSetting(db, INDEXED_EMBEDDER_KEY) ?? 'none';
  let retryTimer: NodeJS.Timeout | null = null;

  const status = (): SearchIndexStatus => ({
    embedder: embedderId,
    pending: db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM search_embedding_queue`)?.n ?? 0,
    indexed: db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM transcript_vectors`)?.n ?? 0,
    is_running: running !== null,
    last_error: lastError,
  });

  function requeueAll(): void {
    db.transaction(() => {
      db.run(sql`DELETE FROM transcript_vectors`);
      db.run(sql`DELETE FROM transcript_vector_codes`);
      db.run(sql`DELETE FROM context_chunk_vectors`);
      resetIvf(db);
      db.run(sql`INSERT OR IGNORE INTO search_embedding_queue (source, source_rowid) SELECT 'transcript', rowid FROM transcripts`);
      db.run(sql`INSERT OR IGNORE INTO search_embedding_queue (source, source_rowid) SELECT 'chunk', id FROM context_chunks`);
    });
  }

  async function drain(): Promise<void> {
    const embedder = await deps.getEmbedder();
    if (embedder.id !== embedderId) {
      if (embedderId !== 'none') log.info('embedder changed; re-embedding everything', { embedder: embedder.id });
      requeueAll();
      embedderId = embedder.id;
      writeSetting(db, INDEXED_EMBEDDER_KEY, embedderId, deps.now());
    }
    for (;;) {
      if (isStopped) return;
      const batch = db.all<{ source: 'transcript' | 'chunk'; rowid: number; content: string | null }>(
        sql`SELECT q.source, q.source_rowid AS rowid,
            CASE q.source WHEN 'transcript' THEN (SELECT content FROM transcripts WHERE rowid = q.source_rowid)
              ELSE (SELECT content FROM context_chunks WHERE id = q.source_rowid) END AS content
          FROM search_embedding_queue q ORDER BY q.source, q.source_rowid LIMIT ${batchSize}`,
      );
      if (batch.length === 0) {
        const config = deps.ivf ?? DEFAULT_IVF_CONFIG;
        if (shouldTrainIvf(db, config)) {
          const trained = await trainTranscriptIvf(db, config, deps.now());
          log.info('trained the IVF vector index', trained);
        }
        return;
      }
      const present = batch.filter((row) => row.content !== null);
      const vectors = await embedder.embed(present.map((row) => row.content ?? ''));
      if (isStopped) return;
      db.transaction(() => {
        const pick = (source: string) =>
          present.flatMap((row, i) => (row.source === source && vectors[i] ? [{ rowid: row.rowid, vector: vectors[i] }] : []));
        upsertTranscriptVectors(db, pick('transcript'));
        upsertChunkVectors(db, pick('chunk'));
        for (const row of batch) db.run(sql`DELETE FROM search_embedding_queue WHERE source = ${row.source} AND source_rowid = ${row.rowid}`);
      });
      lastError = null;
      deps.onProgress(status());
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  function kick(): void {
    if (running || isStopped) return;
    running = drain()
      .catch((error: unknown) => {
        lastError = toError(error).message;
        log.warn('embedding batch failed; rows stay queued for a retry', { error: toError(error).name });
        if (!retryTimer && !isStopped) {
          retryTimer = setTimeout(() => {
            retryTimer = null;
            kick();
          }, deps.retryMs ?? 30_000);
          retryTimer.unref();
        }
      })
      .finally(() => {
        running = null;
        if (!isStopped) deps.onProgress(status());
      });
  }

  return {
    kick,
    whenIdle: async () => {
      while (running) await running;
    },
    reindex: async () => {
      while (running) await running;
      requeueAll();
      lastError = null;
      kick();
    },
    status,
    stop: () => {
      isStopped = true;
      if (retryTimer) clearTimeout(retryTimer);
    },
  };
}
