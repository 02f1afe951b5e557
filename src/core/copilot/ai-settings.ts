import type { AiSettings } from '../../shared/ipc/contracts/copilot';
import type { SecretStore } from '../ports';
import type { CopilotRepo } from './copilot-repo';
import type { LlmConfig } from './llm/llm-client';

/** OpenRouter speaks the OpenAI API and routes to many models; it is the default endpoint. */
export const DEFAULT_BASE_URL = 'https://openrouter.ai/api/v1';
export const DEFAULT_MODEL = 'openai/gpt-4o-mini';
export const DEFAULT_TIMEOUT_MS = 60_000;
/** SecretStore key of the endpoint's API key (never in app_settings). */
export const API_KEY_SECRET = 'ai.api_key';

const KEYS = { enabled: 'ai.is_enabled', baseUrl: 'ai.base_url', model: 'ai.model', timeout: 'ai.timeout_ms' } as const;

/** Reads and writes the AI endpoint settings: URL/model in app_settings, the key in the SecretStore. */
export function createAiSettings(deps: { repo: CopilotRepo; secrets: SecretStore; now: () => number }) {
  const { repo, secrets } = deps;
  async function get(): Promise<AiSettings> {
    const isEnabled = repo.getSetting(KEYS.enabled) === 'true';
    return {
      is_enabled: isEnabled,
      base_url: repo.getSetting(KEYS.baseUrl) ?? DEFAULT_BASE_URL,
      model: repo.getSetting(KEYS.model) ?? DEFAULT_MODEL,
      has_api_key: (await secrets.get(API_KEY_SECRET)) !== null,
      timeout_ms: Number(repo.getSetting(KEYS.timeout) ?? DEFAULT_TIMEOUT_MS),
      engine: isEnabled ? 'llm' : 'offline',
    };
  }
  return {
    get,
    async set(input: { is_enabled?: boolean | undefined; base_url?: string | undefined; model?: string | undefined; api_key?: string | null | undefined; timeout_ms?: number | undefined }): Promise<AiSettings> {
      const at = deps.now();
      if (input.base_url !== undefined) repo.setSetting(KEYS.baseUrl, input.base_url.replace(/\/+$/, ''), at);
      if (input.model !== undefined) repo.setSetting(KEYS.model, input.model, at);
      if (input.timeout_ms !== undefined) repo.setSetting(KEYS.timeout, String(input.timeout_ms), at);
      if (input.is_enabled !== undefined) repo.setSetting(KEYS.enabled, String(input.is_enabled), at);
      if (input.api_key === null) await secrets.delete(API_KEY_SECRET);
      else if (input.api_key !== undefined) await secrets.set(API_KEY_SECRET, input.api_key);
      return get();
    },
    /** The endpoint config when the LLM engine is enabled, else null (offline engine). */
    async llmConfig(): Promise<LlmConfig | null> {
      const settings = await get();
      if (!settings.is_enabled) return null;
      return { baseUrl: settings.base_url, model: settings.model, apiKey: await secrets.get(API_KEY_SECRET), timeoutMs: settings.timeout_ms };
    },
  };
}
