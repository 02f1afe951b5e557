import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNCED_TABLES } from '../../../src/shared/sync/tables';
import { runInTransaction } from '../db/queryable';
import { withUserTx } from '../db/tx';
import { createLiveVisibility, pairsQueryFrom } from './live-visibility';
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

  it('declines tables with other policies and a readable_session_ids() of another form', async () => {
    const visibility = createLiveVisibility();
    const rules = await runInTransaction(server.pool, async (tx) => {
      await tx.exec('set local role service_role');
      const found = [];
      for (const table of ['users', 'organizations', 'templates', 'organization_members'] as const) found.push(await visibility.ruleFor(tx, table));
      return found;
    });
    expect(rules).toEqual([undefined, undefined, undefined, undefined]);
    const body = `
  with me as (select auth.uid() as id)
  select s.id from public.sessions s, me where s.user_id = me.id
  union
  select s.id from public.sessions s where s.visibility = 'public'`;
    expect(pairsQueryFrom(body)).toBeUndefined();
    expect(pairsQueryFrom(body.replace("where s.visibility = 'public'", ', me where s.user_id = me.id'))).toContain('unnest($1::uuid[])');
    expect(pairsQueryFrom(`${body.split('\n  union')[0]} and current_setting('x') = 'y'`)).toBeUndefined();
  });
});
