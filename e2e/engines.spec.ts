import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser';
import { startServedApp, type ServedApp } from './support/host';

const ROLES = ['encoder', 'decoder', 'joiner', 'tokens'] as const;
const FILES = Object.fromEntries(ROLES.map((r) => [r, randomBytes(400_000)])) as Record<(typeof ROLES)[number], Buffer>;
const TOTAL = ROLES.reduce((sum, r) => sum + FILES[r].length, 0);

describe('settings: engines and models', () => {
  let browser: Browser;
  let app: ServedApp;
  let models: Server;
  let base: string;
  let offlinePort: number;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await startServedApp();
    // A model host that trickles 16 KB every 30 ms, so progress and cancel are visible.
    models = createServer((req, res) => {
      const body = FILES[(req.url ?? '').slice(1) as (typeof ROLES)[number]];
      if (!body) return void res.writeHead(404).end();
      const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
      res.writeHead(from ? 206 : 200, { 'content-length': body.length - from });
      let at = from;
      const timer = setInterval(() => {
        res.write(body.subarray(at, at + 16_384));
        at += 16_384;
        if (at >= body.length) {
          clearInterval(timer);
          res.end();
        }
      }, 30);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((done) => models.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(models.address() as AddressInfo).port}`;
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    offlinePort = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const entry = (id: string, label: string, prefix: string) => ({
      id,
      label,
      size_bytes: TOTAL,
      files: Object.fromEntries(ROLES.map((r) => [r, { url: `${prefix}/${r}`, sha256: createHash('sha256').update(FILES[r]).digest('hex') }])),
    });
    mkdirSync(join(app.dataDir, 'models'), { recursive: true });
    writeFileSync(
      join(app.dataDir, 'models', 'catalog.json'),
      JSON.stringify({ models: [entry('small-en', 'Small English (streaming)', base), entry('remote-en', 'Remote English', `http://127.0.0.1:${offlinePort}`)] }),
    );
  });
  afterAll(async () => {
    await browser.close();
    await app.stop();
    models.closeAllConnections();
    await new Promise((done) => models.close(done));
  });

  it('shows local PocketSphinx first, downloads a model with progress and cancel, then uses it; offline is explained', async () => {
    const { page, errors } = await openPage(browser, app.url);
    await page.getByTestId('nav-settings').click();
    const section = page.getByTestId('engines-settings');
    await section.getByTestId('engine-pocketsphinx').waitFor();
    expect(await section.locator('input[name="engine"]').first().getAttribute('value')).toBe('pocketsphinx');
    expect(await section.getByTestId('engine-pocketsphinx').isChecked()).toBe(true);
    const small = section.getByTestId('model-small-en');
    expect(await small.textContent()).toContain('1.5 MB');
    await screenshot(page, 'engines', '01-models');

    await small.getByTestId('model-download').click();
    await small.getByTestId('model-progress-text').waitFor();
    await small.getByTestId('model-progress-text').filter({ hasText: /[1-9]\d*%/ }).waitFor();
    await screenshot(page, 'engines', '02-downloading');
    await small.getByTestId('model-cancel').click();
    await small.getByTestId('model-download').filter({ hasText: 'Resume download' }).waitFor();

    await small.getByTestId('model-download').click();
    await small.getByTestId('model-use').waitFor({ timeout: 30_000 });
    await small.getByTestId('model-use').click();
    await small.getByText('In use').waitFor();
    expect(await section.getByTestId('engine-sherpa-onnx').isChecked()).toBe(true);

    const remote = section.getByTestId('model-remote-en');
    await remote.getByTestId('model-download').click();
    await remote.getByTestId('model-error').waitFor();
    expect(await remote.getByTestId('model-error').textContent()).toContain('offline');
    await screenshot(page, 'engines', '03-ready-and-offline');

    // The choice survives a reload, and the engine can be switched back.
    await page.reload();
    await section.getByTestId('engine-sherpa-onnx').waitFor();
    expect(await section.getByTestId('engine-sherpa-onnx').isChecked()).toBe(true);
    await section.getByTestId('engine-pocketsphinx').click();
    await expect.poll(() => section.getByTestId('engine-pocketsphinx').isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });
});
