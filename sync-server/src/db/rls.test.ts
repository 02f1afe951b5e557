import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalog, orderByDependencies, seedWorld, valueFor, type CatalogTable, type SeededRow, type SeedOverrides } from '../../test/catalog';
import { actAsAnon, actAsUser, attempt, createTestDatabase } from '../../test/db';

// Tables the generic seeder leaves alone, and why (they still get the read/anon checks on whatever rows they hold).
const NOT_SEEDED: Record<string, string> = {
  schema_migrations: 'written only by the migrator',
  sync_feed_state: 'a singleton row created by its migration',
};
// Tables readable by everyone by design; any other anon policy fails the suite.
const PUBLIC_TABLES = ['plans'];

const overrides: SeedOverrides = {
  // session_id <> linked_session_id: link to a second session of the same world.
  conversation_links: async (world, client) => {
    const session = world.get('sessions');
    const second = await client.query<{ id: string }>(
      `insert into sessions (user_id, organization_id, title) values ($1, $2, 'second') returning id`,
      [session?.['user_id'], session?.['organization_id']],
    );
    return { linked_session_id: second.rows[0]?.id };
  },
  monthly_usage_cache: () => ({ month_year: '2026-01' }),
  // The world's user administers the world's organization, so admin-only rows are in reach too.
  organization_members: () => ({ role: 'owner' }),
  // user_id is not a foreign key here, so the seeder cannot infer it.
  sync_mutations: (world) => ({ user_id: world.get('users')?.['id'] }),
};

// The whole file shares one database and one transaction holding two seeded worlds; it is rolled back at the end.
const db = await createTestDatabase();
const client = await db.pool.connect();
await client.query('begin');
const catalog = await loadCatalog(client);
const seedable = orderByDependencies(catalog).filter((t) => !(t.name in NOT_SEEDED));
const worldA = await seedWorld(client, seedable, overrides);
const worldB = await seedWorld(client, seedable, overrides);
const userA = String(worldA.get('users')?.['id']);
const policies = await client.query<{ table: string; roles: string[]; cmd: string }>(
  `select tablename as table, roles::text[] as roles, cmd from pg_policies where schemaname = 'public'`,
);
const allTables = [...catalog.keys()];
const tablesWithPolicy = (role: string, cmds: string[]): string[] =>
  [...new Set(policies.rows.filter((p) => p.roles.includes(role) && cmds.includes(p.cmd)).map((p) => p.table))].sort();

afterAll(async () => {
  await client.query('rollback');
  client.release();
  await db.drop();
});

function table(name: string): CatalogTable {
  const found = catalog.get(name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
}

function keyWhere(t: CatalogTable, row: SeededRow, offset = 0): { sql: string; params: unknown[] } {
  return {
    sql: t.primaryKey.map((column, i) => `"${column}" = $${i + 1 + offset}`).join(' and '),
    params: t.primaryKey.map((column) => row[column]),
  };
}

async function columnsGrantedTo(t: CatalogTable, privilege: 'UPDATE' | 'SELECT'): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `select a.attname as name from pg_attribute a where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped
       and has_column_privilege('authenticated', a.attrelid, a.attnum, $2) order by a.attnum`,
    [t.name, privilege],
  );
  return result.rows.map((r) => r.name);
}

function jsonParam(t: CatalogTable, column: string, value: unknown): unknown {
  const type = t.columns.find((c) => c.name === column)?.type;
  return (type === 'jsonb' || type === 'json') && value !== null ? JSON.stringify(value) : value;
}

describe('RLS coverage', () => {
  it('every table in public has row level security enabled', () => {
    const disabled = [...catalog.values()].filter((t) => !t.rlsEnabled).map((t) => t.name);
    expect(catalog.size).toBeGreaterThanOrEqual(58);
    expect(disabled).toEqual([]);
  });

  it('the request roles cannot bypass RLS; service_role can', async () => {
    const roles = await client.query<{ rolname: string; rolbypassrls: boolean }>(
      `select rolname, rolbypassrls from pg_roles where rolname in ('anon', 'authenticated', 'service_role') order by rolname`,
    );
    expect(roles.rows).toEqual([
      { rolname: 'anon', rolbypassrls: false },
      { rolname: 'authenticated', rolbypassrls: false },
      { rolname: 'service_role', rolbypassrls: true },
    ]);
  });

  it('only the public catalogue tables have policies for anon', () => {
    expect(tablesWithPolicy('anon', ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'ALL'])).toEqual(PUBLIC_TABLES);
  });

  it('authenticated holds no privilege that no policy uses, and anon holds none outside the public tables', async () => {
    const privileges = await client.query<{ role: string; table: string; cmd: string }>(`
      select r.role, c.relname as table, p.cmd
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      cross join (values ('anon'), ('authenticated')) r(role)
      cross join (values ('SELECT'), ('INSERT'), ('UPDATE'), ('DELETE')) p(cmd)
      where n.nspname = 'public' and c.relkind = 'r'
        and case when p.cmd = 'DELETE' then has_table_privilege(r.role, c.oid, p.cmd)
                 else has_any_column_privilege(r.role, c.oid, p.cmd) end`);
    const unused = privileges.rows
      .filter((p) => !policies.rows.some((q) => q.table === p.table && q.roles.includes(p.role) && (q.cmd === p.cmd || q.cmd === 'ALL')))
      .map((p) => `${p.role} ${p.cmd} ${p.table}`);
    expect(unused).toEqual([]);
    const anonTables = [...new Set(privileges.rows.filter((p) => p.role === 'anon').map((p) => p.table))];
    expect(anonTables).toEqual(PUBLIC_TABLES);
  });

  it('seeds every table except the documented exceptions', () => {
    expect(seedable.length).toBe(allTables.length - Object.keys(NOT_SEEDED).length);
  });
});

