import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenService } from '../../auth/tokens';
import { bearer, createTestApp, signUp, type SignedUp, type TestApp } from '../../testing/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function call(user: SignedUp | string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
  const token = typeof user === 'string' ? user : user.accessToken;
  return t.app.inject({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload }) });
}

async function createOrg(owner: SignedUp, name: string): Promise<string> {
  const response = await call(owner, 'POST', '/v1/organizations', { name });
  expect(response.statusCode).toBe(201);
  return response.json().organization.id as string;
}

async function invite(admin: SignedUp, orgId: string, email: string, role: 'member' | 'admin' = 'member'): Promise<string> {
  const response = await call(admin, 'POST', `/v1/organizations/${orgId}/invitations`, { email, role });
  expect(response.statusCode).toBe(201);
  return response.json().token as string;
}

describe('organizations', () => {
  it('creates, lists and switches; the new access token carries the organization', async () => {
    const owner = await signUp(t.app, 'owner@example.com');
    const created = await call(owner, 'POST', '/v1/organizations', { name: 'Acme', slug: 'acme', description: 'Rockets' });
    expect(created.statusCode).toBe(201);
    const org = created.json().organization;
    expect(org).toMatchObject({ name: 'Acme', slug: 'acme', role: 'owner', maxMembers: null });

    const list = await call(owner, 'GET', '/v1/organizations');
    expect(list.json().organizations.map((o: { id: string; role: string }) => [o.id, o.role])).toEqual([
      [owner.orgId, 'owner'],
      [org.id, 'owner'],
    ]);
    expect(list.json().currentOrganizationId).toBe(owner.orgId);

    const switched = await call(owner, 'POST', `/v1/organizations/${org.id}/switch`);
    expect(switched.statusCode).toBe(200);
    const claims = await createTokenService({ secret: t.config.jwtSecret }).verifyAccessToken(switched.json().accessToken);
    expect(claims.org).toBe(org.id);
    const me = await call(switched.json().accessToken, 'GET', '/v1/me');
    expect(me.json().user.currentOrganizationId).toBe(org.id);

    // A refresh after switching keeps the organization.
    const refreshed = await t.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: owner.refreshToken } });
    expect((await createTokenService({ secret: t.config.jwtSecret }).verifyAccessToken(refreshed.json().accessToken)).org).toBe(org.id);

    const taken = await call(owner, 'POST', '/v1/organizations', { name: 'Other Acme', slug: 'acme' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('org.slug_taken');
    const badSlug = await call(owner, 'POST', '/v1/organizations', { name: 'X', slug: 'Not A Slug' });
    expect(badSlug.statusCode).toBe(400);
  });

  it('cannot switch to, read or list members of an organization the user is not in', async () => {
    const alice = await signUp(t.app, 'alice-iso@example.com');
    const bob = await signUp(t.app, 'bob-iso@example.com');
    for (const [method, url] of [
      ['POST', `/v1/organizations/${alice.orgId}/switch`],
      ['GET', `/v1/organizations/${alice.orgId}`],
      ['GET', `/v1/organizations/${alice.orgId}/members`],
    ] as const) {
      const response = await call(bob, method, url);
      expect({ url, status: response.statusCode, code: response.json().error.code }).toEqual({ url, status: 404, code: 'org.not_found' });
    }
    const notUuid = await call(bob, 'GET', '/v1/organizations/not-a-uuid');
    expect(notUuid.statusCode).toBe(400);
    const me = await call(bob, 'GET', '/v1/me');
    expect(me.json().user.currentOrganizationId).toBe(bob.orgId);
  });
});

