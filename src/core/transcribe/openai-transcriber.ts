import OpenAI, { toFile } from 'openai';
import { AppError } from '../../shared/errors';
import { encodeWav } from '../audio/wav';
import type { Transcriber, UtteranceDecoder } from './transcriber';

/** Connection to an OpenAI-compatible `/v1/audio/transcriptions` endpoint. */
export interface OpenAiTranscriberOptions {
  /** e.g. https://api.openai.com/v1, https://api.groq.com/openai/v1, http://127.0.0.1:8000/v1 */
  baseUrl: string;
  apiKey: string;
  /** e.g. whisper-1, whisper-large-v3 */
  model: string;
  language?: string;
  timeoutMs?: number;
}

/**
 * Transcribes each utterance with an OpenAI-compatible endpoint. It does not stream: partials
 * are empty and the final arrives when the request returns.
 */
export function createOpenAiTranscriber(options: OpenAiTranscriberOptions): Transcriber {
  const client = new OpenAI({ baseURL: options.baseUrl, apiKey: options.apiKey, timeout: options.timeoutMs ?? 30_000, maxRetries: 2 });
  return {
    engine: 'openai',
    startUtterance(): UtteranceDecoder {
      const parts: Int16Array[] = [];
      let isAborted = false;
      return {
        accept(samples) {
          parts.push(samples.slice());
        },
        partial: () => '',
        async finish() {
          if (isAborted) return { text: '', confidence: null };
          const audio = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
          let at = 0;
          for (const p of parts) {
            audio.set(p, at);
            at += p.length;
          }
          try {
            const result = await client.audio.transcriptions.create({
              file: await toFile(encodeWav(audio, 16_000), 'utterance.wav', { type: 'audio/wav' }),
              model: options.model,
              response_format: 'json',
              ...(options.language ? { language: options.language } : {}),
            });
            return { text: result.text.trim(), confidence: null };
          } catch (cause) {
            const status = cause instanceof OpenAI.APIError ? cause.status : undefined;
            throw new AppError('transcriber.unavailable', 'The transcription endpoint failed', { cause, details: { status } });
          }
        },
        abort() {
          isAborted = true;
        },
      };
    },
    close() {
      // Stateless HTTP client; nothing to release.
    },
  };
}
