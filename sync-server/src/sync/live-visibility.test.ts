import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNCED_TABLES } from '../../../src/shared/sync/tables';
import { runInTransaction } from '../db/queryable';
import { withAnonTx, withUserTx } from '../db/tx';
import { createLiveVisibility } from './live-visibility';
import { startSyncTestServer, type SyncTestServer } from './test-server';

let server: SyncTestServer;

beforeAll(async () => {
  server = await startSyncTestServer('lc_b2_live_visibility');
});
afterAll(async () => {
  await server?.close();
});

const rowSelect = (table: 'sessions' | 'transcripts') =>
  `select id::text as id, json_build_object(${SYNCED_TABLES[table].map((column) => `'${column}', "${column}"::text`).join(', ')})::text as value from public."${table}" where true`;

describe('live visibility: one statement for many users, the same answer as each user under RLS', () => {
  it('agrees with RLS for owners, members, roles, direct and organization shares (expired ones too)', async () => {
    const owner = await server.createUser();
    const member = await server.createUser({ orgId: owner.orgId, role: 'member' });
    const admin = await server.createUser({ orgId: owner.orgId, role: 'admin' });
    const outsider = await server.createUser();
    const outsiderAdmin = await server.createUser({ orgId: outsider.orgId, role: 'admin' });
    const guest = await server.createUser();
    const users = [owner, member, admin, outsider, outsiderAdmin, guest].map((user) => user.userId);
    const sessions: string[] = [];
    const lines: string[] = [];
    await server.service(async (query) => {
      const addSession = async (visibility: string) => {
        const id = randomUUID();
        sessions.push(id);
        await query(`insert into sessions (id, user_id, organization_id, title, visibility) values ($1, $2, $3, 'S', $4)`, [id, owner.userId, owner.orgId, visibility]);
        const line = randomUUID();
        lines.push(line);
        await query(`insert into transcripts (id, session_id, content, speaker, sequence_number) values ($1, $2, 'x', 'me', 1)`, [line, id]);
        return id;
      };
      await addSession('private');
      await addSession('organization');
      const direct = await addSession('shared');
      await query(`insert into shared_meetings (session_id, shared_by, shared_with) values ($1, $2, $3)`, [direct, owner.userId, guest.userId]);
      const expired = await addSession('shared');
      await query(`insert into shared_meetings (session_id, shared_by, shared_with, expires_at) values ($1, $2, $3, now() - interval '1 day')`, [expired, owner.userId, guest.userId]);
      const byRole = await addSession('shared');
      await query(`insert into organization_shared_meetings (session_id, organization_id, shared_by, share_scope, role_names) values ($1, $2, $3, 'role', '{admin}')`, [byRole, outsider.orgId, owner.userId]);
      const byOrg = await addSession('shared');
      await query(`insert into organization_shared_meetings (session_id, organization_id, shared_by, share_scope) values ($1, $2, $3, 'organization')`, [byOrg, outsider.orgId, owner.userId]);
      // A session of another organization marked organization-visible.
      const foreign = randomUUID();
      sessions.push(foreign);
      await query(`insert into sessions (id, user_id, organization_id, title, visibility) values ($1, $2, $3, 'F', 'organization')`, [foreign, outsider.userId, outsider.orgId]);
    });

    const visibility = createLiveVisibility();
    for (const [table, ids] of [['sessions', sessions], ['transcripts', lines]] as const) {
      const page = await runInTransaction(server.pool, async (tx) => {
        await tx.exec('set local role service_role');
        const rule = await visibility.ruleFor(tx, table);
        // The fast path must be taken here, or this test compares nothing.
        expect(rule).toBe(table === 'sessions' ? 'session' : 'session_child');
        return visibility.readPage(tx, table, rule ?? 'session', rowSelect(table), ids, users);
      });
      for (const userId of users) {
        const underRls = await withUserTx(server.pool, { sub: userId }, async (tx) =>
          (await tx.query<{ id: string }>(`select id::text as id from public.${table} where id = any($1::uuid[])`, [ids])).rows.map((row) => row.id),
        );
        const fast = ids.filter((id) => page.canRead(userId, id));
        expect({ table, userId, ids: fast.sort() }).toEqual({ table, userId, ids: underRls.sort() });
      }
      expect(page.orgsOf(member.userId)).toEqual(new Set([owner.orgId]));
    }
  });

  it('declines tables with other policies', async () => {
    const visibility = createLiveVisibility();
    const rules = await runInTransaction(server.pool, async (tx) => {
      await tx.exec('set local role service_role');
      const found = [];
      for (const table of ['users', 'organizations', 'templates', 'organization_members'] as const) found.push(await visibility.ruleFor(tx, table));
      return found;
    });
    expect(rules).toEqual([undefined, undefined, undefined, undefined]);
  });
});