describe('invitations and members', () => {
  it('invite → accept adds the member with the invited role; members list shows roles and permissions', async () => {
    const owner = await signUp(t.app, 'inv-owner@example.com');
    const orgId = await createOrg(owner, 'Team');
    const carol = await signUp(t.app, 'carol@example.com');
    const token = await invite(owner, orgId, 'Carol@Example.com', 'admin');

    const accepted = await call(carol, 'POST', '/v1/invitations/accept', { token });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ status: 'accepted', organizationId: orgId, role: 'admin' });

    const members = await call(carol, 'GET', `/v1/organizations/${orgId}/members`);
    expect(members.json().members.map((m: { email: string; role: string; permissions: unknown }) => [m.email, m.role, m.permissions])).toEqual([
      ['inv-owner@example.com', 'owner', {}],
      ['carol@example.com', 'admin', {}],
    ]);
    const again = await call(carol, 'POST', '/v1/invitations/accept', { token });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('invitation.not_pending');

    const listed = await call(owner, 'GET', `/v1/organizations/${orgId}/invitations`);
    expect(listed.json().invitations[0]).toMatchObject({ email: 'carol@example.com', status: 'accepted' });
    expect(JSON.stringify(listed.json())).not.toContain(token);
  });

  it('decline, wrong invitee, expired and unknown tokens are refused without adding anyone', async () => {
    const owner = await signUp(t.app, 'dec-owner@example.com');
    const orgId = await createOrg(owner, 'Decliners');
    const dave = await signUp(t.app, 'dave@example.com');
    const erin = await signUp(t.app, 'erin@example.com');

    const declineToken = await invite(owner, orgId, 'dave@example.com');
    const wrongPerson = await call(erin, 'POST', '/v1/invitations/accept', { token: declineToken });
    expect(wrongPerson.statusCode).toBe(403);
    const declined = await call(dave, 'POST', '/v1/invitations/decline', { token: declineToken });
    expect(declined.json()).toEqual({ status: 'declined', organizationId: orgId });
    const afterDecline = await call(dave, 'POST', '/v1/invitations/accept', { token: declineToken });
    expect(afterDecline.statusCode).toBe(409);

    const expiredToken = await invite(owner, orgId, 'erin@example.com');
    await t.db.pool.query(`update organization_invitations set expires_at = now() - interval '1 minute' where invitation_token = $1`, [expiredToken]);
    const expired = await call(erin, 'POST', '/v1/invitations/accept', { token: expiredToken });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('invitation.expired');
    const status = await t.db.pool.query('select status from organization_invitations where invitation_token = $1', [expiredToken]);
    expect(status.rows[0]?.status).toBe('expired');

    const unknown = await call(erin, 'POST', '/v1/invitations/accept', { token: 'u'.repeat(43) });
    expect(unknown.statusCode).toBe(404);

    const members = await call(owner, 'GET', `/v1/organizations/${orgId}/members`);
    expect(members.json().members).toHaveLength(1);
  });

  it('only owners and admins invite', async () => {
    const owner = await signUp(t.app, 'only-owner@example.com');
    const orgId = await createOrg(owner, 'Gatekept');
    const frank = await signUp(t.app, 'frank@example.com');
    await call(frank, 'POST', '/v1/invitations/accept', { token: await invite(owner, orgId, 'frank@example.com') });
    const byMember = await call(frank, 'POST', `/v1/organizations/${orgId}/invitations`, { email: 'someone@example.com' });
    expect(byMember.statusCode).toBe(403);
    const listByMember = await call(frank, 'GET', `/v1/organizations/${orgId}/invitations`);
    expect(listByMember.statusCode).toBe(403);
    const badEmail = await call(owner, 'POST', `/v1/organizations/${orgId}/invitations`, { email: 'not an email' });
    expect(badEmail.statusCode).toBe(400);
  });

  it('enforces max_members on invite and on accept', async () => {
    const owner = await signUp(t.app, 'max-owner@example.com');
    const orgId = await createOrg(owner, 'Small');
    await t.db.pool.query('update organizations set max_members = 2 where id = $1', [orgId]);
    const gina = await signUp(t.app, 'gina@example.com');
    const hank = await signUp(t.app, 'hank@example.com');
    const ginaToken = await invite(owner, orgId, 'gina@example.com');
    const hankToken = await invite(owner, orgId, 'hank@example.com');
    expect((await call(gina, 'POST', '/v1/invitations/accept', { token: ginaToken })).statusCode).toBe(200);

    const full = await call(hank, 'POST', '/v1/invitations/accept', { token: hankToken });
    expect(full.statusCode).toBe(409);
    expect(full.json().error).toMatchObject({ code: 'org.member_limit', details: { maxMembers: 2 } });
    const noMoreInvites = await call(owner, 'POST', `/v1/organizations/${orgId}/invitations`, { email: 'ivan@example.com' });
    expect(noMoreInvites.json().error.code).toBe('org.member_limit');
    const count = await t.db.pool.query<{ n: string }>('select count(*) as n from organization_members where organization_id = $1', [orgId]);
    expect(Number(count.rows[0]?.n)).toBe(2);
  });

  it('concurrent accepts cannot overshoot max_members', async () => {
    const owner = await signUp(t.app, 'race-owner@example.com');
    const orgId = await createOrg(owner, 'Race');
    await t.db.pool.query('update organizations set max_members = 2 where id = $1', [orgId]);
    const racers = await Promise.all(['race-1@example.com', 'race-2@example.com', 'race-3@example.com'].map((email) => signUp(t.app, email)));
    const tokens = await Promise.all(racers.map((racer) => invite(owner, orgId, racer.email)));
    const responses = await Promise.all(racers.map((racer, i) => call(racer, 'POST', '/v1/invitations/accept', { token: tokens[i] })));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    const count = await t.db.pool.query<{ n: string }>('select count(*) as n from organization_members where organization_id = $1', [orgId]);
    expect(Number(count.rows[0]?.n)).toBe(2);
  });

  it('removal: admins remove members, members cannot remove others, the last owner stays', async () => {
    const owner = await signUp(t.app, 'rm-owner@example.com');
    const orgId = await createOrg(owner, 'Removals');
    const admin = await signUp(t.app, 'rm-admin@example.com');
    const member = await signUp(t.app, 'rm-member@example.com');
    const other = await signUp(t.app, 'rm-other@example.com');
    await call(admin, 'POST', '/v1/invitations/accept', { token: await invite(owner, orgId, 'rm-admin@example.com', 'admin') });
    for (const user of [member, other]) {
      await call(user, 'POST', '/v1/invitations/accept', { token: await invite(owner, orgId, user.email) });
    }
    // The member works in this organization, then gets removed.
    const switched = await call(member, 'POST', `/v1/organizations/${orgId}/switch`);
    expect(switched.statusCode).toBe(200);

    const byMember = await call(other, 'DELETE', `/v1/organizations/${orgId}/members/${admin.userId}`);
    expect(byMember.statusCode).toBe(403);
    const adminRemovesOwner = await call(admin, 'DELETE', `/v1/organizations/${orgId}/members/${owner.userId}`);
    expect(adminRemovesOwner.statusCode).toBe(403);
    const lastOwner = await call(owner, 'DELETE', `/v1/organizations/${orgId}/members/${owner.userId}`);
    expect(lastOwner.statusCode).toBe(409);
    expect(lastOwner.json().error.code).toBe('org.last_owner');

    const removed = await call(admin, 'DELETE', `/v1/organizations/${orgId}/members/${member.userId}`);
    expect(removed.statusCode).toBe(204);
    const left = await call(other, 'DELETE', `/v1/organizations/${orgId}/members/${other.userId}`);
    expect(left.statusCode).toBe(204);
    const members = await call(owner, 'GET', `/v1/organizations/${orgId}/members`);
    expect(members.json().members.map((m: { email: string }) => m.email)).toEqual(['rm-owner@example.com', 'rm-admin@example.com']);

    // The removed member's current organization falls back to one they still belong to.
    const me = await call(member, 'GET', '/v1/me');
    expect(me.json().user.currentOrganizationId).toBe(member.orgId);
    const gone = await call(member, 'GET', `/v1/organizations/${orgId}/members`);
    expect(gone.statusCode).toBe(404);
  });

  it('role changes: owners promote and demote, admins cannot touch owners, the last owner stays', async () => {
    const owner = await signUp(t.app, 'role-owner@example.com');
    const orgId = await createOrg(owner, 'Roles');
    const admin = await signUp(t.app, 'role-admin@example.com');
    const member = await signUp(t.app, 'role-member@example.com');
    await call(admin, 'POST', '/v1/invitations/accept', { token: await invite(owner, orgId, admin.email, 'admin') });
    await call(member, 'POST', '/v1/invitations/accept', { token: await invite(owner, orgId, member.email) });
    const patch = (actor: SignedUp, target: SignedUp, role: string) =>
      t.app.inject({ method: 'PATCH', url: `/v1/organizations/${orgId}/members/${target.userId}`, headers: bearer(actor.accessToken), payload: { role } });

    expect((await patch(member, admin, 'member')).statusCode).toBe(403);
    expect((await patch(admin, member, 'owner')).statusCode).toBe(403);
    expect((await patch(admin, owner, 'member')).statusCode).toBe(403);
    const lastOwner = await patch(owner, owner, 'admin');
    expect(lastOwner.statusCode).toBe(409);
    expect(lastOwner.json().error.code).toBe('org.last_owner');
    expect((await patch(owner, member, 'superuser')).statusCode).toBe(400);

    expect((await patch(admin, member, 'admin')).statusCode).toBe(204);
    expect((await patch(owner, admin, 'owner')).statusCode).toBe(204);
    expect((await patch(owner, owner, 'member')).statusCode).toBe(204);
    const members = await call(admin, 'GET', `/v1/organizations/${orgId}/members`);
    expect(members.json().members.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      ['role-owner@example.com', 'member'],
      ['role-admin@example.com', 'owner'],
      ['role-member@example.com', 'admin'],
    ]);
  });

  it('requires a valid access token', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/v1/organizations' });
    expect(response.statusCode).toBe(401);
  });
});
