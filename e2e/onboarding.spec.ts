import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, screenshot } from './support/browser';
import { useServedApp } from './support/served';

// Four model files of 300 KB each, sent 16 KB every 40 ms, so the progress bar and cancel can be seen.
const ROLES = ['encoder', 'decoder', 'joiner', 'tokens'] as const;
const FILES = Object.fromEntries(ROLES.map((role) => [role, randomBytes(300_000)])) as Record<(typeof ROLES)[number], Buffer>;
const TOTAL = ROLES.reduce((sum, role) => sum + FILES[role].length, 0);

function writeCatalog(dataDir: string, text: string): void {
  mkdirSync(join(dataDir, 'models'), { recursive: true });
  writeFileSync(join(dataDir, 'models', 'catalog.json'), text);
}

describe('first run: choosing the transcription engine', () => {
  const served = useServedApp();
  let models: Server;
  let catalog: string;

  beforeAll(async () => {
    models = createServer((request, response) => {
      const body = FILES[(request.url ?? '').slice(1) as (typeof ROLES)[number]];
      if (!body) return void response.writeHead(404).end();
      const from = Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? '')?.[1] ?? 0);
      response.writeHead(from ? 206 : 200, { 'content-length': body.length - from });
      let at = from;
      const timer = setInterval(() => {
        response.write(body.subarray(at, at + 16_384));
        at += 16_384;
        if (at >= body.length) {
          clearInterval(timer);
          response.end();
        }
      }, 40);
      response.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((done) => models.listen(0, '127.0.0.1', done));
    const base = `http://127.0.0.1:${(models.address() as AddressInfo).port}`;
    catalog = JSON.stringify({
      models: [
        {
          id: 'tour-small-en',
          label: 'Small English (streaming)',
          size_bytes: TOTAL,
          files: Object.fromEntries(ROLES.map((role) => [role, { url: `${base}/${role}`, sha256: createHash('sha256').update(FILES[role]).digest('hex') }])),
        },
      ],
    });
  });
  afterAll(async () => {
    models.closeAllConnections();
    await new Promise((done) => models.close(done));
  });

  it('preselects local PocketSphinx, downloads a model with progress and cancel from the keyboard, the cloud option opens its endpoint form', async () => {
    writeCatalog(served.app.dataDir, catalog);
    const { page, errors } = await openPage(served.browser, served.app.url, { isFirstRun: true });
    await page.getByTestId('onboarding-screen').waitFor();
    await page.getByTestId('onboarding-next').click();
    await page.getByTestId('mic-check').waitFor();
    await page.getByTestId('onboarding-next').click();

    const step = page.getByTestId('onboarding-engine');
    await step.getByTestId('engine-pocketsphinx').waitFor();
    // The new step's heading has the focus, so keyboard users start at the top of it.
    expect(await page.evaluate('document.activeElement?.id')).toBe('onboarding-title');
    expect(await step.locator('input[name="engine"]').first().getAttribute('value')).toBe('pocketsphinx');
    expect(await step.getByTestId('engine-pocketsphinx').isChecked()).toBe(true);
    expect(await step.getByRole('radio', { name: /PocketSphinx/ }).isChecked()).toBe(true);
    const model = step.getByTestId('model-tour-small-en');
    expect(await model.textContent()).toContain('1.1 MB');
    expect(await step.getByTestId('engine-sherpa-onnx').isDisabled()).toBe(true);
    await screenshot(page, 'onboarding-engine', '01-choose');

    // Download, see progress, cancel — all with the keyboard.
    const download = step.getByRole('button', { name: 'Download: Small English (streaming)' });
    await download.focus();
    await page.keyboard.press('Enter');
    await model.getByTestId('model-progress-text').filter({ hasText: /[1-9]\d*%/ }).waitFor();
    expect(await model.getByRole('progressbar', { name: 'Downloading Small English (streaming)' }).count()).toBe(1);
    await screenshot(page, 'onboarding-engine', '02-downloading');
    await model.getByTestId('model-cancel').focus();
    await page.keyboard.press('Space');
    await model.getByTestId('model-download').filter({ hasText: 'Resume download' }).waitFor();
    expect(await step.getByTestId('engine-pocketsphinx').isChecked()).toBe(true);

    // The cloud option reveals its endpoint form in this step (cloud-transcription.spec covers the form), and the model keeps its state.
    await step.getByTestId('engine-setup-endpoint').click();
    await step.getByTestId('cloud-form').waitFor();
    expect(await page.locator('[aria-current="step"]').textContent()).toBe('Transcription');
    await step.getByTestId('engine-setup-endpoint').click();
    await step.getByTestId('cloud-form').waitFor({ state: 'detached' });
    await step.getByTestId('model-tour-small-en').getByTestId('model-download').filter({ hasText: 'Resume download' }).waitFor();

    // Resume to the end and use the model.
    await model.getByTestId('model-download').click();
    await model.getByTestId('model-use').waitFor({ timeout: 30_000 });
    await model.getByTestId('model-use').click();
    await model.getByText('In use').waitFor();
    expect(await step.getByTestId('engine-sherpa-onnx').isChecked()).toBe(true);
    await screenshot(page, 'onboarding-engine', '03-model-in-use');

    // The rest of the tour, then the choice is what Settings shows.
    await page.getByTestId('onboarding-next').click();
    await page.getByTestId('ai-settings').waitFor();
    await page.getByTestId('onboarding-next').click();
    await page.getByTestId('sync-settings').waitFor();
    await screenshot(page, 'onboarding-engine', '04-sync-step');
    await page.getByTestId('onboarding-next').click();
    await page.getByTestId('onboarding-finish').click();
    await page.getByTestId('home-screen').waitFor();
    await page.getByTestId('nav-settings').click();
    const settings = page.getByTestId('engines-settings');
    await settings.getByTestId('engine-sherpa-onnx').waitFor();
    expect(await settings.getByTestId('engine-sherpa-onnx').isChecked()).toBe(true);
    expect(await settings.getByTestId('model-tour-small-en').getByText('In use').count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('shows a clear error with a retry when the engines cannot be listed, and the empty state without models', async () => {
    writeCatalog(served.app.dataDir, '{ not json');
    // In the dark theme, so the screenshots show both themes.
    const { page, errors } = await openPage(served.browser, served.app.url, { isFirstRun: true, colorScheme: 'dark' });
    await page.getByTestId('onboarding-next').click();
    await page.getByTestId('onboarding-next').click();
    const step = page.getByTestId('onboarding-engine');
    await step.getByTestId('engines-error').waitFor();
    expect(await step.getByTestId('engines-error').textContent()).toContain('not valid JSON');
    await screenshot(page, 'onboarding-engine', '05-error');

    writeCatalog(served.app.dataDir, JSON.stringify({ models: [] }));
    await step.getByTestId('engines-retry').click();
    await step.getByTestId('models-empty').waitFor();
    expect(await step.getByTestId('engine-pocketsphinx').isChecked()).toBe(true);
    // Without a downloaded model, sherpa-onnx cannot be chosen, and the row says why.
    expect(await step.getByTestId('engine-sherpa-onnx').isDisabled()).toBe(true);
    expect(await step.getByText('Download a model below first.').count()).toBe(1);
    expect(await step.getByTestId('engines-error').count()).toBe(0);
    await screenshot(page, 'onboarding-engine', '06-no-models-dark');
    expect(errors).toEqual([]);
  });
});
