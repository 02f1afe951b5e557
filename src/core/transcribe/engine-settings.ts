import { z } from 'zod';
import type { AppDb } from '../db/open-database';
import { sql } from '../db/sql';
import type { SecretStore } from '../ports';
import { createOpenAiTranscriber } from './openai-transcriber';
import { createPocketSphinxTranscriber } from './pocketsphinx';
import { createSherpaOnnxTranscriber, DEFAULT_SHERPA_MODEL_ID } from './sherpa-onnx';
import { TRANSCRIPTION_ENGINES, type TranscriberFactory } from './transcriber';
import { AppError } from '../../shared/errors';

/** `app_settings` keys read here; the API key lives in the SecretStore, never in the table. */
export const TRANSCRIPTION_SETTING_KEYS = {
  engine: 'transcription.engine',
  openaiBaseUrl: 'transcription.openai.base_url',
  openaiModel: 'transcription.openai.model',
  sherpaModel: 'transcription.sherpa.model',
  vad: 'capture.vad',
  openaiApiKeySecret: 'transcription.openai.api_key',
} as const;

const SettingsSchema = z.object({
  engine: z.enum(TRANSCRIPTION_ENGINES).default('pocketsphinx'),
  openaiBaseUrl: z.url().default('https://api.openai.com/v1'),
  openaiModel: z.string().min(1).default('whisper-1'),
  sherpaModel: z.string().min(1).default(DEFAULT_SHERPA_MODEL_ID),
  vad: z.enum(['energy', 'silero']).default('energy'),
});
/** The transcription settings. */
export type TranscriptionSettings = z.infer<typeof SettingsSchema>;

/**
 * Reads the transcription settings from `app_settings` (defaults: PocketSphinx, offline).
 * @throws AppError('validation.invalid_input') for a stored value that is not valid.
 */
export function readTranscriptionSettings(db: AppDb): TranscriptionSettings {
  const rows = db.all<{ key: string; value: string }>(sql`SELECT key, value FROM app_settings WHERE key LIKE 'transcription.%' OR key = 'capture.vad'`);
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const raw = {
    engine: byKey.get(TRANSCRIPTION_SETTING_KEYS.engine),
    openaiBaseUrl: byKey.get(TRANSCRIPTION_SETTING_KEYS.openaiBaseUrl),
    openaiModel: byKey.get(TRANSCRIPTION_SETTING_KEYS.openaiModel),
    sherpaModel: byKey.get(TRANSCRIPTION_SETTING_KEYS.sherpaModel),
    vad: byKey.get(TRANSCRIPTION_SETTING_KEYS.vad),
  };
  const parsed = SettingsSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('validation.invalid_input', 'Invalid transcription settings', { details: parsed.error.issues });
  return parsed.data;
}

/** Stores one transcription setting. */
export function writeTranscriptionSetting(db: AppDb, key: string, value: string, now: number): void {
  db.run(sql`INSERT INTO app_settings (key, value, updated_at) VALUES (${key}, ${value}, ${now})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
}

/**
 * Builds the per-channel transcriber factory for the configured engine.
 * @throws AppError('transcriber.unavailable') when the engine cannot run (missing key, library or model).
 */
export function createConfiguredTranscriberFactory(deps: { db: AppDb; secrets: SecretStore; dataDir: string }): TranscriberFactory {
  const settings = readTranscriptionSettings(deps.db);
  switch (settings.engine) {
    case 'pocketsphinx':
      return () => Promise.resolve(createPocketSphinxTranscriber());
    case 'openai':
      return async () => {
        const apiKey = await deps.secrets.get(TRANSCRIPTION_SETTING_KEYS.openaiApiKeySecret);
        if (!apiKey) throw new AppError('transcriber.unavailable', 'No API key is set for the transcription endpoint');
        return createOpenAiTranscriber({ baseUrl: settings.openaiBaseUrl, apiKey, model: settings.openaiModel });
      };
    case 'sherpa-onnx':
      return () => createSherpaOnnxTranscriber({ dataDir: deps.dataDir, modelId: settings.sherpaModel });
  }
}
