import OpenAI from 'openai';
import type { z } from 'zod';
import { AppError, toError } from '../../../shared/errors';
import { createLogger } from '../../log/logger';

const log = createLogger('llm');

/** Where and how to reach an OpenAI-compatible chat completions endpoint. */
export interface LlmConfig {
  baseUrl: string;
  model: string;
  /** Null for local servers (Ollama, LM Studio) that need no key. */
  apiKey: string | null;
  /** Per-request timeout; a timed-out request is retried. */
  timeoutMs: number;
  /** Retries on 429, 5xx, timeouts and connection errors, with exponential backoff (honours Retry-After). */
  maxRetries?: number;
}

/** A chat message. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Options of one call. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Receives streamed text as it arrives. */
  onDelta?: (text: string) => void;
  maxTokens?: number;
}

/** A streamed completion: its text and the model that produced it. */
export interface Completion {
  text: string;
  model: string;
}

/** The LLM port the copilot uses; the only implementation talks through the `openai` package. */
export interface LlmClient {
  readonly model: string;
  /** Streams a completion and returns the whole text. @throws AppError('llm.unavailable' | 'llm.timeout') */
  complete(messages: ChatMessage[], options?: CallOptions): Promise<Completion>;
  /**
   * Asks for JSON, validates it with `schema`, and on invalid output makes one repair request.
   * @throws AppError('llm.invalid_output') when the repaired output is still invalid.
   */
  completeJson<T>(schema: z.ZodType<T>, messages: ChatMessage[], options?: CallOptions): Promise<{ value: T; model: string }>;
}

/** Builds an LLM client over any OpenAI-compatible endpoint (OpenRouter, OpenAI, Ollama, LM Studio). */
export function createLlmClient(config: LlmConfig): LlmClient {
  const client = new OpenAI({
    baseURL: config.baseUrl,
    apiKey: config.apiKey ?? 'no-key',
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries ?? 3,
    defaultHeaders: { 'X-Title': 'LiveConvo' },
  });

  async function complete(messages: ChatMessage[], options: CallOptions = {}): Promise<Completion> {
    const started = Date.now();
    try {
      const stream = await client.chat.completions.create(
        { model: config.model, messages, stream: true, temperature: 0.2, ...(options.maxTokens ? { max_tokens: options.maxTokens } : {}) },
        options.signal ? { signal: options.signal } : {},
      );
      let text = '';
      let model = config.model;
      for await (const chunk of stream) {
        if (chunk.model) model = chunk.model;
        const delta = chunk.choices[0]?.delta?.content ?? '';
        if (delta) {
          text += delta;
          options.onDelta?.(delta);
        }
      }
      // The SDK ends an aborted stream quietly; a cut-off text must not pass as a complete one.
      if (options.signal?.aborted) throw new AppError('llm.cancelled', 'The request was cancelled');
      log.info('llm completion', { model, ms: Date.now() - started, chars: text.length });
      return { text, model };
    } catch (error) {
      throw toLlmError(error, options.signal);
    }
  }

  return {
    model: config.model,
    complete,
    async completeJson(schema, messages, options = {}) {
      const first = await complete(messages, options);
      const parsed = parseJsonAgainst(schema, first.text);
      if (parsed.ok) return { value: parsed.value, model: first.model };
      log.warn('llm output invalid, asking for a repair', { issues: parsed.error.length });
      const repair = await complete(
        [
          ...messages,
          { role: 'assistant', content: first.text },
          { role: 'user', content: `That was not valid JSON for the required shape (${parsed.error}). Reply with only the corrected JSON object, no prose, no code fences.` },
        ],
        options,
      );
      const repaired = parseJsonAgainst(schema, repair.text);
      if (repaired.ok) return { value: repaired.value, model: repair.model };
      throw new AppError('llm.invalid_output', `The model returned invalid JSON twice: ${repaired.error}`.slice(0, 500));
    },
  };
}

/** Extracts the JSON object from a reply (tolerating code fences and prose around it) and validates it. */
export function parseJsonAgainst<T>(schema: z.ZodType<T>, text: string): { ok: true; value: T } | { ok: false; error: string } {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return { ok: false, error: 'no JSON object found' };
  let data: unknown;
  try {
    data = JSON.parse(text.slice(start, end + 1));
  } catch (error) {
    return { ok: false, error: `JSON syntax: ${toError(error).message}` };
  }
  const result = schema.safeParse(data);
  if (!result.success) return { ok: false, error: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 300) };
  return { ok: true, value: result.data };
}

function toLlmError(error: unknown, signal: AbortSignal | undefined): AppError {
  if (error instanceof AppError) return error;
  if (signal?.aborted || error instanceof OpenAI.APIUserAbortError) return new AppError('llm.cancelled', 'The request was cancelled', { cause: error });
  if (error instanceof OpenAI.APIConnectionTimeoutError) return new AppError('llm.timeout', 'The AI endpoint did not answer in time', { cause: error });
  if (error instanceof OpenAI.APIError) {
    return new AppError('llm.unavailable', `The AI endpoint failed${error.status ? ` with HTTP ${error.status}` : ''}`, { cause: error, details: { status: error.status ?? null } });
  }
  return new AppError('llm.unavailable', 'The AI endpoint could not be reached', { cause: error });
}
