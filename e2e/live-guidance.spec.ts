import { describe, expect, it } from 'vitest';
import { openPage, screenshot } from './support/browser';
import { useServedApp } from './support/served';
import { connectRpc } from './support/rpc';

const SALES_TEMPLATE = '00000000-0000-4000-8000-000000000001';

describe('live guidance and copilot notes', () => {
  const served = useServedApp();

  it('shows guidance cards as the other side speaks, with feedback and dismiss that persist', async () => {
    const rpc = await connectRpc(served.app.url);
    const session = await rpc.call<{ id: string }>('sessions.create', { title: 'Pricing call', template_id: SALES_TEMPLATE });
    await rpc.call('sessions.start', { id: session.id });

    const { page, errors } = await openPage(served.browser, served.app.url);
    // Home agrees: active in the database, captured by no recorder.
    const row = page.locator(`[data-testid="session-row"][data-session-id="${session.id}"]`);
    await row.waitFor();
    expect(await row.getByTestId('session-status').textContent()).toBe('Interrupted');
    await page.goto(`${served.app.url}#/session/${session.id}`);
    await page.getByTestId('session-heading').waitFor();
    // Started through the contract, recorded by nothing in this window: the badge agrees with the Resume button.
    expect(await page.getByTestId('session-status').textContent()).toBe('Interrupted');
    expect(await page.getByTestId('start-recording').textContent()).toContain('Resume recording');

    // Segments arrive through the contract as a transcriber would add them; the page only listens.
    const lines: [string, string][] = [
      ['Them', 'Honestly the price is too expensive for us, your competitor is much cheaper.'],
      ['Them', 'How long does the onboarding take and do you integrate with Salesforce?'],
      ['Me', 'Onboarding takes two weeks and yes, we integrate with Salesforce.'],
      ['Them', 'We decided to start a pilot next month. Dana will send the contract by Friday.'],
    ];
    for (const [i, [speaker, content]] of lines.entries()) {
      await rpc.call('transcripts.add', { session_id: session.id, content, speaker, is_owner: speaker === 'Me', start_time_seconds: i * 8, end_time_seconds: i * 8 + 6 });
    }
    rpc.close();

    await expect.poll(() => page.getByTestId('transcript-line').count()).toBe(lines.length);
    const cards = page.getByTestId('guidance-card');
    await cards.first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'live-guidance', '01-cards');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
    await screenshot(page, 'live-guidance', '02-cards-dark');
    await page.setViewportSize({ width: 760, height: 800 });
    await screenshot(page, 'live-guidance', '03-cards-narrow-dark');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });

    const first = cards.first();
    const text = (await first.textContent()) ?? '';
    await first.getByRole('button', { name: 'Helpful', exact: true }).click();
    await expect.poll(() => first.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed')).toBe('true');
    const before = await cards.count();
    await first.getByTestId('guidance-dismiss').click();
    await expect.poll(() => cards.count()).toBe(before - 1);

    // Dismissal is stored: after a reload the card stays away.
    await page.reload();
    await page.getByTestId('session-heading').waitFor();
    await expect.poll(() => page.getByTestId('guidance-card').count()).toBe(before - 1);
    if (before > 1) expect(await page.getByTestId('guidance-panel').textContent()).not.toContain(text);

    // The compact view beside a call, in the dark theme, for review.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 420, height: 360 });
    await page.goto(`${served.app.url}#/mini/${session.id}`);
    await page.getByTestId('mini-view').waitFor();
    await screenshot(page, 'live-guidance', '04-mini-dark');
    expect(errors).toEqual([]);
  });
});