describe.each(seedable.map((t) => t.name))('%s', (name) => {
  const t = table(name);
  const rowA = worldA.get(name) as SeededRow;
  const rowB = worldB.get(name) as SeededRow;
  const isPublic = PUBLIC_TABLES.includes(name);

  it.skipIf(isPublic)('a member of org A cannot read org B rows', async () => {
    const where = keyWhere(t, rowB);
    const result = await actAsUser(client, userA, () =>
      attempt(client, `select count(*)::int as n from ${name} where ${where.sql}`, where.params),
    );
    if (result.ok) expect(result.rows[0]?.['n']).toBe(0);
    else expect(result.code).toBe('42501');
  });

  it('a member of org A cannot update or delete org B rows', async () => {
    const granted = await columnsGrantedTo(t, 'UPDATE');
    const column = granted[0] ?? t.columns.find((c) => !t.primaryKey.includes(c.name))?.name ?? t.primaryKey[0];
    const where = keyWhere(t, rowB);
    const update = await actAsUser(client, userA, () =>
      attempt(client, `update ${name} set "${column}" = "${column}" where ${where.sql}`, where.params),
    );
    const remove = await actAsUser(client, userA, () => attempt(client, `delete from ${name} where ${where.sql}`, where.params));
    for (const result of [update, remove]) {
      if (result.ok) expect(result.rowCount).toBe(0);
      else expect(result.code).toBe('42501');
    }
    const still = await client.query(`select 1 from ${name} where ${where.sql}`, where.params);
    expect(still.rowCount).toBe(1);
  });

  it('a member of org A cannot insert a row belonging to org B', async () => {
    const values: Record<string, unknown> = {};
    for (const column of t.columns) {
      if (t.primaryKey.includes(column.name)) {
        if (!column.hasDefault) values[column.name] = valueFor(column);
      } else {
        values[column.name] = jsonParam(t, column.name, rowB[column.name]);
      }
    }
    const names = Object.keys(values);
    const result = await actAsUser(client, userA, () =>
      attempt(
        client,
        `insert into ${name} (${names.map((n) => `"${n}"`).join(', ')}) values (${names.map((_, i) => `$${i + 1}`).join(', ')})`,
        names.map((n) => values[n]),
      ),
    );
    expect(result.ok ? 'inserted' : result.code).toBe('42501');
  });

  it('anon sees no rows', async () => {
    const result = await actAsAnon(client, () => attempt(client, `select count(*)::int as n from ${name}`));
    if (isPublic) expect(result.ok && result.rows[0]?.['n']).toBeGreaterThan(0);
    else if (result.ok) expect(result.rows[0]?.['n']).toBe(0);
    else expect(result.code).toBe('42501');
  });

  it.runIf(tablesWithPolicy('authenticated', ['SELECT', 'ALL']).includes(name))('org A rows stay visible to their member', async () => {
    const where = keyWhere(t, rowA);
    const visible = await actAsUser(client, userA, () =>
      client.query<{ n: number }>(`select count(*)::int as n from ${name} where ${where.sql}`, where.params),
    );
    expect(visible.rows[0]?.n).toBe(1);
  });

  const tenantColumns = t.columns.filter(
    (c) => c.references && ['organizations', 'sessions'].includes(c.references.table) && c.references.table !== name,
  );
  it.runIf(tablesWithPolicy('authenticated', ['UPDATE', 'ALL']).includes(name) && tenantColumns.length > 0)(
    'org A rows cannot be moved into org B',
    async () => {
      for (const column of tenantColumns) {
        const target = worldB.get(column.references?.table ?? '')?.[column.references?.column ?? ''];
        const where = keyWhere(t, rowA, 1);
        const result = await actAsUser(client, userA, () =>
          attempt(client, `update ${name} set "${column.name}" = $1 where ${where.sql}`, [target, ...where.params]),
        );
        expect({ column: column.name, outcome: result.ok ? `updated ${result.rowCount}` : result.code }).toEqual({
          column: column.name,
          outcome: '42501',
        });
      }
    },
  );
});

describe('public tables', () => {
  it('plans are readable by signed-in users and anon but writable by neither', async () => {
    const plan = worldB.get('plans') as SeededRow;
    for (const act of [(fn: () => Promise<unknown>) => actAsUser(client, userA, fn), (fn: () => Promise<unknown>) => actAsAnon(client, fn)]) {
      const read = (await act(() => attempt(client, 'select name from plans where id = $1', [plan['id']]))) as Awaited<ReturnType<typeof attempt>>;
      expect(read.ok && read.rows).toEqual([{ name: plan['name'] }]);
      const write = (await act(() => attempt(client, `update plans set price_monthly = 0 where id = $1`, [plan['id']]))) as Awaited<ReturnType<typeof attempt>>;
      expect(write.ok ? 'updated' : write.code).toBe('42501');
    }
  });
});

