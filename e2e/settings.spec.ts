import { describe, expect, it } from 'vitest';
import { openPage, screenshot } from './support/browser';
import { useServedApp } from './support/served';

describe('settings and first run', () => {
  const served = useServedApp();

  it('switches the theme, shows the data folder and the search index', async () => {
    const { page, errors } = await openPage(served.browser, served.app.url);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-screen').waitFor();
    expect(await page.getByTestId('data-dir').textContent()).toBe(served.app.dataDir);
    await page.getByTestId('search-index-settings').locator('dd').first().waitFor();
    await screenshot(page, 'settings', '01-light');

    await page.getByTestId('appearance-dark').check();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await screenshot(page, 'settings', '02-dark');
    // The choice is remembered across reloads.
    await page.reload();
    await page.getByTestId('settings-screen').waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.getByTestId('appearance-light').check();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('light');
    expect(errors).toEqual([]);
  });

  it('opens the welcome tour on first run and lets the user skip it', async () => {
    const { page } = await openPage(served.browser, served.app.url, { isFirstRun: true });
    await page.getByTestId('onboarding-screen').waitFor();
    await page.getByTestId('onboarding-skip').click();
    await page.getByTestId('sessions-empty').waitFor();
  });

  it('navigates with the keyboard: skip link, tab order and Alt shortcuts', async () => {
    const { page } = await openPage(served.browser, served.app.url);
    await page.getByTestId('sessions-empty').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
    await page.keyboard.press('Alt+KeyN');
    await page.getByTestId('new-session-screen').waitFor();
    await page.keyboard.press('Alt+Comma');
    await page.getByTestId('settings-screen').waitFor();
    await page.keyboard.press('Alt+Digit1');
    await page.getByTestId('home-screen').waitFor();
    expect(await page.getByTestId('nav-home').getAttribute('aria-current')).toBe('page');
  });

  it('tells the user when the host goes away instead of failing silently', async () => {
    const { page } = await openPage(served.browser, served.app.url);
    await page.getByTestId('sessions-empty').waitFor();
    await served.app.stop();
    await page.getByTestId('connection-lost').waitFor();
    // A request made while disconnected fails with a clear message rather than hanging.
    await page.getByTestId('quick-record').click();
    await page.getByRole('alert').filter({ hasText: 'Lost the connection' }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'settings', '03-connection-lost');
  });
});
