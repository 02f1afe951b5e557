import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAsAnon, actAsUser, attempt, createTestDatabase, withRootDb, type TestDatabase } from '../../test/db';
import { withServiceTx, withUserTx } from './tx';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

interface People {
  owner: string;
  colleague: string;
  outsider: string;
  orgId: string;
}

// One organization with an owner and a colleague, plus an outsider who belongs to another organization.
async function seedPeople(client: pg.ClientBase): Promise<People> {
  const [owner, colleague, outsider] = [randomUUID(), randomUUID(), randomUUID()];
  for (const id of [owner, colleague, outsider]) {
    await client.query('insert into users (id, email) values ($1, $2)', [id, `${id}@example.test`]);
  }
  const org = await client.query<{ id: string }>(`insert into organizations (name) values ('Acme') returning id`);
  const other = await client.query<{ id: string }>(`insert into organizations (name) values ('Other') returning id`);
  const orgId = org.rows[0]?.id ?? '';
  await client.query(
    `insert into organization_members (organization_id, user_id, role) values ($1, $2, 'owner'), ($1, $3, 'member'), ($4, $5, 'owner')`,
    [orgId, owner, colleague, other.rows[0]?.id, outsider],
  );
  return { owner, colleague, outsider, orgId };
}

async function createSession(client: pg.ClientBase, people: People, visibility: string): Promise<string> {
  return actAsUser(client, people.owner, async () => {
    const session = await client.query<{ id: string }>(
      `insert into sessions (user_id, organization_id, title, visibility) values ($1, $2, 'Weekly sync', $3) returning id`,
      [people.owner, people.orgId, visibility],
    );
    const id = session.rows[0]?.id ?? '';
    await client.query(
      `insert into transcripts (session_id, content, speaker, sequence_number) values ($1, 'hello there', 'me', 1)`,
      [id],
    );
    return id;
  });
}

async function canSee(client: pg.ClientBase, userId: string, sessionId: string): Promise<{ session: number; transcripts: number }> {
  return actAsUser(client, userId, async () => {
    const session = await client.query('select 1 from sessions where id = $1', [sessionId]);
    const transcripts = await client.query('select 1 from transcripts where session_id = $1', [sessionId]);
    return { session: session.rowCount ?? 0, transcripts: transcripts.rowCount ?? 0 };
  });
}

async function addTranscript(client: pg.ClientBase, userId: string, sessionId: string): Promise<string> {
  const result = await actAsUser(client, userId, () =>
    // RETURNING makes the new row pass the read policy too (regression: set-based read policies).
    attempt(client, `insert into transcripts (session_id, content, speaker, sequence_number) values ($1, 'x', 'them', 2) returning id`, [sessionId]),
  );
  return result.ok ? 'inserted' : result.code;
}

