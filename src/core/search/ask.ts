import type { IpcOutput } from '../../shared/ipc/contract';
import { toError } from '../../shared/errors';
import { API_KEY_SECRET, DEFAULT_BASE_URL, DEFAULT_MODEL, DEFAULT_TIMEOUT_MS } from '../copilot/ai-settings';
import { createLlmClient, type LlmConfig } from '../copilot/llm/llm-client';
import type { AppDb } from '../db/open-database';
import { sql } from '../db/sql';
import { createLogger } from '../log/logger';
import type { SecretStore } from '../ports';
import { queryTerms } from './fts-query';
import { searchMeetings, type MeetingSearch } from './hybrid-search';
import { readSetting } from './search-settings';

const log = createLogger('ask');

/** Passages an answer is built from. */
const MAX_PASSAGES = 6;

/** A question with its retrieval filters. */
export interface AskInput {
  question: string;
  queryVector: Float32Array | null;
  filters: Omit<MeetingSearch, 'query' | 'limit' | 'queryVector'>;
}

type AskOutput = IpcOutput<'ask.query'>;
type Citation = AskOutput['citations'][number];

/**
 * "Ask your meetings": retrieves transcript passages with hybrid search and answers from them,
 * citing each passage as [n] with its session and timestamp. Uses the copilot's LLM endpoint when
 * it is enabled (copilot/ai-settings.ts); otherwise, or when it fails, answers extractively by
 * quoting the best-matching passages.
 */
export async function askMeetings(db: AppDb, secrets: SecretStore, input: AskInput): Promise<AskOutput> {
  const hits = searchMeetings(db, { ...input.filters, query: input.question, limit: 30, queryVector: input.queryVector })
    .filter((hit) => hit.kind === 'transcript')
    .slice(0, MAX_PASSAGES);
  const citations: Citation[] = hits.map((hit, i) => {
    const row = db.get<{ content: string }>(sql`SELECT content FROM transcripts WHERE id = ${hit.id}`);
    return {
      index: i + 1,
      session_id: hit.session_id,
      session_title: hit.session_title,
      transcript_id: hit.id,
      start_time_seconds: hit.start_time_seconds ?? 0,
      speaker: hit.speaker ?? '',
      text: row?.content ?? hit.snippet.text,
    };
  });
  if (citations.length === 0) {
    return { answer: 'I found nothing about that in your meetings.', mode: 'extractive', model_used: null, citations };
  }
  const llm = await llmConfig(db, secrets);
  if (llm) {
    try {
      const answer = await answerWithLlm(llm, input.question, citations);
      return { answer: answer.text, mode: 'llm', model_used: answer.model, citations };
    } catch (error) {
      log.warn('LLM answer failed; answering extractively', { error: toError(error).name });
    }
  }
  return { answer: answerExtractively(input.question, citations), mode: 'extractive', model_used: null, citations };
}

/** Formats seconds as m:ss or h:mm:ss for citations. */
export function formatTimestamp(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

// The copilot's settings are the one LLM configuration: same app_settings keys and secret as
// copilot/ai-settings.ts (ai.is_enabled, ai.base_url, ai.model, ai.timeout_ms; secret ai.api_key).
async function llmConfig(db: AppDb, secrets: SecretStore): Promise<LlmConfig | null> {
  if (readSetting(db, 'ai.is_enabled') !== 'true') return null;
  return {
    baseUrl: readSetting(db, 'ai.base_url') ?? DEFAULT_BASE_URL,
    model: readSetting(db, 'ai.model') ?? DEFAULT_MODEL,
    apiKey: await secrets.get(API_KEY_SECRET),
    timeoutMs: Number(readSetting(db, 'ai.timeout_ms') ?? DEFAULT_TIMEOUT_MS),
    maxRetries: 1,
  };
}

async function answerWithLlm(config: LlmConfig, question: string, citations: Citation[]): Promise<{ text: string; model: string }> {
  const passages = citations
    .map((c) => `[${c.index}] "${c.session_title}" at ${formatTimestamp(c.start_time_seconds)}, ${c.speaker}: ${c.text}`)
    .join('\n');
  const completion = await createLlmClient(config).complete([
    {
      role: 'system',
      content:
        "You answer questions about the user's past meetings using only the numbered transcript passages given. " +
        'Cite every claim with its passage number in square brackets, like [2]. If the passages do not answer the question, say so.',
    },
    { role: 'user', content: `Passages:\n${passages}\n\nQuestion: ${question}` },
  ]);
  const text = completion.text.trim();
  if (!text) throw new Error('empty completion');
  return { text, model: completion.model };
}

function answerExtractively(question: string, citations: Citation[]): string {
  const terms = new Set(queryTerms(question));
  const ranked = [...citations]
    .map((c) => ({ c, overlap: queryTerms(c.text).filter((t) => terms.has(t)).length }))
    .sort((a, b) => b.overlap - a.overlap || a.c.index - b.c.index)
    .slice(0, 3)
    .sort((a, b) => a.c.index - b.c.index);
  const lines = ranked.map(({ c }) => `- In "${c.session_title}" at ${formatTimestamp(c.start_time_seconds)}, ${c.speaker} said: "${c.text}" [${c.index}]`);
  return ['Here is what your meetings say about that:', ...lines].join('\n');
}
