import OpenAI from 'openai';
import type { IpcOutput } from '../../shared/ipc/contract';
import { toError } from '../../shared/errors';
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
 * citing each passage as [n] with its session and timestamp. Uses the configured LLM endpoint
 * (app_settings `ai.baseUrl` / `ai.model`, secret `ai.apiKey`); without one, or when it fails,
 * answers extractively by quoting the best-matching passages.
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
  const baseUrl = readSetting(db, 'ai.baseUrl');
  const model = readSetting(db, 'ai.model');
  if (baseUrl && model) {
    try {
      const answer = await answerWithLlm({ baseUrl, model, apiKey: await secrets.get('ai.apiKey') }, input.question, citations);
      return { answer, mode: 'llm', model_used: model, citations };
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

async function answerWithLlm(endpoint: { baseUrl: string; model: string; apiKey: string | null }, question: string, citations: Citation[]): Promise<string> {
  const client = new OpenAI({ baseURL: endpoint.baseUrl, apiKey: endpoint.apiKey ?? 'no-key', timeout: 60_000, maxRetries: 2 });
  const passages = citations
    .map((c) => `[${c.index}] "${c.session_title}" at ${formatTimestamp(c.start_time_seconds)}, ${c.speaker}: ${c.text}`)
    .join('\n');
  const completion = await client.chat.completions.create({
    model: endpoint.model,
    temperature: 0.2,
    messages: [
      {
        role: 'system',
        content:
          'You answer questions about the user\'s past meetings using only the numbered transcript passages given. ' +
          'Cite every claim with its passage number in square brackets, like [2]. If the passages do not answer the question, say so.',
      },
      { role: 'user', content: `Passages:\n${passages}\n\nQuestion: ${question}` },
    ],
  });
  const answer = completion.choices[0]?.message.content?.trim();
  if (!answer) throw new Error('empty completion');
  return answer;
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
