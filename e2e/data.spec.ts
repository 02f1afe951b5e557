import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser';
import { startServedApp, type ServedApp } from './support/host';
import { connectRpc } from './support/rpc';

describe('settings: export and delete all data', () => {
  let browser: Browser;
  let app: ServedApp;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await startServedApp();
    const rpc = await connectRpc(app.url);
    for (const title of ['Weekly sync', 'Customer call']) {
      const session = await rpc.call<{ id: string }>('sessions.create', { title });
      await rpc.call('transcripts.add', { session_id: session.id, content: `Notes from ${title}`, speaker: 'me', is_owner: true, start_time_seconds: 0, end_time_seconds: 2 });
    }
    rpc.close();
  });
  afterAll(async () => {
    await browser.close();
    await app.stop();
  });

  it('exports every session to a folder, then deletes everything after confirming', async () => {
    const { page, errors } = await openPage(browser, app.url);
    await page.getByTestId('nav-settings').click();
    const data = page.getByTestId('data-settings');
    await data.getByTestId('data-dir').waitFor();

    await data.getByTestId('export-all').click();
    const result = data.getByTestId('export-result');
    await result.waitFor();
    const path = (await result.locator('code').textContent()) ?? '';
    expect(path.startsWith(join(app.dataDir, 'exports'))).toBe(true);
    expect(await result.textContent()).toContain('Exported 2 sessions');
    const files = readdirSync(join(path, 'sessions'));
    expect(files).toHaveLength(2);
    expect(files.map((f) => readFileSync(join(path, 'sessions', f), 'utf8')).join('')).toContain('Notes from Customer call');
    expect(existsSync(join(path, 'data.json'))).toBe(true);
    await screenshot(page, 'data', '01-exported');

    // Cancelling the dialog keeps everything.
    await data.getByTestId('delete-all').click();
    const dialog = page.getByTestId('delete-all-dialog');
    await dialog.waitFor();
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('delete-all-cancel');
    await screenshot(page, 'data', '02-confirm');
    await dialog.getByTestId('delete-all-cancel').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('nav-home').click();
    await page.getByText('Customer call').first().waitFor();

    await page.getByTestId('nav-settings').click();
    await data.getByTestId('delete-all').click();
    await dialog.getByTestId('delete-all-confirm').click();
    await data.getByTestId('delete-result').filter({ hasText: 'Deleted 2 sessions' }).waitFor();
    await screenshot(page, 'data', '03-deleted');
    await page.getByTestId('nav-home').click();
    await page.getByTestId('sessions-empty').waitFor();
    // The export made before deleting is still there.
    expect(existsSync(join(path, 'data.json'))).toBe(true);
    expect(errors).toEqual([]);
  });
});
