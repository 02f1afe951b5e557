import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage, screenshot } from './support/browser';
import { useServedApp } from './support/served';
import { connectRpc } from './support/rpc';

async function createSession(page: Page, title: string, template: string): Promise<void> {
  await page.getByTestId('nav-new').click();
  await page.getByTestId('session-title-input').fill(title);
  await page.locator('[data-testid="template-select"] option', { hasText: template }).waitFor({ state: 'attached' });
  await page.getByTestId('template-select').selectOption({ label: template });
  await page.getByTestId('create-session').click();
  await page.getByTestId('session-heading').waitFor();
}

describe('session page: notes and checklist', () => {
  const served = useServedApp();

  it('adds, edits and deletes notes and ticks checklist items, and all of it survives a reload', async () => {
    const { page, errors } = await openPage(served.browser, served.app.url);
    await createSession(page, 'Candidate interview: Sam', 'Job interview');

    // Notes: add two, edit one, delete the other.
    await page.getByTestId('note-input').fill('Strong on system design');
    await page.getByTestId('note-add').click();
    await page.getByTestId('note-category').selectOption('question');
    await page.getByTestId('note-input').fill('Ask about notice period');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('note-item').count()).toBe(2);

    const first = page.getByTestId('note-item').filter({ hasText: 'Strong on system design' });
    await first.getByTestId('note-edit').click();
    // While editing, the note shows an input instead of its text, so address the only editor.
    await page.getByTestId('note-edit-input').fill('Strong on system design and testing');
    await page.getByTestId('note-save').click();
    await page.getByTestId('note-content').filter({ hasText: 'Strong on system design and testing' }).waitFor();

    await page.getByTestId('note-item').filter({ hasText: 'Ask about notice period' }).getByTestId('note-delete').click();
    await expect.poll(() => page.getByTestId('note-item').count()).toBe(1);

    // Checklist: the template's items are there; tick two, add one, remove one.
    const items = page.getByTestId('checklist-item');
    await expect.poll(() => items.count()).toBeGreaterThan(2);
    const templateCount = await items.count();
    await items.nth(0).getByTestId('checklist-toggle').check();
    await items.nth(1).getByTestId('checklist-toggle').check();
    await page.getByTestId('checklist-input').fill('Share the take-home brief');
    await page.getByTestId('checklist-add').click();
    await expect.poll(() => items.count()).toBe(templateCount + 1);
    await items.nth(2).getByTestId('checklist-delete').click();
    await expect.poll(() => items.count()).toBe(templateCount);
    await expect.poll(() => page.getByTestId('checklist-progress').textContent()).toBe(`2/${templateCount}`);
    await screenshot(page, 'session-page', '01-notes-checklist');

    await page.reload();
    await page.getByTestId('session-heading').waitFor();
    await expect.poll(() => page.getByTestId('note-item').count()).toBe(1);
    expect(await page.getByTestId('note-content').textContent()).toBe('Strong on system design and testing');
    expect(await page.getByTestId('note-item').textContent()).toContain('Key point');
    await expect.poll(() => page.getByTestId('checklist-progress').textContent()).toBe(`2/${templateCount}`);
    expect(await page.getByTestId('checklist-item').filter({ hasText: 'Share the take-home brief' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it('rejects an empty title with a clear message and creates nothing', async () => {
    const { page } = await openPage(served.browser, served.app.url);
    await page.getByTestId('sessions-empty').waitFor();
    await page.getByTestId('nav-new').click();
    await page.getByTestId('session-title-input').fill('   ');
    await page.getByTestId('create-session').click();
    expect(await page.getByTestId('new-session-error').textContent()).toContain('title');
    // The message sits under the title, which gets the focus back and is marked invalid.
    expect(await page.evaluate("document.activeElement?.getAttribute('data-testid')")).toBe('session-title-input');
    expect(await page.getByTestId('session-title-input').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'session-page', '00-title-error');
    await page.getByTestId('nav-home').click();
    await page.getByTestId('sessions-empty').waitFor();
  });

  it('is usable in the dark theme', async () => {
    const { page } = await openPage(served.browser, served.app.url, { colorScheme: 'dark' });
    await createSession(page, 'Weekly product sync', 'Team meeting');
    await page.getByTestId('note-input').fill('Ship the beta on Friday');
    await page.getByTestId('note-add').click();
    await page.getByTestId('note-item').waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await screenshot(page, 'session-page', '02-dark');
    await page.getByTestId('nav-home').click();
    await page.getByTestId('session-row').waitFor();
    await screenshot(page, 'session-page', '03-home-dark');
  });

  it('prepares a session with a document and a linked earlier conversation', async () => {
    const rpc = await connectRpc(served.app.url);
    const earlier = await rpc.call<{ id: string }>('sessions.create', { title: 'First call with Acme' });
    const dir = mkdtempSync(join(tmpdir(), 'lc-e2e-docs-'));
    try {
      const brief = join(dir, 'acme-brief.txt');
      writeFileSync(brief, 'Acme runs forty support agents. Budget approved for a pilot in March. Decision maker: Dana Lee.');
      const bogus = join(dir, 'setup.exe');
      writeFileSync(bogus, 'MZ not a document');

      const { page, errors } = await openPage(served.browser, served.app.url);
      await page.getByTestId('nav-new').click();
      await page.getByTestId('session-title-input').fill('Second call with Acme');
      await page.getByTestId('document-input').setInputFiles([brief, bogus]);
      // The unsupported file is refused with a clear message; the brief stays.
      expect(await page.getByTestId('new-session-error').textContent()).toContain('setup.exe');
      expect(await page.getByTestId('pending-documents').textContent()).toContain('acme-brief.txt');
      await page.locator('[data-testid="link-select"] option', { hasText: 'First call with Acme' }).waitFor({ state: 'attached' });
      await page.getByTestId('link-select').selectOption({ label: 'First call with Acme' });
      await page.getByTestId('link-add').click();
      expect(await page.getByTestId('linked-sessions').textContent()).toContain('First call with Acme');
      await screenshot(page, 'session-page', '04-new-with-documents');
      await page.getByTestId('create-session').click();

      await page.getByTestId('session-heading').filter({ hasText: 'Second call with Acme' }).waitFor();
      await page.locator('[data-testid="document-item"][data-status="completed"]').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('document-item').textContent()).toContain('acme-brief.txt');
      await screenshot(page, 'session-page', '05-session-with-document');
      const sessionId = await page.getByTestId('session-screen').getAttribute('data-session-id');
      const links = await rpc.call<{ linked_session_id: string }[]>('links.list', { session_id: sessionId });
      expect(links.map((l) => l.linked_session_id)).toEqual([earlier.id]);
      expect(errors).toEqual([]);
    } finally {
      rpc.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