describe('session visibility', () => {
  it('a private session and its transcripts are visible to the owner only', async () => {
    await withRootDb(db.pool, async (client) => {
      const people = await seedPeople(client);
      const sessionId = await createSession(client, people, 'private');
      expect(await canSee(client, people.owner, sessionId)).toEqual({ session: 1, transcripts: 1 });
      expect(await canSee(client, people.colleague, sessionId)).toEqual({ session: 0, transcripts: 0 });
      expect(await canSee(client, people.outsider, sessionId)).toEqual({ session: 0, transcripts: 0 });
      expect(await addTranscript(client, people.colleague, sessionId)).toBe('42501');
    });
  });

  it('an organization session is readable by members, writable by the owner only, invisible outside', async () => {
    await withRootDb(db.pool, async (client) => {
      const people = await seedPeople(client);
      const sessionId = await createSession(client, people, 'organization');
      expect(await canSee(client, people.colleague, sessionId)).toEqual({ session: 1, transcripts: 1 });
      expect(await canSee(client, people.outsider, sessionId)).toEqual({ session: 0, transcripts: 0 });
      expect(await addTranscript(client, people.colleague, sessionId)).toBe('42501');
      const rename = await actAsUser(client, people.colleague, () =>
        attempt(client, `update sessions set title = 'mine now' where id = $1`, [sessionId]),
      );
      expect(rename.ok && rename.rowCount).toBe(0);
      expect(await addTranscript(client, people.owner, sessionId)).toBe('inserted');
    });
  });

  it('a shared session is visible to shared_meetings grantees, with write access only for a full share', async () => {
    await withRootDb(db.pool, async (client) => {
      const people = await seedPeople(client);
      const sessionId = await createSession(client, people, 'shared');
      expect(await canSee(client, people.outsider, sessionId)).toEqual({ session: 0, transcripts: 0 });
      await actAsUser(client, people.owner, () =>
        client.query(`insert into shared_meetings (session_id, shared_by, shared_with, share_type) values ($1, $2, $3, 'view')`, [
          sessionId,
          people.owner,
          people.outsider,
        ]),
      );
      expect(await canSee(client, people.outsider, sessionId)).toEqual({ session: 1, transcripts: 1 });
      expect(await canSee(client, people.colleague, sessionId)).toEqual({ session: 0, transcripts: 0 });
      expect(await addTranscript(client, people.outsider, sessionId)).toBe('42501');
      await client.query(`update shared_meetings set share_type = 'full' where session_id = $1`, [sessionId]);
      expect(await addTranscript(client, people.outsider, sessionId)).toBe('inserted');
    });
  });

  it('a full-share grantee edits the session but cannot take it over or change who sees it', async () => {
    await withRootDb(db.pool, async (client) => {
      const people = await seedPeople(client);
      const sessionId = await createSession(client, people, 'shared');
      await client.query(`insert into shared_meetings (session_id, shared_by, shared_with, share_type) values ($1, $2, $3, 'full')`, [
        sessionId,
        people.owner,
        people.outsider,
      ]);
      const asGrantee = (text: string, params: unknown[]) => actAsUser(client, people.outsider, () => attempt(client, text, params));
      const rename = await asGrantee(`update sessions set title = 'Renamed' where id = $1`, [sessionId]);
      expect(rename.ok ? rename.rowCount : rename.message).toBe(1);
      const outcomes = [
        await asGrantee('update sessions set user_id = $2 where id = $1', [sessionId, people.outsider]),
        await asGrantee(`update sessions set visibility = 'organization' where id = $1`, [sessionId]),
        await asGrantee('update sessions set organization_id = null where id = $1', [sessionId]),
      ].map((r) => (r.ok ? `updated ${r.rowCount}` : r.code));
      expect(outcomes).toEqual(['42501', '42501', '42501']);
      const stored = await client.query('select user_id, visibility from sessions where id = $1', [sessionId]);
      expect(stored.rows[0]).toEqual({ user_id: people.owner, visibility: 'shared' });
    });
  });

  it('an expired share grants nothing, and only the owner can share', async () => {
    await withRootDb(db.pool, async (client) => {
      const people = await seedPeople(client);
      const sessionId = await createSession(client, people, 'shared');
      const byColleague = await actAsUser(client, people.colleague, () =>
        attempt(client, `insert into shared_meetings (session_id, shared_by, shared_with) values ($1, $2, $2)`, [sessionId, people.colleague]),
      );
      expect(byColleague.ok ? 'inserted' : byColleague.code).toBe('42501');
      await client.query(
        `insert into shared_meetings (session_id, shared_by, shared_with, expires_at) values ($1, $2, $3, now() - interval '1 minute')`,
        [sessionId, people.owner, people.outsider],
      );
      expect(await canSee(client, people.outsider, sessionId)).toEqual({ session: 0, transcripts: 0 });
    });
  });

  it('organization_shared_meetings opens a shared session to the organization, by role when scoped', async () => {
    await withRootDb(db.pool, async (client) => {
      const people = await seedPeople(client);
      const sessionId = await createSession(client, people, 'shared');
      await actAsUser(client, people.owner, () =>
        client.query(
          `insert into organization_shared_meetings (session_id, organization_id, shared_by, share_scope, role_names) values ($1, $2, $3, 'role', '{admin}')`,
          [sessionId, people.orgId, people.owner],
        ),
      );
      expect(await canSee(client, people.colleague, sessionId)).toEqual({ session: 0, transcripts: 0 });
      await client.query(`update organization_shared_meetings set share_scope = 'organization' where session_id = $1`, [sessionId]);
      expect(await canSee(client, people.colleague, sessionId)).toEqual({ session: 1, transcripts: 1 });
      expect(await canSee(client, people.outsider, sessionId)).toEqual({ session: 0, transcripts: 0 });
    });
  });

  it('changing visibility back to private hides the session again', async () => {
    await withRootDb(db.pool, async (client) => {
      const people = await seedPeople(client);
      const sessionId = await createSession(client, people, 'organization');
      await actAsUser(client, people.owner, () => client.query(`update sessions set visibility = 'private' where id = $1`, [sessionId]));
      expect(await canSee(client, people.colleague, sessionId)).toEqual({ session: 0, transcripts: 0 });
    });
  });

  it('anon sees no sessions or transcripts at all', async () => {
    await withRootDb(db.pool, async (client) => {
      const people = await seedPeople(client);
      await createSession(client, people, 'organization');
      const counts = await actAsAnon(client, async () => [
        await attempt(client, 'select count(*)::int as n from sessions'),
        await attempt(client, 'select count(*)::int as n from transcripts'),
      ]);
      expect(counts.map((c) => (c.ok ? c.rows[0]?.['n'] : c.code))).toEqual(['42501', '42501']);
    });
  });
});