// Migration 0020: app.readable_session_ids_for(users, sessions) must state exactly the rule of
// app.readable_session_ids() (which the read policies use), for many users at once.
describe('app.readable_session_ids_for agrees with app.readable_session_ids() of each user', () => {
  it('for every (user, session) pair of a world of owners, members, roles, visibilities and shares', async () => {
    // Two organizations; b's members read a's sessions only through shares.
    const ownerA = await server.createUser();
    const adminA = await server.createUser({ orgId: ownerA.orgId, role: 'admin' });
    const memberA = await server.createUser({ orgId: ownerA.orgId, role: 'member' });
    const ownerB = await server.createUser();
    const adminB = await server.createUser({ orgId: ownerB.orgId, role: 'admin' });
    const memberB = await server.createUser({ orgId: ownerB.orgId, role: 'member' });
    const loner = await server.createUser();
    const guest = await server.createUser();
    const lapsed = await server.createUser();
    const users = [ownerA, adminA, memberA, ownerB, adminB, memberB, loner, guest, lapsed].map((user) => user.userId);
    // memberB also belongs to organization a, as a member.
    await server.service((query) => query(`insert into organization_members (organization_id, user_id, role) values ($1, $2, 'member')`, [ownerA.orgId, memberB.userId]));

    const sessions: string[] = [];
    const named = new Map<string, string>();
    await server.service(async (query) => {
      const add = async (owner: { userId: string; orgId: string }, visibility: string) => {
        const id = randomUUID();
        sessions.push(id);
        await query(`insert into sessions (id, user_id, organization_id, title, visibility) values ($1, $2, $3, 'S', $4)`, [id, owner.userId, owner.orgId, visibility]);
        return id;
      };
      const shareWith = (session: string, by: string, to: string, expires: string | null) =>
        query(`insert into shared_meetings (session_id, shared_by, shared_with, expires_at) values ($1, $2, $3, ${expires ?? 'null'})`, [session, by, to]);
      const shareWithOrg = (session: string, org: string, by: string, scope: string, roles: string[]) =>
        query(`insert into organization_shared_meetings (session_id, organization_id, shared_by, share_scope, role_names) values ($1, $2, $3, $4, $5)`, [session, org, by, scope, roles]);

      await add(ownerA, 'private');
      await add(adminA, 'private');
      await add(ownerA, 'organization');
      await add(memberA, 'organization');
      await add(ownerB, 'organization');
      // Direct shares: open-ended, expiring later, expired (guest); shares on sessions that are not
      // 'shared' grant nothing.
      const direct = await add(ownerA, 'shared');
      await shareWith(direct, ownerA.userId, guest.userId, null);
      await shareWith(direct, ownerA.userId, lapsed.userId, `now() - interval '1 minute'`);
      await shareWith(direct, ownerA.userId, memberB.userId, `now() + interval '1 day'`);
      const expiredOnly = await add(memberA, 'shared');
      await shareWith(expiredOnly, memberA.userId, guest.userId, `now() - interval '1 day'`);
      const privateShared = await add(ownerA, 'private');
      await shareWith(privateShared, ownerA.userId, loner.userId, null);
      const orgShared = await add(ownerB, 'organization');
      await shareWith(orgShared, ownerB.userId, loner.userId, null);
      // Organization shares: whole organization, by role (admins; admins and members), by team
      // (grants nothing), and one on a session that is not 'shared'.
      const toOrg = await add(ownerA, 'shared');
      await shareWithOrg(toOrg, ownerB.orgId, ownerA.userId, 'organization', []);
      const toAdmins = await add(adminA, 'shared');
      await shareWithOrg(toAdmins, ownerB.orgId, adminA.userId, 'role', ['admin']);
      await shareWith(toAdmins, adminA.userId, lapsed.userId, `now() + interval '1 hour'`);
      const toRoles = await add(ownerB, 'shared');
      await shareWithOrg(toRoles, ownerA.orgId, ownerB.userId, 'role', ['admin', 'member']);
      const toTeam = await add(ownerB, 'shared');
      await shareWithOrg(toTeam, ownerA.orgId, ownerB.userId, 'team', []);
      const notShared = await add(ownerB, 'private');
      await shareWithOrg(notShared, ownerA.orgId, ownerB.userId, 'organization', []);
      // Shared, but with nobody.
      await add(loner, 'shared');
      named.set('direct', direct).set('expiredOnly', expiredOnly).set('toAdmins', toAdmins).set('privateShared', privateShared);
    });

    const pair = (userId: string, sessionId: string) => `${userId}|${sessionId}`;
    const together = await runInTransaction(server.pool, async (tx) => {
      await tx.exec('set local role service_role');
      const result = await tx.query<{ user_id: string; session_id: string }>(
        `select user_id::text as user_id, session_id::text as session_id from app.readable_session_ids_for($1::uuid[], $2::uuid[])`,
        [users, sessions],
      );
      return result.rows.map((row) => pair(row.user_id, row.session_id));
    });
    const oneByOne: string[] = [];
    for (const userId of users) {
      const readable = await withUserTx(server.pool, { sub: userId }, async (tx) =>
        (await tx.query<{ id: string }>(`select id::text as id from app.readable_session_ids() as r(id) where id = any($1::uuid[])`, [sessions])).rows,
      );
      oneByOne.push(...readable.map((row) => pair(userId, row.id)));
    }
    expect(together.length).toBe(new Set(together).size);
    expect([...together].sort()).toEqual([...oneByOne].sort());
    // The world is rich enough to mean something: every user reads some session, none reads all,
    // and expired shares give nothing.
    for (const userId of users) {
      const count = together.filter((entry) => entry.startsWith(`${userId}|`)).length;
      expect({ userId, some: count > 0, all: count === sessions.length }).toEqual({ userId, some: true, all: false });
    }
    expect(oneByOne.length).toBeGreaterThan(users.length * 2);
    const readBy = (userId: string) => together.filter((entry) => entry.startsWith(`${userId}|`)).map((entry) => entry.slice(userId.length + 1)).sort();
    expect(readBy(lapsed.userId)).toEqual([named.get('toAdmins')]);
    expect(readBy(guest.userId)).toEqual([named.get('direct')]);
    expect(readBy(loner.userId)).not.toContain(named.get('privateShared'));

    // Only the sessions asked about, and only the users asked about.
    const subset = await runInTransaction(server.pool, async (tx) => {
      await tx.exec('set local role service_role');
      const result = await tx.query<{ user_id: string; session_id: string }>(
        `select user_id::text as user_id, session_id::text as session_id from app.readable_session_ids_for($1::uuid[], $2::uuid[])`,
        [[guest.userId, null], sessions.slice(0, 6)],
      );
      return result.rows.map((row) => pair(row.user_id, row.session_id));
    });
    expect(subset.sort()).toEqual(oneByOne.filter((entry) => entry.startsWith(`${guest.userId}|`) && sessions.slice(0, 6).some((id) => entry.endsWith(id))).sort());
  });

  it('runs for service_role only: authenticated and anon may not call it', async () => {
    const user = await server.createUser();
    const call = (tx: { query: (text: string, params?: unknown[]) => Promise<unknown> }) =>
      tx.query(`select * from app.readable_session_ids_for($1::uuid[], $1::uuid[])`, [[user.userId]]).then(
        () => 'ok',
        (error: unknown) => String((error as { code?: unknown }).code),
      );
    expect(await withUserTx(server.pool, { sub: user.userId }, call)).toBe('42501');
    expect(await withAnonTx(server.pool, call)).toBe('42501');
    expect(await runInTransaction(server.pool, async (tx) => { await tx.exec('set local role service_role'); return call(tx); })).toBe('ok');
  });
});
