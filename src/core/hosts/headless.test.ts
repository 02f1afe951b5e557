import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CoreApi } from '../create-core';
import { createTestCore, type TestCore } from '../testing/create-test-core';
import { startHeadlessHost, type HeadlessHost } from './headless';
import { encodeAudioFrame } from './web/audio-frame';
import { MAX_TEXT_MESSAGE_BYTES } from './web/socket';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(host: HeadlessHost, origin = host.url.replace(/\/$/, '')): Promise<WebSocket> {
  const socket = new WebSocket(`${host.url.replace('http', 'ws')}ws`, { origin });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket, predicate: (message: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const handle = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      if (predicate(message)) {
        socket.off('message', handle);
        resolve(message);
      }
    };
    socket.on('message', handle);
  });
}

async function call(socket: WebSocket, id: number, channel: string, input: unknown): Promise<Record<string, unknown>> {
  const reply = nextMessage(socket, (m) => m['id'] === id);
  socket.send(JSON.stringify({ id, channel, input }));
  return (await reply)['result'] as Record<string, unknown>;
}

describe('headless host', () => {
  let test: TestCore;
  let rendererDir: string;
  let host: HeadlessHost | undefined;
  const frames: { channel: string; samples: number[] }[] = [];

  beforeEach(() => {
    test = createTestCore();
    rendererDir = mkdtempSync(join(tmpdir(), 'lc-renderer-'));
    frames.length = 0;
  });
  afterEach(async () => {
    await host?.close();
    host = undefined;
    await test.close();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  function withBuild(): void {
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>LiveConvo</title>');
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export {};');
  }

  async function start(core: CoreApi = test.core): Promise<HeadlessHost> {
    host = await startHeadlessHost({ core, port: 0, rendererDir });
    return host;
  }

  it('binds 127.0.0.1 and serves the renderer with a strict CSP', async () => {
    withBuild();
    const { port, url } = await start();
    expect(url).toBe(`http://127.0.0.1:${port}/`);
    const index = await get(port, '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>LiveConvo</title>');
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const asset = await get(port, '/assets/app.js');
    expect(asset.headers['content-type']).toContain('text/javascript');
    // Client-side routes fall back to index.html; traversal and missing files do not.
    expect((await get(port, '/session/abc')).body).toContain('<title>LiveConvo</title>');
    const secretName = `${rendererDir.split('/').pop() ?? ''}-secret.txt`;
    writeFileSync(join(rendererDir, '..', secretName), 'top secret');
    try {
      expect((await get(port, `/%2e%2e/${secretName}`)).status).toBe(404);
      expect((await get(port, `/..%2f${secretName}`)).status).toBe(404);
      expect((await get(port, '/%2e%2e/%2e%2e/etc/passwd')).body).not.toContain('root:');
    } finally {
      rmSync(join(rendererDir, '..', secretName));
    }
    expect((await get(port, '/missing.js')).status).toBe(404);
  });

  it('explains a missing renderer build instead of failing silently', async () => {
    const { port } = await start();
    const page = await get(port, '/');
    expect(page.status).toBe(503);
    expect(page.body).toContain('npm run build:web');
  });

  it('refuses requests for foreign Host names (DNS rebinding)', async () => {
    withBuild();
    const { port } = await start();
    expect((await get(port, '/', { Host: `evil.example:${port}` })).status).toBe(421);
    expect((await get(port, '/', { Host: `localhost:${port}` })).status).toBe(200);
  });

  it('answers requests with the IPC result envelope and pushes events', async () => {
    const socket = await connect(await start());
    const created = await call(socket, 1, 'sessions.create', { title: 'Weekly sync' });
    expect(created['ok']).toBe(true);
    const session = created['value'] as { id: string; title: string };
    expect(session.title).toBe('Weekly sync');

    const pushed = nextMessage(socket, (m) => m['event'] === 'transcript.segmentAdded');
    await call(socket, 2, 'transcripts.add', { session_id: session.id, content: 'Hello there', speaker: 'Them', start_time_seconds: 1, end_time_seconds: 2 });
    const event = await pushed;
    expect((event['payload'] as { text: string }).text).toBe('Hello there');

    const listed = await call(socket, 3, 'sessions.list', {});
    expect((listed['value'] as { id: string }[]).map((s) => s.id)).toEqual([session.id]);
    socket.close();
  });

  it('returns typed errors for unknown channels, bad input and malformed messages, changing nothing', async () => {
    const socket = await connect(await start());
    const unknown = await call(socket, 1, 'fs.readFile', { path: '/etc/passwd' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'ipc.unknown_channel' } });
    const invalid = await call(socket, 2, 'sessions.create', { title: 42 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'validation.invalid_input' } });
    const tooLong = await call(socket, 3, 'sessions.create', { title: 'x'.repeat(10_000) });
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'validation.invalid_input' } });

    const malformed = nextMessage(socket, (m) => m['id'] === null);
    socket.send('{not json');
    expect(await malformed).toMatchObject({ result: { ok: false, error: { code: 'validation.invalid_input' } } });
    expect(await test['sessions.list']({})).toEqual([]);
    socket.close();
  });

  it('refuses WebSocket upgrades from another origin', async () => {
    const started = await start();
    await expect(connect(started, 'http://evil.example')).rejects.toThrow(/403/);
    await expect(connect(started, `http://localhost:${started.port + 1}`)).rejects.toThrow(/403/);
  });

  it('closes a connection that sends an oversized message', async () => {
    const socket = await connect(await start());
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('x'.repeat(MAX_TEXT_MESSAGE_BYTES + 1));
    expect(await closed).toBe(1009);
  });

  it('accepts a document upload larger than a normal request, as the contract allows', async () => {
    const socket = await connect(await start());
    const created = await call(socket, 1, 'sessions.create', { title: 'With a brief' });
    const sessionId = (created['value'] as { id: string }).id;
    // 3 MB of text: over the normal request limit, under the upload limit.
    const text = 'Pricing notes for the pilot. '.repeat(110_000);
    const upload = await call(socket, 2, 'documents.upload', { session_id: sessionId, filename: 'brief.txt', bytes: Buffer.from(text).toString('base64') });
    expect(upload).toMatchObject({ ok: true, value: { original_filename: 'brief.txt' } });
    const tooBig = await call(socket, 3, 'sessions.update', { id: sessionId, patch: { title: 'x'.repeat(1_100_000) } });
    expect(tooBig).toMatchObject({ ok: false, error: { code: 'validation.too_large' } });
    socket.close();
  });

  it('forwards binary audio frames to core.pushAudio and drops malformed ones', async () => {
    const core = {
      ...test.core,
      pushAudio: (channel: 'mic' | 'system', samples: Int16Array) => {
        frames.push({ channel, samples: [...samples] });
      },
    } as CoreApi;
    const socket = await connect(await start(core));
    socket.send(encodeAudioFrame('mic', Int16Array.from([1, -2, 32767, -32768])));
    socket.send(Uint8Array.from([7, 0, 1, 0])); // unknown channel
    socket.send(Uint8Array.from([1, 0, 1])); // half a sample
    socket.send(encodeAudioFrame('system', Int16Array.from([5])));
    // Requests are answered in order after earlier frames were handled.
    await call(socket, 1, 'app.info', {});
    expect(frames).toEqual([
      { channel: 'mic', samples: [1, -2, 32767, -32768] },
      { channel: 'system', samples: [5] },
    ]);
    socket.close();
  });
});
