import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAsAnon, actAsUser, attempt, createTestDatabase, withRootDb, type TestDatabase } from '../../test/db';

// Security-definer functions run with their owner's rights, so any that `authenticated` or `anon`
// may call is part of what a signed-in user can do with raw SQL. These are the policy helpers: each
// answers a question about the caller (auth.uid()) or, for own_personal_context, returns only the
// caller's own value. Anything else must be service-role only (migration 0021).
const CALLABLE_BY_USERS = [
  'app.can_read_session(uuid)',
  'app.can_write_session(uuid)',
  'app.is_comment_author(uuid)',
  'app.is_org_admin(uuid)',
  'app.is_org_member(uuid)',
  'app.is_org_owner(uuid)',
  'app.is_session_owner(uuid)',
  'app.is_shared_with_me(uuid,text)',
  'app.own_personal_context(uuid)',
  'app.owns_calendar_connection(uuid)',
  'app.readable_session_ids()',
  'app.session_refs_ok(uuid,uuid,uuid)',
  'app.shares_org_with(uuid)',
];

let db: TestDatabase;
const owner = randomUUID();
const colleague = randomUUID();
const stranger = randomUUID();
const org = randomUUID();
const otherOrg = randomUUID();
const session = randomUUID();

beforeAll(async () => {
  db = await createTestDatabase({ prefix: `${process.env['LC_TEST_DB_PREFIX'] || 'lc_b2_'}fnpriv_` });
  const q = (text: string, params: unknown[]) => db.pool.query(text, params);
  for (const id of [owner, colleague, stranger]) await q(`insert into users (id, email) values ($1, $2)`, [id, `${id}@privileges.test`]);
  await q(`insert into organizations (id, name) values ($1, 'Acme'), ($2, 'Other')`, [org, otherOrg]);
  await q(
    `insert into organization_members (organization_id, user_id, role) values ($1, $2, 'owner'), ($1, $3, 'member'), ($4, $5, 'owner')`,
    [org, owner, colleague, otherOrg, stranger],
  );
  await q(`insert into sessions (id, user_id, organization_id, title, visibility) values ($1, $2, $3, 'Plan', 'private')`, [session, owner, org]);
});

afterAll(async () => {
  await db?.drop();
});

describe('security-definer functions', () => {
  it('only the policy helpers can be called by signed-in or anonymous users', async () => {
    const result = await db.pool.query<{ fn: string }>(
      `select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname in ('app', 'auth', 'public') and p.prosecdef and p.prorettype <> 'trigger'::regtype
         and (has_function_privilege('authenticated', p.oid, 'execute') or has_function_privilege('anon', p.oid, 'execute'))
       order by 1`,
    );
    expect(result.rows.map((row) => row.fn)).toEqual(CALLABLE_BY_USERS);
  });

  it('refuses the sync helpers to a signed-in stranger and to anon', async () => {
    await withRootDb(db.pool, async (client) => {
      const epoch = async () => (await client.query<{ n: number }>(`select coalesce(max(epoch), 0)::int as n from sync_user_epochs where user_id = $1`, [owner])).rows[0]?.n;
      const before = await epoch();
      const calls = [
        [`select app.sync_bump_epochs(array[$1::uuid])`, [owner]],
        [`select app.sync_org_member_ids(array[$1::uuid])`, [org]],
        [`select app.sync_org_session_ids(array[$1::uuid])`, [org]],
        [`select * from app.sync_audience('sessions', jsonb_build_object('id', $1::uuid))`, [session]],
      ] as const;
      for (const [text, params] of calls) {
        const asStranger = await actAsUser(client, stranger, () => attempt(client, text, [...params]));
        expect(asStranger).toMatchObject({ ok: false, code: '42501' });
        const asAnon = await actAsAnon(client, () => attempt(client, text, [...params]));
        expect(asAnon).toMatchObject({ ok: false, code: '42501' });
      }
      expect(await epoch()).toBe(before);
    });
  });

  it('still lets the triggers use them when a user changes what others can read', async () => {
    await withRootDb(db.pool, async (client) => {
      const before = await client.query<{ n: number }>(`select coalesce(max(epoch), 0)::int as n from sync_user_epochs where user_id = $1`, [colleague]);
      const changed = await actAsUser(client, owner, () => attempt(client, `update sessions set visibility = 'organization' where id = $1`, [session]));
      expect(changed).toMatchObject({ ok: true, rowCount: 1 });
      const after = await client.query<{ n: number }>(`select coalesce(max(epoch), 0)::int as n from sync_user_epochs where user_id = $1`, [colleague]);
      expect(after.rows[0]?.n).toBeGreaterThan(before.rows[0]?.n ?? 0);
    });
  });
});
