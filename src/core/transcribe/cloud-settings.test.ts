import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../db/sql';
import { createFileSecretStore } from '../hosts/web/file-secret-store';
import { startFakeTranscriptionServer, type FakeTranscriptionServer } from '../testing/fake-transcription-server';
import { createTestCore, type TestCore } from '../testing/create-test-core';
import { createCloudSettingsHandlers } from './cloud-settings';
import { createConfiguredTranscriberFactory, TRANSCRIPTION_SETTING_KEYS } from './engine-settings';

let endpoint: FakeTranscriptionServer;
let core: TestCore;

beforeAll(async () => {
  endpoint = await startFakeTranscriptionServer({ apiKey: 'sk-right-key', models: ['whisper-large-v3'], text: ' hello ' });
});
afterAll(async () => {
  await endpoint.close();
});
beforeEach(() => {
  core = createTestCore();
  endpoint.requests.length = 0;
});
afterEach(async () => {
  await core.close();
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((done) => probe.close(done));
  return port;
}

describe('cloud transcription settings', () => {
  it('starts at OpenAI with no key, and the cloud engine explains why it cannot be chosen', async () => {
    expect(await core['engines.getCloud']({})).toEqual({ base_url: 'https://api.openai.com/v1', model: 'whisper-1', has_key: false });
    const openai = (await core['engines.list']({})).engines.find((e) => e.id === 'openai');
    expect(openai).toMatchObject({ available: false, reason: 'No API key is set for the transcription endpoint' });
    await expect(core['engines.select']({ engine: 'openai' })).rejects.toMatchObject({ code: 'transcriber.unavailable' });
  });

  it('saves URL and model in app_settings and the key only in the SecretStore; an empty key removes it', async () => {
    const saved = await core['engines.setCloud']({ base_url: `${endpoint.baseUrl}/`, model: 'whisper-large-v3', api_key: '  sk-right-key  ' });
    expect(saved).toEqual({ base_url: endpoint.baseUrl, model: 'whisper-large-v3', has_key: true });
    expect(JSON.stringify(saved)).not.toContain('sk-right-key');
    expect(await core.internals.secrets.get(TRANSCRIPTION_SETTING_KEYS.openaiApiKeySecret)).toBe('sk-right-key');
    const rows = core.internals.db.all<{ key: string; value: string }>(sql`SELECT key, value FROM app_settings`);
    expect(rows.some((r) => r.value.includes('sk-right-key'))).toBe(false);

    // Now the cloud engine can be chosen, and the recorder's factory uses exactly these settings.
    await core['engines.select']({ engine: 'openai' });
    expect((await core['engines.list']({})).selected_engine).toBe('openai');
    const transcriber = await createConfiguredTranscriberFactory({ db: core.internals.db, secrets: core.internals.secrets, dataDir: '/nonexistent' })();
    const utterance = transcriber.startUtterance();
    utterance.accept(new Int16Array(8000).fill(1000));
    expect((await utterance.finish()).text).toBe('hello');
    expect(endpoint.requests).toEqual([{ authorization: 'Bearer sk-right-key', model: 'whisper-large-v3', seconds: 0.5, status: 200 }]);

    // A partial update keeps the rest; '' removes the key and the engine becomes unavailable again.
    expect(await core['engines.setCloud']({ model: 'whisper-1' })).toEqual({ base_url: endpoint.baseUrl, model: 'whisper-1', has_key: true });
    expect((await core['engines.setCloud']({ api_key: '' })).has_key).toBe(false);
    expect(await core.internals.secrets.get(TRANSCRIPTION_SETTING_KEYS.openaiApiKeySecret)).toBeNull();
    expect((await core['engines.list']({})).engines.find((e) => e.id === 'openai')?.available).toBe(false);
  });

  it('refuses plain http to another computer, bad URLs and oversized fields, changing nothing', async () => {
    await core['engines.setCloud']({ base_url: 'https://api.groq.com/openai/v1', model: 'whisper-large-v3-turbo' });
    for (const input of [
      { base_url: 'http://transcribe.example.com/v1' },
      { base_url: 'http://127.0.0.1.example.com/v1' },
      { base_url: 'not a url' },
      { base_url: `https://example.com/${'a'.repeat(600)}` },
      { model: '' },
      { model: 'm'.repeat(201) },
      { api_key: 'k'.repeat(501) },
    ]) {
      await expect(core['engines.setCloud'](input)).rejects.toMatchObject({ code: 'validation.invalid_input' });
    }
    expect(await core['engines.getCloud']({})).toEqual({ base_url: 'https://api.groq.com/openai/v1', model: 'whisper-large-v3-turbo', has_key: false });
    // Loopback http is a local server, which is allowed.
    expect((await core['engines.setCloud']({ base_url: 'http://localhost:8000/v1' })).base_url).toBe('http://localhost:8000/v1');
  });

  it('tests the endpoint with a short WAV and explains 401, 404, offline and a missing key', async () => {
    expect(await core['engines.testCloud']({ base_url: endpoint.baseUrl, model: 'whisper-large-v3' })).toEqual({
      ok: false,
      status: null,
      message: 'Enter an API key first: the endpoint needs one.',
    });
    expect(endpoint.requests).toEqual([]);

    const passed = await core['engines.testCloud']({ base_url: endpoint.baseUrl, model: 'whisper-large-v3', api_key: 'sk-right-key' });
    expect(passed).toMatchObject({ ok: true, status: 200 });
    expect(passed.message).toContain('whisper-large-v3');
    expect(endpoint.requests).toEqual([{ authorization: 'Bearer sk-right-key', model: 'whisper-large-v3', seconds: 0.5, status: 200 }]);
    // Testing does not save anything.
    expect(await core['engines.getCloud']({})).toEqual({ base_url: 'https://api.openai.com/v1', model: 'whisper-1', has_key: false });

    const refused = await core['engines.testCloud']({ base_url: endpoint.baseUrl, model: 'whisper-large-v3', api_key: 'sk-wrong-key' });
    expect(refused).toMatchObject({ ok: false, status: 401 });
    expect(refused.message).toContain('refused the API key (401)');
    expect(refused.message).toContain('Incorrect API key provided');

    // Stored settings are used for what the input leaves out.
    await core['engines.setCloud']({ base_url: endpoint.baseUrl, model: 'whisper-9', api_key: 'sk-right-key' });
    const missing = await core['engines.testCloud']({});
    expect(missing).toMatchObject({ ok: false, status: 404 });
    expect(missing.message).toContain('“whisper-9”');
    expect(missing.message).toContain('does not exist');

    const offline = await core['engines.testCloud']({ base_url: `http://127.0.0.1:${String(await closedPort())}/v1` });
    expect(offline).toEqual({ ok: false, status: null, message: 'Cannot reach the endpoint: you may be offline, or the base URL is wrong.' });
  });

  it('keeps the key in the encrypted file store of web mode, not in clear text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-cloud-'));
    try {
      const handlers = createCloudSettingsHandlers({ db: core.internals.db, secrets: createFileSecretStore(dir), now: () => 1 });
      expect((await handlers['engines.setCloud']({ api_key: 'sk-file-key' })).has_key).toBe(true);
      expect(readFileSync(join(dir, 'secrets.enc')).includes('sk-file-key')).toBe(false);
      const reopened = createCloudSettingsHandlers({ db: core.internals.db, secrets: createFileSecretStore(dir), now: () => 2 });
      expect((await reopened['engines.getCloud']({})).has_key).toBe(true);
      expect(await createFileSecretStore(dir).get(TRANSCRIPTION_SETTING_KEYS.openaiApiKeySecret)).toBe('sk-file-key');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
