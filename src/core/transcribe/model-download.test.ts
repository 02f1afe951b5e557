import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadModelFile, type DownloadProgress } from './model-download';
import { validateModelFile } from './sherpa-onnx';

const MODEL = randomBytes(300_000);
const SHA = createHash('sha256').update(MODEL).digest('hex');
const TOKENS = '<blk> 0\n<sos/eos> 1\n<unk> 2\n▁THE 3\nS 4\n';

let server: Server;
let base: string;
let dir: string;
const requests: { range: string | undefined }[] = [];
/** When set, the next full response is cut after this many bytes (a dropped connection). */
let cutAfter: number | null = null;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lc-download-'));
  server = createServer((req, res) => {
    requests.push({ range: req.headers.range });
    if (req.url === '/tokens.txt' || req.url === '/bad-tokens.txt') {
      const text = req.url === '/tokens.txt' ? TOKENS : TOKENS.slice(0, 24);
      res.writeHead(200, { 'content-length': Buffer.byteLength(text) }).end(text);
      return;
    }
    if (req.url !== '/model.onnx') {
      res.writeHead(404).end();
      return;
    }
    const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const from = match ? Number(match[1]) : 0;
    if (from >= MODEL.length) {
      res.writeHead(416).end();
      return;
    }
    const body = MODEL.subarray(from);
    res.writeHead(match ? 206 : 200, { 'content-length': body.length, ...(match ? { 'content-range': `bytes ${from}-${MODEL.length - 1}/${MODEL.length}` } : {}) });
    if (cutAfter !== null) {
      const cut = cutAfter;
      cutAfter = null;
      res.write(body.subarray(0, cut), () => res.destroy());
      return;
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('downloadModelFile', () => {
  it('reports progress, verifies the checksum and skips the download next time', async () => {
    const destination = join(dir, 'a', 'model.onnx');
    const progress: DownloadProgress[] = [];
    requests.length = 0;
    await downloadModelFile({ url: `${base}/model.onnx`, destination, sha256: SHA, onProgress: (p) => progress.push(p) });
    expect(readFileSync(destination).equals(MODEL)).toBe(true);
    expect(progress[0]).toEqual({ receivedBytes: 0, totalBytes: MODEL.length });
    expect(progress.at(-1)).toEqual({ receivedBytes: MODEL.length, totalBytes: MODEL.length });
    await downloadModelFile({ url: `${base}/model.onnx`, destination, sha256: SHA });
    expect(requests).toHaveLength(1);
  });

  it('resumes an interrupted download with a Range request', async () => {
    const destination = join(dir, 'b', 'model.onnx');
    cutAfter = 100_000;
    await expect(downloadModelFile({ url: `${base}/model.onnx`, destination, sha256: SHA })).rejects.toMatchObject({ code: 'model.download_failed' });
    const partial = statSync(`${destination}.part`).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(MODEL.length);
    requests.length = 0;
    const progress: DownloadProgress[] = [];
    await downloadModelFile({ url: `${base}/model.onnx`, destination, sha256: SHA, onProgress: (p) => progress.push(p) });
    expect(requests).toEqual([{ range: `bytes=${partial}-` }]);
    expect(progress[0]).toEqual({ receivedBytes: partial, totalBytes: MODEL.length });
    expect(readFileSync(destination).equals(MODEL)).toBe(true);
    expect(existsSync(`${destination}.part`)).toBe(false);
  });

  it('deletes a file whose checksum does not match', async () => {
    const destination = join(dir, 'c', 'model.onnx');
    await expect(downloadModelFile({ url: `${base}/model.onnx`, destination, sha256: '0'.repeat(64) })).rejects.toMatchObject({
      code: 'model.checksum_mismatch',
      details: { actual: SHA },
    });
    expect(existsSync(destination)).toBe(false);
    expect(existsSync(`${destination}.part`)).toBe(false);
  });

  it('says clearly when the model server cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      downloadModelFile({ url: `http://127.0.0.1:${port}/model.onnx`, destination: join(dir, 'd', 'model.onnx'), sha256: SHA }),
    ).rejects.toMatchObject({ code: 'model.download_failed', details: { offline: true } });
    await expect(downloadModelFile({ url: `${base}/missing.onnx`, destination: join(dir, 'e', 'model.onnx'), sha256: SHA })).rejects.toMatchObject({
      code: 'model.download_failed',
      details: { status: 404 },
    });
  });

  it('checks a file with no pinned checksum by its format, and refuses to fetch one unverified', async () => {
    const good = join(dir, 'f', 'tokens.txt');
    await downloadModelFile({ url: `${base}/tokens.txt`, destination: good, sha256: null, validate: (path) => validateModelFile('tokens', path) });
    expect(readFileSync(good, 'utf8')).toBe(TOKENS);

    const bad = join(dir, 'g', 'tokens.txt');
    await expect(
      downloadModelFile({ url: `${base}/bad-tokens.txt`, destination: bad, sha256: null, validate: (path) => validateModelFile('tokens', path) }),
    ).rejects.toMatchObject({ code: 'model.checksum_mismatch', message: expect.stringMatching(/not a valid token list/) });
    expect(existsSync(bad)).toBe(false);
    expect(existsSync(`${bad}.part`)).toBe(false);

    requests.length = 0;
    await expect(downloadModelFile({ url: `${base}/model.onnx`, destination: join(dir, 'h', 'model.onnx'), sha256: null })).rejects.toMatchObject({
      code: 'model.checksum_mismatch',
    });
    await expect(validateModelFile('encoder', good)).rejects.toMatchObject({ code: 'model.checksum_mismatch' });
    expect(requests).toEqual([]);
  });
});
