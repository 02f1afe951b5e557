import OpenAI from 'openai';
import { AppError } from '../../shared/errors';
import { EMBEDDING_DIMS, normalizeInPlace, type Embedder } from './embedder';

/** Where and how to reach an OpenAI-compatible embeddings endpoint. */
export interface OpenAiEmbedderOptions {
  baseUrl: string;
  model: string;
  apiKey: string | null;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  /** Texts per request (default 64). */
  batchSize?: number;
}

/**
 * Embeddings from any OpenAI-compatible `POST /embeddings` endpoint (OpenAI, OpenRouter, Ollama,
 * LM Studio). Vectors are reduced to EMBEDDING_DIMS by keeping the leading dimensions and
 * re-normalizing (exact for Matryoshka-trained models such as text-embedding-3 and nomic-embed),
 * or zero-padded when the model is smaller, so one 384-dim index serves every backend.
 * @throws AppError('llm.unavailable') when the endpoint fails or answers malformed data.
 */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const client = new OpenAI({
    baseURL: options.baseUrl,
    apiKey: options.apiKey ?? 'no-key',
    timeout: options.timeoutMs ?? 30_000,
    maxRetries: 2,
  });
  const batchSize = options.batchSize ?? 64;
  return {
    id: `openai:${options.baseUrl}#${options.model}`,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        const batch = texts.slice(i, i + batchSize);
        let response: OpenAI.Embeddings.CreateEmbeddingResponse;
        try {
          response = await client.embeddings.create({ model: options.model, input: [...batch], encoding_format: 'float' });
        } catch (error) {
          throw new AppError('llm.unavailable', 'The embeddings endpoint did not answer', { cause: error });
        }
        const ordered = [...response.data].sort((a, b) => a.index - b.index);
        if (ordered.length !== batch.length || ordered.some((item) => !Array.isArray(item.embedding))) {
          throw new AppError('llm.unavailable', `The embeddings endpoint returned ${ordered.length} vectors for ${batch.length} texts`);
        }
        for (const item of ordered) out.push(reduceDimensions(item.embedding));
      }
      return out;
    },
  };
}

/** Truncates (Matryoshka) or zero-pads a vector to EMBEDDING_DIMS and re-normalizes it. */
export function reduceDimensions(values: readonly number[]): Float32Array {
  const vector = new Float32Array(EMBEDDING_DIMS);
  for (let i = 0; i < EMBEDDING_DIMS && i < values.length; i++) vector[i] = values[i] ?? 0;
  return normalizeInPlace(vector);
}
