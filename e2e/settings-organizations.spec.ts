import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../src/core/sync/testing/server-process';
import { openPage, screenshot } from './support/browser';
import { useServedApp } from './support/served';

const PASSWORD = 'correct horse battery';

describe('settings: account, sync and the organization switcher', () => {
  const served = useServedApp();
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess('lc_b2_h4_e2e_orgs');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('signs in to a real sync server, lists organizations, creates one, switches to a team and records there', async () => {
    const email = `ada-${randomUUID()}@example.test`;
    const me = await server.signUp(email, PASSWORD);
    // A colleague's team that I have joined.
    const colleague = await server.signUp(`grace-${randomUUID()}@example.test`, PASSWORD);
    const team = await fetch(`${server.url}/v1/organizations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${colleague.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Research team' }),
    }).then(async (response) => ((await response.json()) as { organization: { id: string } }).organization);
    const invite = await fetch(`${server.url}/v1/organizations/${team.id}/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${colleague.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    }).then(async (response) => (await response.json()) as { token: string });
    const accepted = await fetch(`${server.url}/v1/invitations/accept`, {
      method: 'POST',
      headers: { authorization: `Bearer ${me.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ token: invite.token }),
    });
    expect(accepted.status).toBe(200);

    const { page, errors } = await openPage(served.browser, served.app.url);
    await page.getByTestId('nav-settings').click();
    const sync = page.getByTestId('sync-settings');
    await sync.getByLabel('Server').fill(server.url);
    await sync.getByLabel('Email').fill(email);
    await sync.getByLabel('Password').fill(PASSWORD);
    await sync.getByRole('button', { name: 'Sign in' }).click();

    const switcher = sync.getByTestId('org-switcher');
    await switcher.getByTestId('org-row').nth(1).waitFor();
    const rows = switcher.getByTestId('org-row');
    expect(await rows.count()).toBe(2);
    const current = switcher.locator('[data-current="true"]');
    expect(await current.count()).toBe(1);
    expect(await current.textContent()).toContain('Owner');
    expect(await switcher.locator('[data-current="false"]').textContent()).toContain('Research team');
    await sync.getByTestId('sync-state').filter({ hasText: 'Synced' }).waitFor({ timeout: 30_000 });
    await sync.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-organizations', '01-signed-in');

    // Create an organization: it joins the list, and the current one does not change.
    await switcher.getByLabel('New organization').fill('Side project');
    await switcher.getByLabel('New organization').press('Enter');
    await switcher.getByTestId('org-notice').filter({ hasText: 'Created Side project' }).waitFor();
    expect(await rows.count()).toBe(3);
    expect(await switcher.getByLabel('New organization').inputValue()).toBe('');
    expect(await current.textContent()).toContain('Owner');

    // Switch to the team from the keyboard.
    await switcher.getByRole('button', { name: 'Switch to Research team' }).focus();
    await page.keyboard.press('Enter');
    await switcher.getByTestId('org-notice').filter({ hasText: 'Switched to Research team' }).waitFor();
    expect(await current.textContent()).toContain('Research team');
    expect(await current.textContent()).toContain('Member');
    await screenshot(page, 'settings-organizations', '02-switched');

    // A session made now belongs to the team on the server.
    await page.getByTestId('nav-new').click();
    await page.getByTestId('new-session-screen').waitFor();
    await page.getByTestId('session-title-input').fill('Team interview');
    await page.getByTestId('create-session').click();
    await expect
      .poll(async () => (await server.pool.query(`select organization_id from sessions where title = 'Team interview' and user_id = $1`, [me.userId])).rows[0]?.organization_id, {
        timeout: 30_000,
      })
      .toBe(team.id);

    // The switch survives a reload (the host keeps the new token).
    await page.getByTestId('nav-settings').click();
    await page.reload();
    await switcher.locator('[data-current="true"]').filter({ hasText: 'Research team' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('explains a failed switch and keeps the current organization', async () => {
    const email = `lin-${randomUUID()}@example.test`;
    await server.signUp(email, PASSWORD);
    const { page, errors } = await openPage(served.browser, served.app.url);
    await page.getByTestId('nav-settings').click();
    const sync = page.getByTestId('sync-settings');
    await sync.getByLabel('Server').fill(server.url);
    await sync.getByLabel('Email').fill(email);
    await sync.getByLabel('Password').fill(PASSWORD);
    await sync.getByRole('button', { name: 'Sign in' }).click();
    const switcher = sync.getByTestId('org-switcher');
    await switcher.getByTestId('org-current').waitFor();

    // Another device removes the organization the list still shows: switching to it must fail clearly.
    await switcher.getByLabel('New organization').fill('Short-lived');
    await switcher.getByTestId('org-create').click();
    await switcher.getByTestId('org-notice').waitFor();
    await server.pool.query(`delete from organizations where name = 'Short-lived'`);
    await switcher.getByRole('button', { name: 'Switch to Short-lived' }).click();
    await switcher.getByTestId('org-error').filter({ hasText: 'no longer exists' }).waitFor();
    // The list is read again, so the gone organization disappears.
    await expect.poll(() => switcher.getByTestId('org-row').count()).toBe(1);
    expect(await switcher.getByTestId('org-current').count()).toBe(1);
    expect(await switcher.locator('[data-current="true"]').textContent()).not.toContain('Short-lived');
    await screenshot(page, 'settings-organizations', '03-switch-failed');

    await sync.getByTestId('sync-sign-out').click();
    await sync.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await sync.getByTestId('org-switcher').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
