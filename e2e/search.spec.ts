import { describe, expect, it } from 'vitest';
import { openPage, screenshot } from './support/browser';
import { useServedApp } from './support/served';
import { connectRpc } from './support/rpc';

describe('search and jump to a transcript moment', () => {
  const served = useServedApp();

  it('finds a phrase said in a meeting, shows the snippet and opens the session at that moment', async () => {
    // Seed two meetings through the same contract the renderer uses.
    const rpc = await connectRpc(served.app.url);
    const lines = [
      'Welcome everyone, let us get started with the quarterly review.',
      'Revenue grew twelve percent compared to the last quarter.',
      'The main risk is the delayed shipment of the warehouse scanners.',
      'We agreed to hire two more support engineers in March.',
      ...Array.from({ length: 40 }, (_, i) => `Filler discussion point number ${i + 1} about the roadmap.`),
    ];
    const review = await rpc.call<{ id: string }>('sessions.create', { title: 'Quarterly review', conversation_type: 'meeting' });
    for (const [i, content] of lines.entries()) {
      await rpc.call('transcripts.add', { session_id: review.id, content, speaker: i % 2 ? 'Them' : 'Me', is_owner: i % 2 === 0, start_time_seconds: i * 10, end_time_seconds: i * 10 + 8 });
    }
    const other = await rpc.call<{ id: string }>('sessions.create', { title: 'Vendor call', conversation_type: 'sales' });
    await rpc.call('transcripts.add', { session_id: other.id, content: 'Our scanners ship next week.', speaker: 'Them', start_time_seconds: 3, end_time_seconds: 6 });
    rpc.close();

    const { page, errors } = await openPage(served.browser, served.app.url);
    // Home filters narrow the list by type.
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(2);
    await page.getByTestId('filter-type').selectOption('sales');
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(1);
    expect(await page.getByTestId('session-row').textContent()).toContain('Vendor call');
    await screenshot(page, 'search', '00-home-filtered');
    await page.getByTestId('filter-person').fill('nobody by this name');
    await page.getByTestId('sessions-filtered-empty').waitFor();
    await screenshot(page, 'search', '00b-home-filtered-empty');
    await page.getByTestId('clear-filters').click();
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(2);
    await page.getByTestId('filter-type').selectOption('sales');

    // Typing in the home search box opens Search with instant results.
    await page.getByTestId('home-search').fill('warehouse scanners');
    await page.getByTestId('search-screen').waitFor();
    expect(await page.getByTestId('search-input').inputValue()).toBe('warehouse scanners');
    const hit = page.getByTestId('search-hit').filter({ hasText: 'Quarterly review' }).first();
    await hit.waitFor();
    expect(await hit.locator('mark').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/warehouse|scanners/i)]));
    await screenshot(page, 'search', '01-results');

    await hit.click();
    await page.getByTestId('session-heading').filter({ hasText: 'Quarterly review' }).waitFor();
    // The moment (0:20) is highlighted and scrolled into view.
    const target = page.locator('[data-testid="transcript-line"].highlighted');
    await target.waitFor();
    expect(await target.textContent()).toContain('delayed shipment of the warehouse scanners');
    expect(await target.textContent()).toContain('0:20');
    await screenshot(page, 'search', '02-jumped');
    await page.setViewportSize({ width: 760, height: 800 });
    await screenshot(page, 'search', '03-jumped-narrow');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
    await screenshot(page, 'search', '04-jumped-narrow-dark');
    await page.setViewportSize({ width: 1280, height: 800 });

    // A filter by type narrows the results.
    await page.getByTestId('nav-search').click();
    await page.getByTestId('search-input').fill('scanners');
    await page.getByTestId('search-hit').filter({ hasText: 'Vendor call' }).waitFor();
    await page.getByTestId('search-type').selectOption('meeting');
    await expect.poll(() => page.getByTestId('search-hit').filter({ hasText: 'Vendor call' }).count()).toBe(0);
    expect(await page.getByTestId('search-hit').filter({ hasText: 'Quarterly review' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'search', '05-results-dark');
    await page.setViewportSize({ width: 760, height: 800 });
    await screenshot(page, 'search', '06-results-narrow-dark');
    await page.getByTestId('search-input').fill('zebra crossing');
    await page.getByTestId('search-empty').waitFor();
    await screenshot(page, 'search', '07-no-match-narrow-dark');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
    expect(errors).toEqual([]);
  });
});
