import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestCore, type TestCore } from '../../testing/create-test-core';
import { createLlmClient } from './llm-client';
import { CHUNK_CHARS } from './llm-engine';
import { startOpenAiTestServer, type OpenAiTestServer } from './testing/openai-server';

const CONTEXT = 'Pricing notes: the Team plan costs $24 per user per month, and annual prepayment earns a 15% discount.';
const GOOD_SUMMARY = {
  title: 'Pricing call with Acme',
  tldr: 'Acme asked about pricing; we agreed to send a proposal.',
  structured_notes: '## Pricing\n- Team plan at $24',
  key_decisions: ['Send a proposal with annual prepayment'],
  action_items: [{ text: 'Send the proposal', owner: 'me', due: 'Friday' }],
  follow_up_questions: ['Does Acme need SSO?'],
  conversation_highlights: ['Acme has 40 reps'],
};
/** Splits a string into a few stream deltas, as a real model would send it. */
const streamed = (text: string) => text.match(/.{1,40}/gs) ?? [];

describe('LLM client against a local OpenAI-compatible server', () => {
  let server: OpenAiTestServer;
  beforeEach(async () => {
    server = await startOpenAiTestServer();
  });
  afterEach(async () => server.close());

  it('streams a completion and reports the serving model', async () => {
    server.script({ deltas: ['Hel', 'lo ', 'there'], model: 'vendor/model-x' });
    const deltas: string[] = [];
    const llm = createLlmClient({ baseUrl: server.baseUrl, model: 'model-x', apiKey: 'sk-test', timeoutMs: 5_000 });
    const result = await llm.complete([{ role: 'user', content: 'hi' }], { onDelta: (d) => deltas.push(d) });
    expect(result).toEqual({ text: 'Hello there', model: 'vendor/model-x' });
    expect(deltas).toEqual(['Hel', 'lo ', 'there']);
    expect(server.requests[0]?.body.stream).toBe(true);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-test');
  });

  it('retries a 429 and a timed-out request with backoff, then succeeds', async () => {
    // Generous margins: the machine is shared, and a healthy reply must never look like a timeout.
    server.script({ status: 429, headers: { 'retry-after-ms': '20' } }, { delayMs: 5_000, deltas: ['late'] }, { deltas: ['ok'] });
    const llm = createLlmClient({ baseUrl: server.baseUrl, model: 'm', apiKey: null, timeoutMs: 1_000, maxRetries: 3 });
    expect((await llm.complete([{ role: 'user', content: 'x' }])).text).toBe('ok');
    expect(server.requests).toHaveLength(3);
  });

  it('gives up with llm.timeout or llm.unavailable after the retries', async () => {
    server.script({ status: 503 }, { status: 503 });
    const llm = createLlmClient({ baseUrl: server.baseUrl, model: 'm', apiKey: null, timeoutMs: 2_000, maxRetries: 1 });
    await expect(llm.complete([{ role: 'user', content: 'x' }])).rejects.toMatchObject({ code: 'llm.unavailable', details: { status: 503 } });
    server.script({ delayMs: 1_000 }, { delayMs: 1_000 });
    const slow = createLlmClient({ baseUrl: server.baseUrl, model: 'm', apiKey: null, timeoutMs: 150, maxRetries: 1 });
    await expect(slow.complete([{ role: 'user', content: 'x' }])).rejects.toMatchObject({ code: 'llm.timeout' });
  });

  it('cancels a stream with an AbortSignal', async () => {
    server.script({ deltas: Array.from({ length: 50 }, () => 'word '), deltaIntervalMs: 20 });
    const controller = new AbortController();
    const llm = createLlmClient({ baseUrl: server.baseUrl, model: 'm', apiKey: null, timeoutMs: 5_000 });
    const pending = llm.complete([{ role: 'user', content: 'x' }], { signal: controller.signal, onDelta: () => controller.abort() });
    await expect(pending).rejects.toMatchObject({ code: 'llm.cancelled' });
  });

  it('validates JSON with zod, repairs once, then fails clearly', async () => {
    const schema = z.object({ answer: z.number() });
    const llm = createLlmClient({ baseUrl: server.baseUrl, model: 'm', apiKey: null, timeoutMs: 5_000 });
    server.script({ deltas: ['Sure! ```json\n{"answer": 42}\n```'] });
    expect((await llm.completeJson(schema, [{ role: 'user', content: 'q' }])).value).toEqual({ answer: 42 });
    server.script({ deltas: ['{"answer": "forty-two"'] }, { deltas: ['{"answer": 42}'] });
    expect((await llm.completeJson(schema, [{ role: 'user', content: 'q' }])).value).toEqual({ answer: 42 });
    expect(server.requests.at(-1)?.body.messages.at(-1)?.content).toContain('not valid JSON');
    server.script({ deltas: ['nope'] }, { deltas: ['still nope'] });
    await expect(llm.completeJson(schema, [{ role: 'user', content: 'q' }])).rejects.toMatchObject({ code: 'llm.invalid_output' });
  });
});

