import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTranscriptionServer, type FakeTranscriptionServer } from '../src/core/testing/fake-transcription-server';
import { openPage, screenshot } from './support/browser';
import { useServedApp } from './support/served';

describe('cloud transcription endpoint from the UI', () => {
  const served = useServedApp();
  let endpoint: FakeTranscriptionServer;

  beforeAll(async () => {
    endpoint = await startFakeTranscriptionServer({ apiKey: 'sk-right-key', models: ['whisper-large-v3'] });
  });
  afterAll(async () => {
    await endpoint.close();
  });

  it('Settings: a wrong key shows the endpoint’s 401, the right one tests and saves, and the cloud engine can then be chosen', async () => {
    endpoint.requests.length = 0;
    const { page, errors } = await openPage(served.browser, served.app.url);
    await page.getByTestId('nav-settings').click();
    const section = page.getByTestId('engines-settings');
    const cloudRadio = section.getByTestId('engine-openai');
    await cloudRadio.waitFor();
    expect(await cloudRadio.isDisabled()).toBe(true);
    expect(await section.textContent()).toContain('No API key is set for the transcription endpoint');

    // The disclosure opens the form from the keyboard.
    const toggle = section.getByTestId('engine-setup-endpoint');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    const form = section.getByRole('form', { name: 'Cloud transcription endpoint' });
    await form.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await form.getByLabel('Base URL').inputValue()).toBe('https://api.openai.com/v1');
    expect(await form.getByTestId('cloud-preset-openai').getAttribute('aria-pressed')).toBe('true');

    await form.getByTestId('cloud-preset-groq').click();
    expect(await form.getByLabel('Base URL').inputValue()).toBe('https://api.groq.com/openai/v1');
    expect(await form.getByLabel('Model').inputValue()).toBe('whisper-large-v3-turbo');
    expect(await form.getByTestId('cloud-preset-groq').getAttribute('aria-pressed')).toBe('true');
    await form.getByTestId('cloud-preset-groq').scrollIntoViewIfNeeded();
    await screenshot(page, 'cloud-transcription', '00-settings-groq-preset');
    await form.getByTestId('cloud-preset-local').click();
    expect(await form.getByLabel('Base URL').inputValue()).toBe('http://127.0.0.1:8000/v1');

    // Plain http to another computer is refused, with a reason.
    await form.getByLabel('Base URL').fill('http://transcribe.example.com/v1');
    await form.getByLabel('Model').fill('whisper-large-v3');
    await form.getByTestId('cloud-test').click();
    await form.getByRole('alert').filter({ hasText: 'https://' }).waitFor();

    await form.getByLabel('Base URL').fill(endpoint.baseUrl);
    await form.getByLabel('API key').fill('sk-wrong-key');
    expect(await form.getByLabel('API key').getAttribute('type')).toBe('password');
    await form.getByRole('button', { name: 'Show API key' }).click();
    expect(await form.getByLabel('API key').getAttribute('type')).toBe('text');
    await form.getByTestId('cloud-test').click();
    const refused = form.getByRole('alert').filter({ hasText: '401' });
    await refused.waitFor();
    expect(await refused.textContent()).toContain('The endpoint refused the API key (401). The endpoint said: “Incorrect API key provided');
    await screenshot(page, 'cloud-transcription', '01-settings-wrong-key');
    await form.getByRole('button', { name: 'Hide API key' }).click();
    expect(await form.getByLabel('API key').getAttribute('type')).toBe('password');

    await form.getByLabel('API key').fill('sk-right-key');
    await form.getByTestId('cloud-test').click();
    const passed = form.getByRole('status').filter({ hasText: 'transcribed a test clip' });
    await passed.waitFor();
    expect(await passed.textContent()).toContain('whisper-large-v3');
    expect(endpoint.requests.map((r) => [r.authorization, r.model, r.status])).toEqual([
      ['Bearer sk-wrong-key', 'whisper-large-v3', 401],
      ['Bearer sk-right-key', 'whisper-large-v3', 200],
    ]);
    expect(endpoint.requests[1]?.seconds).toBeGreaterThan(0);
    // Nothing is saved by a test: the engine still needs a key.
    expect(await cloudRadio.isDisabled()).toBe(true);

    await form.getByTestId('cloud-save').click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await form.getByTestId('cloud-choose-hint').waitFor();
    expect(await form.getByLabel('API key').inputValue()).toBe('');
    expect(await form.getByLabel('API key').getAttribute('placeholder')).toBe('Stored — type to replace');
    await expect.poll(() => cloudRadio.isDisabled()).toBe(false);
    await cloudRadio.click();
    await expect.poll(() => cloudRadio.isChecked()).toBe(true);
    await form.getByTestId('cloud-choose-hint').waitFor({ state: 'detached' });
    await form.getByTestId('cloud-save').scrollIntoViewIfNeeded();
    await screenshot(page, 'cloud-transcription', '02-settings-saved');

    // After a reload the chosen cloud engine shows its form, with the stored settings and no key text.
    await page.reload();
    await cloudRadio.waitFor();
    expect(await cloudRadio.isChecked()).toBe(true);
    await form.waitFor();
    expect(await form.getByLabel('Base URL').inputValue()).toBe(endpoint.baseUrl);
    expect(await form.getByLabel('Model').inputValue()).toBe('whisper-large-v3');
    expect(await form.getByLabel('API key').inputValue()).toBe('');
    expect(await page.content()).not.toContain('sk-right-key');
    expect(errors).toEqual([]);
  });

  it('first run, dark theme: the cloud option reveals the form in the Transcription step instead of leaving it', async () => {
    endpoint.requests.length = 0;
    const { page, errors } = await openPage(served.browser, served.app.url, { isFirstRun: true, colorScheme: 'dark' });
    await page.getByTestId('onboarding-screen').waitFor();
    await page.getByTestId('onboarding-next').click();
    await page.getByTestId('mic-check').waitFor();
    await page.getByTestId('onboarding-next').click();
    const step = page.getByTestId('onboarding-engine');
    await step.getByTestId('engine-setup-endpoint').click();
    const form = step.getByRole('form', { name: 'Cloud transcription endpoint' });
    await form.waitFor();
    expect(await page.locator('[aria-current="step"]').textContent()).toBe('Transcription');

    await form.getByLabel('Base URL').fill(endpoint.baseUrl);
    await form.getByLabel('Model').fill('whisper-large-v3');
    await form.getByLabel('API key').fill('sk-wrong-key');
    await form.getByTestId('cloud-test').click();
    await form.getByRole('alert').filter({ hasText: '401' }).waitFor();
    await form.getByTestId('cloud-api-key').scrollIntoViewIfNeeded();
    await screenshot(page, 'cloud-transcription', '03-onboarding-wrong-key-dark');

    await form.getByLabel('API key').fill('sk-right-key');
    await form.getByTestId('cloud-save').click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await form.getByTestId('cloud-test').click();
    await form.getByRole('status').filter({ hasText: 'transcribed a test clip' }).waitFor();
    await step.getByTestId('engine-openai').click();
    await expect.poll(() => step.getByTestId('engine-openai').isChecked()).toBe(true);
    await screenshot(page, 'cloud-transcription', '04-onboarding-ready-dark');
    expect(endpoint.requests.map((r) => [r.authorization, r.status])).toEqual([
      ['Bearer sk-wrong-key', 401],
      ['Bearer sk-right-key', 200],
    ]);
    expect(errors).toEqual([]);
  });
});
