import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser';

const repo = resolve(import.meta.dirname, '..');

describe('background failures in web mode', () => {
  let browser: Browser;
  let host: ChildProcessWithoutNullStreams;
  let url: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'lc-e2e-crash-'));

  beforeAll(async () => {
    browser = await launchBrowser();
    host = spawn(process.execPath, ['--import', 'tsx', join(repo, 'e2e/support/crashable-host.ts')], {
      cwd: repo,
      env: { ...process.env, LIVECONVO_DATA_DIR: dataDir, LIVECONVO_LOG_LEVEL: 'error' },
    });
    url = await new Promise<string>((done, fail) => {
      let out = '';
      host.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const match = /listening on (\S+)/.exec(out);
        if (match?.[1]) done(match[1]);
      });
      host.once('exit', (code) => fail(new Error(`host exited ${String(code)}`)));
    });
  });
  afterAll(async () => {
    await browser.close();
    if (host.exitCode === null && host.signalCode === null) {
      const exited = new Promise((done) => host.once('exit', done));
      host.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a toast, and the app keeps working', async () => {
    const { page } = await openPage(browser, url);
    await page.getByTestId('sessions-empty').waitFor();
    host.stdin.write('throw\n');
    const toast = page.getByTestId('error-toast');
    await toast.waitFor();
    expect(await toast.textContent()).toContain('LiveConvo is still running');
    await screenshot(page, 'crash', '01-toast');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.setViewportSize({ width: 760, height: 800 });
    await screenshot(page, 'crash', '02-toast-narrow-dark');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
    // The core still answers: create a session from the UI.
    await page.getByTestId('nav-new').click();
    await page.getByTestId('new-session-screen').waitFor();
    await page.getByTestId('session-title-input').fill('Made after the failure');
    await page.getByTestId('create-session').click();
    await page.getByTestId('session-heading').waitFor();
    await toast.getByRole('button', { name: 'Dismiss this message' }).click();
    await toast.waitFor({ state: 'detached' });
    expect(host.exitCode).toBeNull();
  });
});
