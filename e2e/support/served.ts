import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { launchBrowser } from './browser';
import { startServedApp, type ServedApp } from './host';

/** One browser per spec file and a fresh web-mode host (own data dir) per test. */
export interface Served {
  readonly browser: Browser;
  readonly app: ServedApp;
}

/** Registers the hooks for a spec: Chromium for the file, a new host for each test. */
export function useServedApp(options: { chromiumFlags?: string[] } = {}): Served {
  let browser: Browser | undefined;
  let app: ServedApp | undefined;
  beforeAll(async () => {
    browser = await launchBrowser(options.chromiumFlags ?? []);
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    app = await startServedApp();
  });
  afterEach(async () => {
    await app?.stop();
  });
  return {
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    get app() {
      if (!app) throw new Error('the host starts in beforeEach');
      return app;
    },
  };
}
