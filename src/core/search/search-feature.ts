import type { IpcHandlers } from '../../shared/ipc/contract';
import type { SearchIndexStatus } from '../../shared/ipc/contracts/search';
import { toError } from '../../shared/errors';
import type { AppDb } from '../db/open-database';
import type { Embedder } from '../embeddings/embedder';
import { createLogger } from '../log/logger';
import type { SecretStore } from '../ports';
import { askMeetings } from './ask';
import { searchMeetings } from './hybrid-search';
import { createSearchIndexer, type SearchIndexer } from './indexer';
import { EMBEDDINGS_API_KEY, EMBEDDER_SETTINGS_KEY, createConfiguredEmbedder, writeSetting } from './search-settings';

const log = createLogger('search');

/** What the search feature needs from the core. */
export interface SearchFeatureDeps {
  db: AppDb;
  secrets: SecretStore;
  now: () => number;
  onIndexUpdated: (status: SearchIndexStatus) => void;
  /** Start the background indexer at once (default true). */
  shouldIndex?: boolean;
}

/** The search feature: its IPC handlers, its background indexer and the embedder in use. */
export interface SearchFeature {
  handlers: Pick<IpcHandlers, 'search.query' | 'search.status' | 'search.reindex' | 'ask.query'>;
  indexer: SearchIndexer;
  /** The configured embedder (cached until the settings change). */
  getEmbedder(): Promise<Embedder>;
  stop(): void;
}

/** Wires hybrid search, the embedding indexer and "ask your meetings" over the core's database. */
export function createSearchFeature(deps: SearchFeatureDeps): SearchFeature {
  const { db, secrets } = deps;
  let embedder: Promise<Embedder> | null = null;
  const getEmbedder = () => (embedder ??= createConfiguredEmbedder(db, secrets));
  const indexer = createSearchIndexer({ db, getEmbedder, now: deps.now, onProgress: deps.onIndexUpdated });
  if (deps.shouldIndex ?? true) indexer.kick();
  // Rows can also arrive without an event (sync writes them straight to SQLite): look now and then.
  const poll = setInterval(() => indexer.kick(), 15_000);
  poll.unref();

  async function embedQuery(text: string): Promise<Float32Array | null> {
    try {
      const [vector] = await (await getEmbedder()).embed([text]);
      return vector ?? null;
    } catch (error) {
      log.warn('query embedding failed; searching by keyword only', { error: toError(error).name });
      return null;
    }
  }

  return {
    indexer,
    getEmbedder,
    stop: () => {
      clearInterval(poll);
      indexer.stop();
    },
    handlers: {
      'search.query': async (input) => {
        const started = performance.now();
        const queryVector = await embedQuery(input.query);
        const hits = searchMeetings(db, {
          query: input.query,
          limit: input.limit,
          queryVector,
          ...(input.conversation_type === undefined ? {} : { conversationType: input.conversation_type }),
          ...(input.speaker === undefined ? {} : { speaker: input.speaker }),
          ...(input.from === undefined ? {} : { fromMs: input.from }),
          ...(input.to === undefined ? {} : { toMs: input.to }),
          ...(input.session_id === undefined ? {} : { sessionId: input.session_id }),
        });
        return { hits, took_ms: Math.round((performance.now() - started) * 10) / 10, is_keyword_only: queryVector === null };
      },
      'search.status': async () => indexer.status(),
      'search.reindex': async ({ embedder: settings }) => {
        if (settings) {
          if (settings.provider === 'openai' && settings.api_key !== undefined) await secrets.set(EMBEDDINGS_API_KEY, settings.api_key);
          const stored = settings.provider === 'openai' ? { provider: 'openai', base_url: settings.base_url, model: settings.model } : settings;
          writeSetting(db, EMBEDDER_SETTINGS_KEY, JSON.stringify(stored), deps.now());
          embedder = null;
        }
        await indexer.reindex();
        return indexer.status();
      },
      'ask.query': async (input) =>
        askMeetings(db, secrets, {
          question: input.question,
          queryVector: await embedQuery(input.question),
          filters: {
            ...(input.conversation_type === undefined ? {} : { conversationType: input.conversation_type }),
            ...(input.from === undefined ? {} : { fromMs: input.from }),
            ...(input.to === undefined ? {} : { toMs: input.to }),
            ...(input.session_id === undefined ? {} : { sessionId: input.session_id }),
          },
        }),
    },
  };
}
