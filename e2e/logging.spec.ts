import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './support/browser';
import { startServedApp, type ServedApp } from './support/host';

describe('renderer logging through log.write', () => {
  let browser: Browser;
  let app: ServedApp;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await startServedApp();
  });
  afterAll(async () => {
    await browser.close();
    await app.stop();
  });

  it('writes an uncaught renderer error to the core log with its name and location, never its message', async () => {
    const { page } = await openPage(browser, app.url);
    await page.getByTestId('home-screen').waitFor();
    await page.evaluate(`setTimeout(() => { throw new TypeError('Quarterly numbers for Jane Doe'); }, 0)`);
    const started = Date.now();
    while (!app.stderr().includes('uncaught renderer error') && Date.now() - started < 10_000) await new Promise((done) => setTimeout(done, 50));
    const line = app
      .stderr()
      .split('\n')
      .find((l) => l.includes('uncaught renderer error'));
    expect(line).toBeDefined();
    const entry = JSON.parse(line ?? '{}') as Record<string, unknown>;
    expect(entry).toMatchObject({ module: 'renderer', source: 'renderer', error: 'TypeError', msg: 'uncaught renderer error' });
    expect(app.stderr()).not.toContain('Jane Doe');
  });
});
