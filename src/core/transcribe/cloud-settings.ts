import OpenAI, { toFile } from 'openai';
import type { IpcHandlers } from '../../shared/ipc/contract';
import type { CloudTestResult, CloudTranscription } from '../../shared/ipc/contracts/engines';
import { encodeWav } from '../audio/wav';
import type { AppDb } from '../db/open-database';
import { createLogger } from '../log/logger';
import type { SecretStore } from '../ports';
import { readTranscriptionSettings, TRANSCRIPTION_SETTING_KEYS, writeTranscriptionSetting } from './engine-settings';

const log = createLogger('engines');

/** How long engines.testCloud waits for the endpoint (one try, no retries). */
export const CLOUD_TEST_TIMEOUT_MS = 20_000;
const SAMPLE_RATE = 16_000;
/** Longest piece of the endpoint's own error text passed on to the user. */
const MAX_ENDPOINT_MESSAGE = 300;

/** Dependencies of the cloud transcription settings. */
export interface CloudSettingsDeps {
  db: AppDb;
  secrets: SecretStore;
  now: () => number;
  /** Overrides CLOUD_TEST_TIMEOUT_MS (tests). */
  testTimeoutMs?: number;
}

type CloudHandlers = Pick<IpcHandlers, 'engines.getCloud' | 'engines.setCloud' | 'engines.testCloud'>;

/**
 * The OpenAI-compatible transcription endpoint (issue #3): base URL and model in `app_settings`,
 * the key in the SecretStore under `transcription.openai.api_key` (never returned), and a test
 * that transcribes a short generated WAV and explains what went wrong.
 */
export function createCloudSettingsHandlers(deps: CloudSettingsDeps): CloudHandlers {
  async function current(): Promise<CloudTranscription> {
    const settings = readTranscriptionSettings(deps.db);
    const key = await deps.secrets.get(TRANSCRIPTION_SETTING_KEYS.openaiApiKeySecret);
    return { base_url: settings.openaiBaseUrl, model: settings.openaiModel, has_key: Boolean(key) };
  }
  return {
    'engines.getCloud': () => current(),
    'engines.setCloud': async ({ base_url, model, api_key }) => {
      const at = deps.now();
      if (base_url !== undefined) writeTranscriptionSetting(deps.db, TRANSCRIPTION_SETTING_KEYS.openaiBaseUrl, base_url.replace(/\/+$/, ''), at);
      if (model !== undefined) writeTranscriptionSetting(deps.db, TRANSCRIPTION_SETTING_KEYS.openaiModel, model, at);
      if (api_key === '') await deps.secrets.delete(TRANSCRIPTION_SETTING_KEYS.openaiApiKeySecret);
      else if (api_key !== undefined) await deps.secrets.set(TRANSCRIPTION_SETTING_KEYS.openaiApiKeySecret, api_key);
      const saved = await current();
      log.info('cloud transcription settings saved', { isKeyChanged: api_key !== undefined, hasKey: saved.has_key });
      return saved;
    },
    'engines.testCloud': async (input) => {
      const stored = readTranscriptionSettings(deps.db);
      const apiKey = input.api_key ?? (await deps.secrets.get(TRANSCRIPTION_SETTING_KEYS.openaiApiKeySecret));
      if (!apiKey) return { ok: false, status: null, message: 'Enter an API key first: the endpoint needs one.' };
      const baseUrl = (input.base_url ?? stored.openaiBaseUrl).replace(/\/+$/, '');
      const model = input.model ?? stored.openaiModel;
      return testEndpoint({ baseUrl, model, apiKey, timeoutMs: deps.testTimeoutMs ?? CLOUD_TEST_TIMEOUT_MS });
    },
  };
}

/** Transcribes a generated half-second tone and turns the outcome into a message for the user. */
async function testEndpoint(options: { baseUrl: string; model: string; apiKey: string; timeoutMs: number }): Promise<CloudTestResult> {
  const client = new OpenAI({ baseURL: options.baseUrl, apiKey: options.apiKey, timeout: options.timeoutMs, maxRetries: 0 });
  const started = performance.now();
  try {
    await client.audio.transcriptions.create({
      file: await toFile(encodeWav(testTone(), SAMPLE_RATE), 'liveconvo-test.wav', { type: 'audio/wav' }),
      model: options.model,
      response_format: 'json',
    });
    const elapsedMs = Math.round(performance.now() - started);
    log.info('cloud transcription test passed', { elapsedMs });
    return { ok: true, status: 200, message: `The endpoint transcribed a test clip with ${options.model} in ${elapsedMs} ms.` };
  } catch (cause) {
    const result = describeFailure(cause, options.model);
    log.warn('cloud transcription test failed', { status: result.status });
    return result;
  }
}

/** 0.5 s of a quiet 440 Hz tone: valid audio that any Whisper-style endpoint accepts. */
function testTone(): Int16Array {
  const samples = new Int16Array(SAMPLE_RATE / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(2000 * Math.sin((2 * Math.PI * 440 * i) / SAMPLE_RATE));
  return samples;
}

function describeFailure(cause: unknown, model: string): CloudTestResult {
  if (cause instanceof OpenAI.APIConnectionTimeoutError) {
    return { ok: false, status: null, message: 'The endpoint did not answer in time. Check the base URL and your connection.' };
  }
  if (cause instanceof OpenAI.APIConnectionError) {
    return { ok: false, status: null, message: 'Cannot reach the endpoint: you may be offline, or the base URL is wrong.' };
  }
  if (cause instanceof OpenAI.APIError && cause.status !== undefined) {
    const said = endpointText(cause);
    const suffix = said ? ` The endpoint said: “${said}”` : '';
    switch (cause.status) {
      case 401:
        return { ok: false, status: 401, message: `The endpoint refused the API key (401).${suffix}` };
      case 403:
        return { ok: false, status: 403, message: `The API key may not use this endpoint or model (403).${suffix}` };
      case 404:
        return { ok: false, status: 404, message: `Not found (404): check the base URL and that the model “${model}” exists there.${suffix}` };
      case 429:
        return { ok: false, status: 429, message: `The endpoint is rate-limiting or out of quota (429).${suffix}` };
      default:
        return { ok: false, status: cause.status, message: `The endpoint answered with an error (${String(cause.status)}).${suffix}` };
    }
  }
  return { ok: false, status: null, message: 'The endpoint answered with something that is not a transcription. Check the base URL.' };
}

/** The endpoint's own error message (OpenAI's `{ error: { message } }`), one line, bounded. */
function endpointText(error: InstanceType<typeof OpenAI.APIError>): string {
  const body = error.error as { message?: unknown } | undefined;
  const raw = typeof body?.message === 'string' ? body.message : '';
  const line = raw.replace(/\s+/g, ' ').trim();
  return line.length > MAX_ENDPOINT_MESSAGE ? `${line.slice(0, MAX_ENDPOINT_MESSAGE)}…` : line;
}
