import { describe, expect, it } from 'vitest';
import { openPage, screenshot } from './support/browser';
import { useServedApp } from './support/served';

describe('smoke: web mode through the headless host', () => {
  const served = useServedApp();

  it('creates a session from a template in the UI and sees it listed', async () => {
    const { page, errors } = await openPage(served.browser, served.app.url);

    await page.getByTestId('sessions-empty').waitFor();
    await screenshot(page, 'smoke', '01-home-empty');

    await page.getByTestId('nav-new').click();
    await page.getByTestId('new-session-screen').waitFor();
    await page.getByTestId('session-title-input').fill('Discovery call with Acme');
    // The system templates come from the core over the WebSocket.
    const salesOption = page.locator('[data-testid="template-select"] option', { hasText: 'Sales call' });
    await salesOption.waitFor({ state: 'attached' });
    await page.getByTestId('template-select').selectOption({ label: 'Sales call' });
    const prepItems = page.getByTestId('prep-checklist').locator('li');
    await expect.poll(() => prepItems.count()).toBeGreaterThan(0);
    const prepCount = await prepItems.count();
    await page.getByTestId('ai-instructions-input').fill('Remind me to ask about the budget.');
    await screenshot(page, 'smoke', '02-new-session');
    await page.getByTestId('create-session').click();

    await page.getByTestId('session-heading').waitFor();
    expect(await page.getByTestId('session-heading').textContent()).toBe('Discovery call with Acme');
    await expect.poll(() => page.getByTestId('checklist-item').count()).toBe(prepCount);
    await screenshot(page, 'smoke', '03-session');

    await page.getByTestId('nav-home').click();
    const row = page.getByTestId('session-row').filter({ hasText: 'Discovery call with Acme' });
    await row.waitFor();
    expect(await row.textContent()).toContain('sales');
    expect(await page.getByTestId('session-row').count()).toBe(1);
    await screenshot(page, 'smoke', '04-home-listed');
    // Keyboard: from the last filter, Tab reaches the session row, which shows a focus ring.
    await page.getByTestId('filter-person').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate("document.activeElement?.getAttribute('data-testid')")).toBe('session-row');
    await screenshot(page, 'smoke', '04b-home-row-focused');
    // Narrow window and dark theme, for review.
    await page.setViewportSize({ width: 760, height: 800 });
    await screenshot(page, 'smoke', '05-home-narrow');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.getByTestId('nav-new').click();
    await page.getByTestId('new-session-screen').waitFor();
    await screenshot(page, 'smoke', '06-new-session-narrow-dark');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByTestId('nav-home').click();

    // A reload reads the list back from the database, not from page state.
    await page.reload();
    await page.getByTestId('session-row').filter({ hasText: 'Discovery call with Acme' }).waitFor();
    expect(errors).toEqual([]);
  });
});