describe('users and organizations', () => {
  it('a user sees co-members\' profiles (not account ids) but not other organizations or their people, and cannot make themselves admin', async () => {
    await withRootDb(db.pool, async (client) => {
      const people = await seedPeople(client);
      const seen = await actAsUser(client, people.colleague, async () => ({
        users: (await client.query<{ id: string }>('select id from users order by id')).rows.map((r) => r.id),
        orgs: (await client.query('select id from organizations')).rowCount,
      }));
      expect(seen.users).toEqual([people.owner, people.colleague].sort());
      expect(seen.orgs).toBe(1);
      await client.query(`update users set google_id = 'g-1', stripe_customer_id = 'cus_1' where id = $1`, [people.owner]);
      const profile = await actAsUser(client, people.colleague, () =>
        attempt(client, 'select email, full_name from users where id = $1', [people.owner]),
      );
      expect(profile.ok && profile.rows).toEqual([{ email: `${people.owner}@example.test`, full_name: null }]);
      for (const column of ['google_id', 'microsoft_id', 'stripe_customer_id']) {
        const secret = await actAsUser(client, people.owner, () => attempt(client, `select ${column} from users where id = $1`, [people.owner]));
        expect(secret.ok ? secret.rows : secret.code).toBe('42501');
      }
      const escalate = await actAsUser(client, people.colleague, () =>
        attempt(client, 'update users set is_admin = true where id = $1', [people.colleague]),
      );
      expect(escalate.ok ? 'updated' : escalate.code).toBe('42501');
      const promote = await actAsUser(client, people.colleague, () =>
        attempt(client, `update organization_members set role = 'owner' where user_id = $1`, [people.colleague]),
      );
      expect(promote.ok && promote.rowCount).toBe(0);
    });
  });
});

describe('organization roles', () => {
  it('admins manage members but only owners create, change or remove owners', async () => {
    await withRootDb(db.pool, async (client) => {
      const people = await seedPeople(client);
      await client.query(`update organization_members set role = 'admin' where user_id = $1`, [people.colleague]);
      const newcomer = randomUUID();
      await client.query('insert into users (id) values ($1)', [newcomer]);
      const asAdmin = (text: string, params: unknown[]) => actAsUser(client, people.colleague, () => attempt(client, text, params));
      const outcome = (r: Awaited<ReturnType<typeof attempt>>): string => (r.ok ? `done ${r.rowCount}` : r.code);
      expect(outcome(await asAdmin(`insert into organization_members (organization_id, user_id, role) values ($1, $2, 'owner')`, [people.orgId, newcomer]))).toBe('42501');
      expect(outcome(await asAdmin(`insert into organization_members (organization_id, user_id) values ($1, $2)`, [people.orgId, newcomer]))).toBe('done 1');
      expect(outcome(await asAdmin(`update organization_members set role = 'member' where user_id = $1`, [people.owner]))).toBe('done 0');
      expect(outcome(await asAdmin(`delete from organization_members where user_id = $1`, [people.owner]))).toBe('done 0');
      expect(outcome(await asAdmin(`update organization_members set role = 'owner' where user_id = $1`, [newcomer]))).toBe('42501');
      const asOwner = await actAsUser(client, people.owner, () =>
        attempt(client, `update organization_members set role = 'owner' where user_id = $1`, [newcomer]),
      );
      expect(outcome(asOwner)).toBe('done 1');
    });
  });
});

describe('transaction helpers', () => {
  it('withUserTx runs as authenticated with auth.uid() = sub, and commits', async () => {
    const ids = await withRootDb(db.pool, async (client) => {
      const people = await seedPeople(client);
      await client.query('commit');
      await client.query('begin');
      return people;
    });
    const seen = await withUserTx(db.pool, { sub: ids.owner, org: ids.orgId }, async (tx) => {
      const who = await tx.query<{ uid: string; role: string }>('select auth.uid()::text as uid, current_user as role');
      await tx.query(`insert into sessions (user_id, organization_id, title) values ($1, $2, 'committed')`, [ids.owner, ids.orgId]);
      return who.rows[0];
    });
    expect(seen).toEqual({ uid: ids.owner, role: 'authenticated' });
    const stored = await withServiceTx(db.pool, (tx) => tx.query('select 1 from sessions where user_id = $1', [ids.owner]));
    expect(stored.rows).toHaveLength(1);
    const outsiderView = await withUserTx(db.pool, { sub: ids.outsider }, (tx) =>
      tx.query('select 1 from sessions where user_id = $1', [ids.owner]),
    );
    expect(outsiderView.rows).toHaveLength(0);
  });

  it('withUserTx rolls back when the callback throws and leaves no role or claims on the connection', async () => {
    const userId = randomUUID();
    await withServiceTx(db.pool, (tx) => tx.query('insert into users (id) values ($1)', [userId]));
    await expect(
      withUserTx(db.pool, { sub: userId }, async (tx) => {
        await tx.query(`update users set full_name = 'Changed' where id = $1`, [userId]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const after = await db.pool.query<{ full_name: string | null; role: string; uid: string | null }>(
      'select full_name, current_user as role, auth.uid()::text as uid from users where id = $1',
      [userId],
    );
    expect(after.rows[0]).toEqual({ full_name: null, role: 'postgres', uid: null });
  });

  it('withUserTx refuses a subject that is not a user id', async () => {
    await expect(withUserTx(db.pool, { sub: 'not-a-uuid' }, async () => 1)).rejects.toMatchObject({ code: 'auth.forbidden' });
  });
});
