import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../shared/ipc/contracts/engines';
import { createTestCore, type TestCore } from '../testing/create-test-core';
import { readTranscriptionSettings } from './engine-settings';
import { DEFAULT_SHERPA_MODEL_ID, SHERPA_MODELS } from './sherpa-onnx';

const ROLES = ['encoder', 'decoder', 'joiner', 'tokens'] as const;
const FILES = Object.fromEntries(ROLES.map((r) => [r, randomBytes(120_000)])) as Record<(typeof ROLES)[number], Buffer>;
const TOTAL = ROLES.reduce((sum, r) => sum + FILES[r].length, 0);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let server: Server;
let base: string;

beforeAll(async () => {
  // A model host: /fast/<role> answers at once, /slow/<role> trickles 8 KB every 40 ms.
  server = createServer((req, res) => {
    const [, speed, role] = (req.url ?? '').split('/');
    const body = FILES[role as (typeof ROLES)[number]];
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': body.length });
    if (speed === 'fast') return void res.end(body);
    let at = 0;
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      res.write(body.subarray(at, at + 8192));
      at += 8192;
      if (at >= body.length) {
        clearInterval(timer);
        res.end();
      }
    }, 40);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

function writeCatalog(dataDir: string, models: { id: string; prefix: string }[]): void {
  mkdirSync(join(dataDir, 'models'), { recursive: true });
  const entries = models.map(({ id, prefix }) => ({
    id,
    label: `Model ${id}`,
    size_bytes: TOTAL,
    files: Object.fromEntries(ROLES.map((r) => [r, { url: `${prefix}/${r}`, sha256: sha(FILES[r]) }])),
  }));
  writeFileSync(join(dataDir, 'models', 'catalog.json'), JSON.stringify({ models: entries }));
}

describe('engines and models', () => {
  let dataDir: string;
  let core: TestCore;
  let events: ModelInfo[];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'lc-engines-'));
    core = createTestCore({ dataDir });
    events = [];
    core.subscribe((event, payload) => {
      if (event === 'models.downloadProgressed') events.push(payload as ModelInfo);
    });
  });
  afterEach(async () => {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function settled(id: string): Promise<ModelInfo> {
    for (;;) {
      const last = events.filter((e) => e.id === id).at(-1);
      if (last && last.status !== 'downloading') return last;
      await new Promise((done) => setTimeout(done, 20));
    }
  }

  it('lists local PocketSphinx first and selected, and the built-in model when there is no catalog file', async () => {
    const state = await core['engines.list']({});
    expect(state.engines[0]).toMatchObject({ id: 'pocketsphinx', local: true, available: true });
    expect(state.selected_engine).toBe('pocketsphinx');
    expect(state.models).toEqual([
      { id: DEFAULT_SHERPA_MODEL_ID, label: 'English streaming Zipformer (int8, 2023-06-26)', size_bytes: 72_674_050, status: 'not_downloaded', received_bytes: 0, error: null },
    ]);
    const cloud = state.engines.find((e) => e.id === 'openai');
    expect(cloud).toMatchObject({ local: false, available: false });
    await expect(core['engines.select']({ engine: 'openai' })).rejects.toMatchObject({ code: 'transcriber.unavailable' });
  });

  it('downloads a catalog model with progress, then it can be chosen', async () => {
    writeCatalog(dataDir, [{ id: 'tiny-en', prefix: `${base}/fast` }]);
    const before = await core['engines.list']({});
    expect(before.models).toEqual([{ id: 'tiny-en', label: 'Model tiny-en', size_bytes: TOTAL, status: 'not_downloaded', received_bytes: 0, error: null }]);
    // Choosing a model that is not downloaded is refused and changes nothing.
    await expect(core['engines.select']({ engine: 'sherpa-onnx', model_id: 'tiny-en' })).rejects.toMatchObject({ code: 'transcriber.unavailable' });
    expect(readTranscriptionSettings(core.internals.db).engine).toBe('pocketsphinx');

    expect((await core['models.download']({ model_id: 'tiny-en' })).status).toBe('downloading');
    const done = await settled('tiny-en');
    expect(done).toMatchObject({ status: 'ready', received_bytes: TOTAL, error: null });
    expect(events[0]?.status).toBe('downloading');

    const after = await core['engines.select']({ engine: 'sherpa-onnx', model_id: 'tiny-en' });
    expect(after).toMatchObject({ selected_engine: 'sherpa-onnx', selected_model: 'tiny-en' });
    expect(readTranscriptionSettings(core.internals.db)).toMatchObject({ engine: 'sherpa-onnx', sherpaModel: 'tiny-en' });
    await core['engines.select']({ engine: 'pocketsphinx' });
    expect(readTranscriptionSettings(core.internals.db).engine).toBe('pocketsphinx');
  });

  it('cancels a running download, keeps the bytes for a resume, and reports no failure', async () => {
    writeCatalog(dataDir, [{ id: 'slow-en', prefix: `${base}/slow` }]);
    await core['models.download']({ model_id: 'slow-en' });
    for (;;) {
      const info = (await core['engines.list']({})).models[0];
      if ((info?.received_bytes ?? 0) > 16_000) break;
      await new Promise((done) => setTimeout(done, 20));
    }
    const cancelled = await core["models.cancel"]({ model_id: "slow-en" });
    expect(cancelled.status).toBe('not_downloaded');
    expect(cancelled.error).toBeNull();
    expect(cancelled.received_bytes).toBeGreaterThan(0);
    expect(cancelled.received_bytes).toBeLessThan(TOTAL);
    expect(events.at(-1)).toMatchObject({ status: 'not_downloaded' });
  });

  it('says clearly when the model host cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    writeCatalog(dataDir, [{ id: 'offline-en', prefix: `http://127.0.0.1:${port}` }]);
    await core['models.download']({ model_id: 'offline-en' });
    const failed = await settled('offline-en');
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'model.download_failed', offline: true });
    expect(failed.error?.message).toMatch(/network/);
    expect((await core['engines.list']({})).models[0]?.status).toBe('failed');
  });

  it('pins every built-in model file to one revision, with a SHA-256 wherever one is published', () => {
    // (SHERPA_MODELS also gains the catalog models of earlier tests; the built-in one is checked.)
    const manifest = SHERPA_MODELS[DEFAULT_SHERPA_MODEL_ID];
    expect(manifest).toBeDefined();
    for (const [role, file] of Object.entries(manifest?.files ?? {})) {
      expect(file.url).toMatch(/^https:\/\/[^/]+\/.+\/resolve\/[0-9a-f]{40}\//);
      expect(file.approxBytes).toBeGreaterThan(0);
      // tokens.txt has no published checksum (see SHERPA_MODELS); every other file must have one.
      if (role === 'tokens') expect(file.sha256).toBeNull();
      else expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('an empty catalog file replaces the built-in list', async () => {
    mkdirSync(join(dataDir, 'models'), { recursive: true });
    writeFileSync(join(dataDir, 'models', 'catalog.json'), JSON.stringify({ models: [] }));
    expect((await core['engines.list']({})).models).toEqual([]);
  });

  it('rejects a broken catalog and unknown models with clear errors', async () => {
    await expect(core['models.download']({ model_id: 'nope' })).rejects.toMatchObject({ code: 'validation.invalid_input' });
    mkdirSync(join(dataDir, 'models'), { recursive: true });
    writeFileSync(join(dataDir, 'models', 'catalog.json'), '{"models": [{"id": "../x"}]}');
    await expect(core['engines.list']({})).rejects.toMatchObject({ code: 'validation.invalid_input' });
  });
});
