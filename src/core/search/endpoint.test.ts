import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAiEmbedder } from '../embeddings/openai-embedder';
import { createTestCore, type TestCore } from '../testing/create-test-core';
import { writeSetting } from './search-settings';

// A local server speaking the OpenAI embeddings and chat completions API. Its "model" embeds
// by concept, 768 dims with the signal in the leading (Matryoshka) dimensions, so it relates
// words the local hashed embedder cannot (car ~ automobile ~ vehicle).
const CONCEPTS = [['car', 'automobile', 'vehicle', 'truck'], ['money', 'price', 'cost', 'budget', 'expensive'], ['happy', 'glad', 'pleased']];

interface Recorded {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

function embedByConcept(text: string): number[] {
  const vector = new Array<number>(768).fill(0);
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  CONCEPTS.forEach((group, i) => {
    if (words.some((w) => group.includes(w))) vector[i * 10] = 1;
  });
  for (const w of words) vector[40 + ((w.charCodeAt(0) * 31 + w.length) % 300)] = (vector[40 + ((w.charCodeAt(0) * 31 + w.length) % 300)] ?? 0) + 0.1;
  vector[500] = 3; // beyond 384: dropped by the reduction, so results show truncation happened
  return vector;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

describe('OpenAI-compatible endpoints (local server)', () => {
  let server: Server;
  let baseUrl: string;
  const requests: Recorded[] = [];
  let isFailing = false;
  let chatAnswer = 'The budget is capped at forty thousand dollars [1].';

  beforeAll(async () => {
    server = createServer((req, res) => {
      void (async () => {
        const body = await readBody(req);
        requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
        res.setHeader('content-type', 'application/json');
        if (isFailing) {
          res.statusCode = 400;
          res.end(JSON.stringify({ error: { message: 'model overloaded', type: 'invalid_request_error' } }));
          return;
        }
        if (req.url === '/v1/embeddings') {
          const input = Array.isArray(body['input']) ? (body['input'] as string[]) : [String(body['input'])];
          res.end(JSON.stringify({
            object: 'list',
            model: body['model'],
            data: input.map((text, index) => ({ object: 'embedding', index, embedding: embedByConcept(text) })).reverse(),
            usage: { prompt_tokens: 1, total_tokens: 1 },
          }));
          return;
        }
        if (req.url === '/v1/chat/completions') {
          if (body['stream'] === true) {
            res.setHeader('content-type', 'text/event-stream');
            for (const piece of chatAnswer.match(/.{1,12}/g) ?? []) {
              res.write(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: body['model'], choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`);
            }
            res.end('data: [DONE]\n\n');
            return;
          }
          res.end(JSON.stringify({
            id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: body['model'],
            choices: [{ index: 0, message: { role: 'assistant', content: chatAnswer }, finish_reason: 'stop' }],
          }));
          return;
        }
        res.statusCode = 404;
        res.end('{}');
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    requests.length = 0;
    isFailing = false;
  });

  async function waitForIndex(core: TestCore) {
    for (let i = 0; i < 300; i++) {
      const status = await core['search.status']({});
      if (!status.is_running && (status.pending === 0 || status.last_error)) return status;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('index never settled');
  }

  it('embeds in batches, restores input order, reduces to 384 dims and normalizes', async () => {
    const embedder = createOpenAiEmbedder({ baseUrl, model: 'concept-768', apiKey: 'sk-test', batchSize: 2 });
    const vectors = await embedder.embed(['a car', 'the price', 'glad']);
    expect(requests.map((r) => (r.body['input'] as string[]).length)).toEqual([2, 1]);
    expect(requests[0]?.authorization).toBe('Bearer sk-test');
    expect(vectors.map((v) => v.length)).toEqual([384, 384, 384]);
    for (const v of vectors) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    expect(vectors[0]?.[0]).toBeGreaterThan(0.9); // car concept survived; dim 500 was cut
    expect(vectors[1]?.[10]).toBeGreaterThan(0.9);
    isFailing = true;
    await expect(embedder.embed(['x'])).rejects.toMatchObject({ code: 'llm.unavailable' });
  });

  it('re-embeds the whole index through the endpoint and finds what the local embedder cannot', async () => {
    const core = createTestCore();
    const session = await core['sessions.create']({ title: 'Fleet review' });
    await core['transcripts.add']({ session_id: session.id, content: 'We should lease another truck for the depot', speaker: 'them', start_time_seconds: 12, end_time_seconds: 15 });
    await core['transcripts.add']({ session_id: session.id, content: 'The weather was lovely this weekend', speaker: 'me', start_time_seconds: 20, end_time_seconds: 22 });
    await waitForIndex(core);
    const local = await core['search.query']({ query: 'automobile' });
    expect(local.hits).toEqual([]);

    const status = await core['search.reindex']({ embedder: { provider: 'openai', base_url: baseUrl, model: 'concept-768', api_key: 'sk-embed' } });
    expect(status.embedder).toBe('hashed-v1');
    const done = await waitForIndex(core);
    expect(done).toMatchObject({ embedder: `openai:${baseUrl}#concept-768`, pending: 0, indexed: 2, last_error: null });
    expect(requests.every((r) => r.authorization === 'Bearer sk-embed')).toBe(true);
    expect(await core.internals.secrets.get('search.embeddingsApiKey')).toBe('sk-embed');

    const remote = await core['search.query']({ query: 'automobile' });
    expect(remote.is_keyword_only).toBe(false);
    expect(remote.hits[0]).toMatchObject({ start_time_seconds: 12, matched_by: ['vector'] });
    expect(remote.hits[0]?.snippet.text).toContain('truck');
    await core.close();
  });

  it('keeps rows queued when the endpoint fails, searches by keyword meanwhile, and recovers', async () => {
    const core = createTestCore();
    await core['search.reindex']({ embedder: { provider: 'openai', base_url: baseUrl, model: 'concept-768' } });
    await waitForIndex(core);
    isFailing = true;
    const session = await core['sessions.create']({ title: 'Budget' });
    await core['transcripts.add']({ session_id: session.id, content: 'The truck budget doubled', speaker: 'them', start_time_seconds: 0, end_time_seconds: 2 });
    const failed = await waitForIndex(core);
    expect(failed.last_error).toMatch(/did not answer/);
    expect(failed.pending).toBe(1);
    const keywordOnly = await core['search.query']({ query: 'truck budget' });
    expect(keywordOnly.is_keyword_only).toBe(true);
    expect(keywordOnly.hits[0]?.matched_by).toEqual(['keyword']);
    isFailing = false;
    await core['search.reindex']({});
    expect(await waitForIndex(core)).toMatchObject({ pending: 0, indexed: 1, last_error: null });
    await core.close();
  });

  async function seedMeetings(core: TestCore) {
    const call = await core['sessions.create']({ title: 'Acme pricing call', conversation_type: 'sales' });
    const lines = ['Thanks everyone for joining today', 'Our budget is capped at forty thousand dollars', 'We need the contract signed before March', 'Procurement will review the budget next week'];
    for (const [i, content] of lines.entries()) {
      await core['transcripts.add']({ session_id: call.id, content, speaker: i % 2 ? 'them' : 'me', start_time_seconds: 60 * i + 5, end_time_seconds: 60 * i + 9 });
    }
    return call;
  }

  it('answers extractively with citations (session and timestamp) when no LLM is configured', async () => {
    const core = createTestCore();
    const call = await seedMeetings(core);
    const result = await core['ask.query']({ question: 'How much is the budget capped at?' });
    expect(result.mode).toBe('extractive');
    expect(result.model_used).toBeNull();
    const first = result.citations[0];
    expect(first).toMatchObject({ index: 1, session_id: call.id, session_title: 'Acme pricing call', start_time_seconds: 65, speaker: 'them' });
    expect(first?.text).toBe('Our budget is capped at forty thousand dollars');
    expect(result.answer).toContain('"Acme pricing call" at 1:05');
    expect(result.answer).toContain('forty thousand dollars" [1]');
    expect(requests).toHaveLength(0);
    const nothing = await core['ask.query']({ question: 'zebra migration patterns' });
    expect(nothing).toMatchObject({ citations: [], mode: 'extractive' });
    await core.close();
  });

  it('answers through the configured LLM with the retrieved passages in the prompt, and falls back when it fails', async () => {
    const core = createTestCore();
    await seedMeetings(core);
    // The copilot's AI settings (copilot/ai-settings.ts) are the one LLM configuration.
    writeSetting(core.internals.db, 'ai.is_enabled', 'true', 1);
    writeSetting(core.internals.db, 'ai.base_url', baseUrl, 1);
    writeSetting(core.internals.db, 'ai.model', 'gpt-test', 1);
    await core.internals.secrets.set('ai.api_key', 'sk-chat');
    chatAnswer = 'The budget is capped at forty thousand dollars [1].';
    const result = await core['ask.query']({ question: 'How much is the budget capped at?' });
    expect(result).toMatchObject({ mode: 'llm', model_used: 'gpt-test', answer: chatAnswer });
    const chat = requests.find((r) => r.path === '/v1/chat/completions');
    expect(chat?.authorization).toBe('Bearer sk-chat');
    const prompt = JSON.stringify(chat?.body['messages']);
    expect(prompt).toContain('[1] \\"Acme pricing call\\" at 1:05, them: Our budget is capped at forty thousand dollars');
    expect(prompt).toContain('Question: How much is the budget capped at?');

    isFailing = true;
    const fallback = await core['ask.query']({ question: 'How much is the budget capped at?' });
    expect(fallback.mode).toBe('extractive');
    expect(fallback.citations[0]?.text).toContain('forty thousand');
    await core.close();
  });
});
