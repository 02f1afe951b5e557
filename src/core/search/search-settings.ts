import type { EmbedderSettings } from '../../shared/ipc/contracts/search';
import { API_KEY_SECRET } from '../copilot/ai-settings';
import type { AppDb } from '../db/open-database';
import { sql } from '../db/sql';
import type { Embedder } from '../embeddings/embedder';
import { createHashedEmbedder } from '../embeddings/hashed-embedder';
import { createOpenAiEmbedder } from '../embeddings/openai-embedder';
import type { SecretStore } from '../ports';

/** app_settings key holding the EmbedderSettings JSON (no secrets). */
export const EMBEDDER_SETTINGS_KEY = 'search.embedder';
/** app_settings key naming the embedder that built the stored vectors. */
export const INDEXED_EMBEDDER_KEY = 'search.indexed_embedder';
/** Secret store key of the embeddings endpoint's API key; falls back to the copilot's key (ai-settings API_KEY_SECRET). */
export const EMBEDDINGS_API_KEY = 'search.embeddingsApiKey';

/** Reads one app_settings value. */
export function readSetting(db: AppDb, key: string): string | null {
  return db.get<{ value: string }>(sql`SELECT value FROM app_settings WHERE key = ${key}`)?.value ?? null;
}

/** Writes one app_settings value. */
export function writeSetting(db: AppDb, key: string, value: string, now: number): void {
  db.run(sql`INSERT INTO app_settings (key, value, updated_at) VALUES (${key}, ${value}, ${now})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
}

/** The configured embedder settings; the local embedder when none (or unreadable) are stored. */
export function readEmbedderSettings(db: AppDb): EmbedderSettings {
  const raw = readSetting(db, EMBEDDER_SETTINGS_KEY);
  if (raw === null) return { provider: 'local' };
  const parsed = JSON.parse(raw) as EmbedderSettings;
  return parsed.provider === 'openai' ? parsed : { provider: 'local' };
}

/** Builds the configured embedder, with its API key from the secret store. */
export async function createConfiguredEmbedder(db: AppDb, secrets: SecretStore): Promise<Embedder> {
  const settings = readEmbedderSettings(db);
  if (settings.provider === 'local') return createHashedEmbedder();
  const apiKey = (await secrets.get(EMBEDDINGS_API_KEY)) ?? (await secrets.get(API_KEY_SECRET));
  return createOpenAiEmbedder({ baseUrl: settings.base_url, model: settings.model, apiKey });
}
