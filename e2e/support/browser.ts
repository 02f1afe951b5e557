import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Flags for Debian's Chromium on these machines (DESIGN.md, known traps). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const screenshotDir = resolve(import.meta.dirname, '../screenshots');

/** Launches Debian's Chromium through playwright-core, with extra flags (e.g. the fake microphone). */
export async function launchBrowser(extraFlags: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_FLAGS, ...extraFlags] });
}

/** Opens a page sized like a laptop window, failing the test on uncaught page errors. */
export async function openPage(
  browser: Browser,
  url: string,
  options: { colorScheme?: 'light' | 'dark'; isFirstRun?: boolean } = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: options.colorScheme ?? 'light' });
  // Specs start past the welcome tour unless they test it.
  if (!options.isFirstRun) await context.addInitScript({ content: "localStorage.setItem('liveconvo.onboarded', '1');" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  return { page, errors };
}

/** Saves e2e/screenshots/<spec>-<step>.png for review. */
export async function screenshot(page: Page, spec: string, step: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${spec}-${step}.png`), fullPage: false });
}
