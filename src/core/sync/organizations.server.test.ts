import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { createCore, type CoreApi } from '../create-core';
import { createMemorySecretStore, type SecretStore } from '../ports';
import { startServerProcess, type ServerProcess } from './testing/server-process';

const PASSWORD = 'correct horse battery';
let server: ServerProcess;
let dir: string;
const cores: CoreApi[] = [];

beforeAll(async () => {
  server = await startServerProcess('lc_b2_h4_orgs');
  dir = mkdtempSync(join(tmpdir(), 'lc-h4-orgs-'));
});
afterAll(async () => {
  for (const core of cores) await core.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function openCore(name: string, secrets: SecretStore): CoreApi {
  const core = createCore({ databasePath: join(dir, `${name}.sqlite`), dataDir: join(dir, name), secrets });
  cores.push(core);
  return core;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function api(path: string, token: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(caught instanceof AppError)) throw new Error(`expected an AppError, got ${String(caught)}`);
  return caught;
}

function mirrorRow(core: CoreApi, sql: string, ...params: unknown[]): Record<string, unknown> | undefined {
  return core.internals.db.raw.prepare(sql).get(...params) as Record<string, unknown> | undefined;
}

describe('organization switcher (desktop sync against the real server)', () => {
  it('lists, creates and switches organizations; the mirror and new rows follow the new organization, also after a restart', async () => {
    const email = `switcher-${randomUUID()}@example.test`;
    const me = await server.signUp(email, PASSWORD);
    const secrets = createMemorySecretStore();
    const core = openCore('switcher', secrets);

    // Signed out there is nothing to list, and the error says why.
    expect((await rejection(core['sync.organizations']({}))).code).toBe('auth.unauthenticated');

    await core['sync.signIn']({ serverUrl: server.url, email, password: PASSWORD });
    const initial = await core['sync.organizations']({});
    expect(initial.organizations).toHaveLength(1);
    expect(initial.currentOrganizationId).toBe(me.orgId);
    expect(initial.organizations[0]).toMatchObject({ id: me.orgId, role: 'owner' });

    // A colleague's team invites me; a session shared with the team exists before I switch.
    const colleague = await server.signUp(`colleague-${randomUUID()}@example.test`, PASSWORD);
    const team = (await api('/v1/organizations', colleague.accessToken, { name: 'Design team' }))['organization'] as { id: string };
    const invite = await api(`/v1/organizations/${team.id}/invitations`, colleague.accessToken, { email });
    await api('/v1/invitations/accept', me.accessToken, { token: invite['token'] });
    const sharedId = randomUUID();
    await server.pool.query(
      `insert into sessions (id, user_id, organization_id, title, visibility, status) values ($1, $2, $3, 'Team kickoff', 'organization', 'draft')`,
      [sharedId, colleague.userId, team.id],
    );

    const created = await core['sync.createOrganization']({ name: 'My side project' });
    expect(created.organizations.map((org) => org.name).sort()).toEqual(['Design team', 'My side project', initial.organizations[0]?.name].sort());
    expect(created.organizations.find((org) => org.name === 'Design team')?.role).toBe('member');
    expect(created.organizations.find((org) => org.name === 'My side project')?.role).toBe('owner');
    expect(created.currentOrganizationId).toBe(me.orgId);

    const switched = await core['sync.switchOrganization']({ organizationId: team.id });
    expect(switched.currentOrganizationId).toBe(team.id);
    expect(core.internals.sync.currentUser()).toEqual({ userId: me.userId, organizationId: team.id });
    // The restarted streams bring the team's rows and my users row with its new current organization.
    await until(() => mirrorRow(core, 'SELECT 1 AS x FROM sessions WHERE id = ?', sharedId) !== undefined);
    await until(() => mirrorRow(core, 'SELECT current_organization_id AS org FROM users WHERE id = ?', me.userId)?.['org'] === team.id);

    // A session recorded now belongs to the team on the server.
    const session = await core['sessions.create']({ title: 'Written after the switch' });
    expect(session.organization_id).toBe(team.id);
    core.internals.sync.flush();
    await until(async () => (await server.pool.query('select organization_id from sessions where id = $1', [session.id])).rows[0]?.organization_id === team.id);

    // A restart resumes in the team.
    await core.close();
    cores.splice(cores.indexOf(core), 1);
    const restarted = openCore('switcher', secrets);
    await until(() => restarted.internals.sync.currentUser().organizationId === team.id);
    expect((await restarted['sync.organizations']({})).currentOrganizationId).toBe(team.id);

    // Back to the personal organization: it sticks on the server too, where a later token refresh reads it.
    const back = await restarted['sync.switchOrganization']({ organizationId: me.orgId });
    expect(back.currentOrganizationId).toBe(me.orgId);
    const row = await server.pool.query('select current_organization_id from users where id = $1', [me.userId]);
    expect(row.rows[0]?.current_organization_id).toBe(me.orgId);
  });

  it('refuses an organization the user is not a member of, and keeps the current one', async () => {
    const email = `outsider-${randomUUID()}@example.test`;
    const me = await server.signUp(email, PASSWORD);
    const stranger = await server.signUp(`stranger-${randomUUID()}@example.test`, PASSWORD);
    const core = openCore('outsider', createMemorySecretStore());
    await core['sync.signIn']({ serverUrl: server.url, email, password: PASSWORD });

    const error = await rejection(core['sync.switchOrganization']({ organizationId: stranger.orgId }));
    expect(error.code).toBe('org.not_found');
    expect(core.internals.sync.currentUser().organizationId).toBe(me.orgId);
    expect((await core['sync.organizations']({})).organizations.map((org) => org.id)).toEqual([me.orgId]);
  });

  it('says the server cannot be reached instead of failing obscurely', async () => {
    const email = `unreachable-${randomUUID()}@example.test`;
    await server.signUp(email, PASSWORD);
    const core = openCore('unreachable', createMemorySecretStore());
    await core['sync.signIn']({ serverUrl: server.url, email, password: PASSWORD });
    // A real stored session, resumed on another device whose server address answers nothing.
    await core.internals.sync.close();
    const stored = JSON.parse((await core.internals.secrets.get('sync.session')) ?? '{}') as Record<string, unknown>;
    expect(stored['serverUrl']).toBe(server.url);
    const offline = openCore('unreachable-2', createMemorySecretStore());
    await offline.internals.secrets.set('sync.session', JSON.stringify({ ...stored, serverUrl: 'http://127.0.0.1:9' }));
    await offline.internals.sync.resume();
    const error = await rejection(offline['sync.organizations']({}));
    expect(error.code).toBe('sync.unauthorized');
    expect(error.message).toContain('cannot be reached');
  });
});
