import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openPage, screenshot } from './support/browser';
import { useServedApp } from './support/served';
import { connectRpc } from './support/rpc';

const CONVERSATION: [speaker: 'Me' | 'Them', text: string][] = [
  ['Me', 'Thanks for taking the time today. What problem are you trying to solve?'],
  ['Them', 'Our support team spends hours every week copying call notes into the CRM.'],
  ['Me', 'How many people are on the support team right now?'],
  ['Them', 'About forty agents, and we plan to grow to sixty next year.'],
  ['Them', 'Honestly the price is a concern, your competitor is cheaper.'],
  ['Me', 'I understand. We include the CRM integration, which saves each agent two hours a week.'],
  ['Them', 'We decided to run a pilot with ten agents in March.'],
  ['Me', 'Great. I will send the pilot proposal and pricing by Friday.'],
  ['Them', 'Dana will review the security questionnaire before the pilot starts.'],
];

describe('report after the call', () => {
  const served = useServedApp();

  it('shows the summary, action items, transcript search, timeline and custom reports, and exports Markdown', async () => {
    const rpc = await connectRpc(served.app.url);
    const session = await rpc.call<{ id: string }>('sessions.create', { title: 'Acme discovery call', template_id: '00000000-0000-4000-8000-000000000001' });
    await rpc.call('sessions.start', { id: session.id });
    for (const [i, [speaker, content]] of CONVERSATION.entries()) {
      await rpc.call('transcripts.add', { session_id: session.id, content, speaker, is_owner: speaker === 'Me', start_time_seconds: i * 12, end_time_seconds: i * 12 + 10 });
    }
    await rpc.call('sessions.end', { id: session.id });
    rpc.close();

    const { page, errors } = await openPage(served.browser, served.app.url);
    await page.getByTestId('session-row').filter({ hasText: 'Acme discovery call' }).click();
    await page.getByTestId('report-heading').filter({ hasText: 'Acme discovery call' }).waitFor();

    // Summary: written by the offline engine when no AI endpoint is configured.
    const panel = page.getByTestId('panel-summary');
    await panel.locator('[data-testid="summary-tldr"], [data-testid="generate-summary"]').first().waitFor({ timeout: 60_000 });
    if (await panel.getByTestId('generate-summary').count()) await panel.getByTestId('generate-summary').click();
    await panel.getByTestId('summary-tldr').waitFor({ timeout: 60_000 });
    expect((await panel.getByTestId('summary-tldr').textContent())?.length).toBeGreaterThan(20);
    await screenshot(page, 'report', '01-summary');
    // The width-reserving copy of each tab label stays out of its accessible name.
    expect(await page.getByRole('tab', { name: 'Summary', exact: true }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('tab', { name: 'Custom reports', exact: true }).count()).toBe(1);

    await page.getByTestId('tab-actions').click();
    await page.getByTestId('panel-actions').locator('[data-testid="action-item"], p').first().waitFor();
    await screenshot(page, 'report', '02-action-items');
    await page.getByTestId('tab-notes').click();
    await page.getByTestId('panel-notes').locator('li, p').first().waitFor();
    await screenshot(page, 'report', '02b-notes');

    // Transcript: search within narrows the lines.
    await page.getByTestId('tab-transcript').click();
    await expect.poll(() => page.getByTestId('transcript-line').count()).toBe(CONVERSATION.length);
    await page.getByTestId('transcript-filter').fill('pilot');
    await expect.poll(() => page.getByTestId('transcript-line').count()).toBe(3);
    await screenshot(page, 'report', '03-transcript-search');

    await page.getByTestId('tab-timeline').click();
    await page.getByTestId('panel-timeline').locator('ol, p').first().waitFor();
    await screenshot(page, 'report', '04-timeline');

    // Keyboard: arrows move between tabs.
    await page.getByTestId('tab-timeline').focus();
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByTestId('tab-reports').getAttribute('aria-selected')).toBe('true');
    await screenshot(page, 'report', '04b-tab-keyboard-focus');
    await page.getByTestId('report-template').selectOption('follow_up_email');
    await page.getByTestId('generate-report').click();
    const report = page.getByTestId('custom-report').first();
    await report.waitFor({ timeout: 60_000 });
    await expect.poll(async () => (await report.textContent())?.length ?? 0, { timeout: 60_000 }).toBeGreaterThan(40);
    await screenshot(page, 'report', '05-custom-report');

    // The same report at a narrow window and in the dark theme, for review.
    await page.setViewportSize({ width: 760, height: 800 });
    await page.getByTestId('tab-summary').click();
    await screenshot(page, 'report', '06-summary-narrow');
    await page.getByTestId('tab-transcript').click();
    await screenshot(page, 'report', '07-transcript-narrow');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.getByTestId('tab-summary').click();
    await screenshot(page, 'report', '08-summary-dark');
    await page.getByTestId('tab-timeline').click();
    await screenshot(page, 'report', '09-timeline-dark');
    await page.getByTestId('tab-reports').click();
    await screenshot(page, 'report', '10-custom-report-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    const download = page.waitForEvent('download');
    await page.getByTestId('export-markdown').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.md$/);
    const path = await file.path();
    expect(readFileSync(path, 'utf8')).toContain('Acme discovery call');

    const pdfDownload = page.waitForEvent('download');
    await page.getByTestId('export-pdf').click();
    const pdf = await pdfDownload;
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    expect(readFileSync(await pdf.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // Deleting asks twice, then the session is gone from the list.
    await page.getByTestId('delete-session').click();
    await page.getByTestId('confirm-delete-session').click();
    await page.getByTestId('sessions-empty').waitFor();
    expect(errors).toEqual([]);
  });

  it('has readable empty states for a meeting with nothing said', async () => {
    const rpc = await connectRpc(served.app.url);
    const session = await rpc.call<{ id: string }>('sessions.create', { title: 'Silent call' });
    await rpc.call('sessions.start', { id: session.id });
    await rpc.call('sessions.end', { id: session.id });
    rpc.close();

    const { page, errors } = await openPage(served.browser, served.app.url);
    await page.goto(`${served.app.url}#/report/${session.id}`);
    await page.getByTestId('report-heading').filter({ hasText: 'Silent call' }).waitFor();
    const summary = page.getByTestId('panel-summary');
    await summary.locator('[data-testid="generate-summary"], [data-testid="summary"], [role="alert"]').first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'report', '11-empty-summary');
    for (const tab of ['actions', 'transcript', 'timeline'] as const) {
      await page.getByTestId(`tab-${tab}`).click();
      await page.getByTestId(`panel-${tab}`).locator('p, ul, ol').first().waitFor();
    }
    await page.getByTestId('tab-actions').click();
    await page.getByTestId('panel-actions').locator('p, ul').first().waitFor();
    await screenshot(page, 'report', '12-empty-actions');
    await page.getByTestId('tab-transcript').click();
    await page.getByTestId('transcript-empty').waitFor();
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
    await screenshot(page, 'report', '13-empty-transcript-dark');
    expect(errors).toEqual([]);
  });
});
