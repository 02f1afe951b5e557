import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../audio/testing/speech';
import { parseWavHeader } from '../audio/wav';
import { createTestCore } from '../testing/create-test-core';
import { TRANSCRIPTION_SETTING_KEYS, writeTranscriptionSetting } from './engine-settings';
import { createOpenAiTranscriber } from './openai-transcriber';

interface Received {
  authorization: string | undefined;
  model: string;
  wav: { sampleRate: number; channels: number; seconds: number };
}

/** A local server speaking OpenAI's POST /v1/audio/transcriptions (multipart in, JSON out). */
let server: Server;
let baseUrl: string;
let dir: string;
let speech: Int16Array;
const received: Received[] = [];
let failNext = 0;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lc-openai-'));
  speech = synthesize('Please send me the quarterly report.', 'slt', dir, 'speech');
  server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions') {
        res.writeHead(404).end();
        return;
      }
      const form = await new Request('http://local', { method: 'POST', headers: req.headers as Record<string, string>, body: await readBody(req) }).formData();
      const file = form.get('file');
      if (failNext > 0) {
        failNext--;
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'overloaded' } }));
        return;
      }
      if (!(file instanceof File)) {
        res.writeHead(400).end();
        return;
      }
      const bytes = Buffer.from(await file.arrayBuffer());
      const info = parseWavHeader(bytes, bytes.length);
      received.push({
        authorization: req.headers.authorization,
        model: String(form.get('model')),
        wav: { sampleRate: info.sampleRate, channels: info.channels, seconds: info.dataBytes / 2 / info.sampleRate },
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ text: ' Please send me the quarterly report. ' }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('OpenAI-compatible transcription endpoint', () => {
  it('posts each utterance as a 16 kHz WAV with the configured model and key', async () => {
    received.length = 0;
    const transcriber = createOpenAiTranscriber({ baseUrl, apiKey: 'sk-local', model: 'whisper-large-v3' });
    const utterance = transcriber.startUtterance();
    for (let at = 0; at < speech.length; at += 1600) utterance.accept(speech.subarray(at, at + 1600));
    expect(utterance.partial()).toBe('');
    expect(await utterance.finish()).toEqual({ text: 'Please send me the quarterly report.', confidence: null });
    expect(received).toEqual([
      { authorization: 'Bearer sk-local', model: 'whisper-large-v3', wav: { sampleRate: 16_000, channels: 1, seconds: speech.length / 16_000 } },
    ]);
  });

  it('reports a failing endpoint as transcriber.unavailable', async () => {
    failNext = 3;
    const transcriber = createOpenAiTranscriber({ baseUrl, apiKey: 'sk-local', model: 'whisper-1' });
    const utterance = transcriber.startUtterance();
    utterance.accept(speech);
    await expect(utterance.finish()).rejects.toMatchObject({ code: 'transcriber.unavailable', details: { status: 500 } });
    failNext = 0;
  });

  it('is chosen through app_settings and used by a live recording', async () => {
    received.length = 0;
    const core = createTestCore();
    try {
      writeTranscriptionSetting(core.internals.db, TRANSCRIPTION_SETTING_KEYS.engine, 'openai', 1);
      writeTranscriptionSetting(core.internals.db, TRANSCRIPTION_SETTING_KEYS.openaiBaseUrl, baseUrl, 1);
      writeTranscriptionSetting(core.internals.db, TRANSCRIPTION_SETTING_KEYS.openaiModel, 'whisper-1', 1);
      const session = await core['sessions.create']({ title: 'Cloud engine' });
      await expect(core['recording.start']({ session_id: session.id, sources: ['system'] })).rejects.toMatchObject({ code: 'transcriber.unavailable' });
      await core.internals.secrets.set(TRANSCRIPTION_SETTING_KEYS.openaiApiKeySecret, 'sk-from-keychain');
      await core['recording.start']({ session_id: session.id, sources: ['system'] });
      const padded = new Int16Array(speech.length + 16_000 * 2);
      padded.set(speech, 8000);
      for (let at = 0; at < padded.length; at += 1600) core.core.pushAudio('system', padded.subarray(at, at + 1600));
      await core['recording.stop']({ end_session: true });
      const rows = await core['transcripts.list']({ session_id: session.id });
      expect(rows.map((r) => [r.speaker, r.content])).toEqual([['them', 'Please send me the quarterly report.']]);
      expect(received.map((r) => [r.authorization, r.model])).toEqual([['Bearer sk-from-keychain', 'whisper-1']]);
    } finally {
      await core.close();
    }
  });
});
