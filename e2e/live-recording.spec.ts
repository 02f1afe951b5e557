import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot } from './support/browser';
import { startServedApp, type ServedApp } from './support/host';
import { synthesizeSpeechWav, wavSeconds } from './support/speech';

const SPEECH =
  'Thank you for joining the call today. Our budget for the new project is fifty thousand dollars. ' +
  'We would like to start the pilot next month. Can you send the proposal by Friday?';
const KEYWORDS = ['thank', 'call', 'today', 'budget', 'project', 'thousand', 'dollars', 'pilot', 'month', 'proposal', 'friday'];

describe('live recording with the fake microphone', () => {
  let browser: Browser;
  let app: ServedApp;
  let wav: string;

  beforeAll(async () => {
    wav = synthesizeSpeechWav(SPEECH);
    browser = await launchBrowser(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`]);
  });
  afterAll(async () => {
    await browser.close();
    rmSync(dirname(wav), { recursive: true, force: true });
  });
  beforeEach(async () => {
    app = await startServedApp();
  });
  afterEach(async () => {
    await app.stop();
  });

  it('streams the mic to the core, shows the live transcript and stores its rows', async () => {
    expect(wavSeconds(wav)).toBeGreaterThan(9);
    const { page, errors } = await openPage(browser, app.url);
    await page.getByTestId('sessions-empty').waitFor();
    await page.getByTestId('quick-record').click();
    await page.getByTestId('session-heading').waitFor();
    await page.getByTestId('start-recording').click();

    // The mic level moves while the fake device plays speech.
    await page.getByTestId('level-meter').waitFor();
    await expect.poll(async () => Number(await page.getByTestId('level-meter').getAttribute('data-level')), { timeout: 30_000 }).toBeGreaterThan(20);

    // While someone speaks, the partial hypothesis shows greyed; then the final line replaces it.
    await page.locator('[data-testid="transcript-partial"].partial').first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'live-recording', '00-partial');

    // Final lines from PocketSphinx appear in the view.
    const lines = page.getByTestId('transcript-line');
    await lines.first().waitFor({ timeout: 90_000 });
    const text = (await page.getByTestId('transcript').textContent())?.toLowerCase() ?? '';
    expect(KEYWORDS.filter((word) => text.includes(word)).length).toBeGreaterThanOrEqual(3);
    expect(text).toContain('me');
    await screenshot(page, 'live-recording', '01-recording');

    // The compact view shows the same live session at a glance.
    await page.getByTestId('open-mini').click();
    await page.getByTestId('mini-view').waitFor();
    await page.getByTestId('mini-line').first().waitFor();
    await page.setViewportSize({ width: 420, height: 360 });
    await screenshot(page, 'live-recording', '01b-compact');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('mini-expand').click();
    await page.getByTestId('session-heading').waitFor();

    // Pause, leave the screen, come back through the navigation's recording indicator, resume.
    await page.getByTestId('pause-recording').click();
    await page.getByTestId('resume-recording').waitFor();
    await page.getByTestId('nav-home').click();
    await page.getByTestId('recording-indicator').filter({ hasText: 'Paused' }).click();
    await page.getByTestId('resume-recording').click();
    await page.getByTestId('recording-indicator').filter({ hasText: 'Recording' }).waitFor();

    await page.getByTestId('stop-recording').click();
    await page.getByTestId('recording-indicator').waitFor({ state: 'detached' });
    await page.getByTestId('session-status').filter({ hasText: 'Completed' }).waitFor({ timeout: 30_000 });
    const shownLines = await lines.count();
    await screenshot(page, 'live-recording', '02-stopped');

    // The rows are in the database the host wrote, as the owner's (mic) speech.
    const sessionId = await page.getByTestId('session-screen').getAttribute('data-session-id');
    const db = new Database(join(app.dataDir, 'liveconvo.db'), { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare('SELECT content, is_owner, start_time_seconds FROM transcripts WHERE session_id = ? ORDER BY sequence_number').all(sessionId) as { content: string; is_owner: number; start_time_seconds: number }[];
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows.length).toBe(shownLines);
      expect(rows.every((row) => row.is_owner === 1)).toBe(true);
      expect(rows.map((row) => row.content.toLowerCase()).join(' ')).toContain(KEYWORDS.find((word) => text.includes(word)) ?? '?');
      const session = db.prepare('SELECT status, recording_duration_seconds FROM sessions WHERE id = ?').get(sessionId) as { status: string; recording_duration_seconds: number };
      expect(session.status).toBe('completed');
      expect(session.recording_duration_seconds).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    expect(errors).toEqual([]);
  });

  it('first run: the welcome tour checks the microphone with a live level, then lands on home', async () => {
    const { page, errors } = await openPage(browser, app.url, { isFirstRun: true });
    await page.getByTestId('onboarding-screen').waitFor();
    await screenshot(page, 'onboarding', '01-welcome');
    await page.getByTestId('onboarding-next').click();
    await page.getByTestId('mic-check-start').click();
    await page.getByTestId('mic-check-status').filter({ hasText: 'Your microphone works' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'onboarding', '02-mic-check');
    await page.getByTestId('onboarding-next').click();
    await page.getByTestId('onboarding-engine').waitFor();
    await page.getByTestId('onboarding-next').click();
    await page.getByTestId('ai-settings').waitFor();
    await screenshot(page, 'onboarding', '03-extras');
    await page.getByTestId('onboarding-next').click();
    await page.getByTestId('sync-settings').waitFor();
    await page.getByTestId('onboarding-next').click();
    await page.getByTestId('onboarding-finish').click();
    await page.getByTestId('sessions-empty').waitFor();
    // Finished once, the tour does not come back.
    await page.reload();
    await page.getByTestId('sessions-empty').waitFor();
    expect(await page.getByTestId('onboarding-screen').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