describe('LLM engine through the core', () => {
  let server: OpenAiTestServer;
  let core: TestCore;
  beforeEach(async () => {
    server = await startOpenAiTestServer();
    core = createTestCore();
  });
  const enableLlm = () => core['ai.setSettings']({ is_enabled: true, base_url: server.baseUrl, model: 'test/model', api_key: 'sk-local', timeout_ms: 5_000 });
  afterEach(async () => {
    await core.close();
    await server.close();
  });

  async function sessionWithTranscript(lines: number) {
    const session = await core['sessions.create']({ title: 'Acme pricing', context_text: CONTEXT });
    for (let i = 0; i < lines; i++) {
      await core['transcripts.add']({
        session_id: session.id,
        speaker: i % 2 === 0 ? 'them' : 'me',
        is_owner: i % 2 === 1,
        content: i % 2 === 0 ? `What would the team plan pricing be for forty users, question ${i}?` : `The team plan pricing is per user per month, answer ${i}.`,
        start_time_seconds: i * 5,
        end_time_seconds: i * 5 + 4,
      });
    }
    await core.internals.copilotIdle();
    // Enabled after the transcript so the live answer cards stay offline and only the summary calls the server.
    await enableLlm();
    return session;
  }

  it('writes an LLM summary grounded in the retrieved context and records model_used', async () => {
    const session = await sessionWithTranscript(6);
    server.script({ deltas: streamed(JSON.stringify(GOOD_SUMMARY)), model: 'test/model-2025-01' });
    const summary = await core['summaries.generate']({ session_id: session.id });
    expect(summary).toMatchObject({ generation_status: 'completed', model_used: 'test/model-2025-01', title: 'Pricing call with Acme' });
    expect(summary.action_items).toEqual([{ text: 'Send the proposal', owner: 'me', due: 'Friday' }]);
    const request = server.requests[0]!;
    expect(request.headers.authorization).toBe('Bearer sk-local');
    expect(request.body.model).toBe('test/model');
    expect(request.body.messages[0]?.content).toContain('annual prepayment earns a 15% discount');
    expect(request.body.messages[1]?.content).toContain('forty users');
    expect((await core['actionItems.list']({ session_id: session.id })).map((a) => a.title)).toEqual(['Send the proposal']);
  });

  it('repairs malformed JSON once', async () => {
    const session = await sessionWithTranscript(4);
    server.script({ deltas: ['{"title": "Pricing", "tldr": '] }, { deltas: streamed(JSON.stringify(GOOD_SUMMARY)) });
    const summary = await core['summaries.generate']({ session_id: session.id });
    expect(summary.generation_status).toBe('completed');
    expect(server.requests).toHaveLength(2);
  });

  it('records the failure in generation_status and falls back to the offline engine', async () => {
    const session = await sessionWithTranscript(4);
    server.script({ deltas: ['not json'] }, { deltas: ['{"title": 3}'] });
    const summary = await core['summaries.generate']({ session_id: session.id });
    expect(summary).toMatchObject({ generation_status: 'completed', model_used: 'offline:wink-nlp' });
    const failed = core.internals.db.all<{ generation_status: string; generation_error: string; model_used: string }>([
      "SELECT generation_status, generation_error, model_used FROM summaries WHERE session_id = ? AND generation_status = 'failed'",
      [session.id],
    ]);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.generation_error).toContain('llm.invalid_output');
    expect(failed[0]?.model_used).toBe('test/model');
  });

  it('falls back when the endpoint is down, after retrying the 429s', async () => {
    const session = await sessionWithTranscript(4);
    server.script(...Array.from({ length: 4 }, () => ({ status: 429, headers: { 'retry-after-ms': '5' } })));
    const summary = await core['summaries.generate']({ session_id: session.id });
    expect(summary.model_used).toBe('offline:wink-nlp');
    expect(server.requests).toHaveLength(4);
  });

  it('chunks a long transcript and merges the parts in a final request', async () => {
    const session = await sessionWithTranscript(400);
    const chunkNotes = JSON.stringify({ key_points: ['pricing'], decisions: [], action_items: [], open_questions: [], highlights: [] });
    const totalChars = (await core['transcripts.list']({ session_id: session.id })).reduce((n, t) => n + t.content.length + 20, 0);
    const expectedChunks = Math.ceil(totalChars / CHUNK_CHARS);
    expect(expectedChunks).toBeGreaterThan(1);
    // Each part request gets its notes; the merge request gets the summary.
    server.respondWith((body) => (body.messages[1]?.content.startsWith('This is part') ? { deltas: [chunkNotes] } : { deltas: streamed(JSON.stringify(GOOD_SUMMARY)) }));
    const summary = await core['summaries.generate']({ session_id: session.id });
    expect(summary.generation_status).toBe('completed');
    const chunkRequests = server.requests.filter((r) => r.body.messages[1]?.content.startsWith('This is part'));
    expect(chunkRequests.length).toBeGreaterThanOrEqual(expectedChunks);
    expect(chunkRequests.at(-1)?.body.messages[1]?.content).toContain('answer 399');
    const merge = server.requests.at(-1)!;
    expect(merge.body.messages[1]?.content).toContain(`Part ${chunkRequests.length}:`);
  });

  it('suggests live answers with the LLM from retrieved context, and falls back to the passage when it fails', async () => {
    await enableLlm();
    const session = await core['sessions.create']({ title: 'Acme pricing', context_text: CONTEXT });
    server.script({ deltas: ['Say $24 per user per month, ', 'with 15% off for annual prepayment.'], model: 'test/model-live' });
    await core['transcripts.add']({ session_id: session.id, speaker: 'them', content: 'Is there a discount for annual prepayment?', start_time_seconds: 0, end_time_seconds: 3 });
    await core.internals.copilotIdle();
    const [card] = await core['guidance.list']({ session_id: session.id });
    expect(card).toMatchObject({ guidance_type: 'answer', model_used: 'test/model-live' });
    expect(card?.content).toBe('They asked: “Is there a discount for annual prepayment?” Suggested answer: Say $24 per user per month, with 15% off for annual prepayment.');
    expect(server.requests[0]?.body.messages[0]?.content).toContain('annual prepayment earns a 15% discount');

    server.script({ status: 500 }, { status: 500 });
    await core['transcripts.add']({ session_id: session.id, speaker: 'them', content: 'How much does the team plan cost per user?', start_time_seconds: 5, end_time_seconds: 8 });
    await core.internals.copilotIdle();
    const second = (await core['guidance.list']({ session_id: session.id }))[1];
    expect(second).toMatchObject({ guidance_type: 'answer', model_used: 'offline:wink-nlp' });
    expect(second?.content).toContain('$24 per user per month');
  });

  it('writes a custom report with the LLM', async () => {
    const session = await sessionWithTranscript(4);
    server.script({ deltas: streamed(JSON.stringify(GOOD_SUMMARY)) }, { deltas: ['# Follow-up\n\nHi Acme, ', 'thanks for the call.'] });
    const report = await core['reports.generate']({ session_id: session.id, template: 'follow_up_email' });
    expect(report).toMatchObject({ generation_status: 'completed', generated_content: '# Follow-up\n\nHi Acme, thanks for the call.' });
    expect(server.requests[1]?.body.messages[1]?.content).toContain('follow-up email');
  });
});
