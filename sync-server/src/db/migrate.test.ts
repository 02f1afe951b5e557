import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_PG, type TestDatabase } from '../../test/db';
import { listAppliedMigrations, migrate, readMigrationFiles } from './migrate';
import { createEmbeddedPglite } from './pglite';
import { withUserTx } from './tx';

const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrate: false });
  databases.push(db);
  return db;
}

describe('migrate on Postgres', () => {
  it('applies every file in order, records checksums, re-runs as a no-op, and needs no pgvector', async () => {
    const db = await freshDatabase();
    const files = readMigrationFiles();
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(await listAppliedMigrations(db.pool)).toEqual([]);
    expect(await migrate(db.pool)).toEqual(files.map((f) => f.name));
    const recorded = await db.pool.query<{ name: string; checksum: string }>('select name, checksum from schema_migrations order by name');
    expect(recorded.rows).toEqual(files.map((f) => ({ name: f.name, checksum: f.checksum })));
    expect(await migrate(db.pool)).toEqual([]);
    expect(await listAppliedMigrations(db.pool)).toEqual(files.map((f) => f.name));
    // Works without pgvector: the vector columns exist only where the extension is available.
    const available = await db.pool.query(`select 1 from pg_available_extensions where name = 'vector'`);
    const columns = await db.pool.query(`select 1 from information_schema.columns where column_name in ('title_embedding', 'content_embedding')`);
    expect(columns.rowCount).toBe(available.rowCount ? 2 : 0);
  });

  it('lets concurrent migrators apply each file exactly once', async () => {
    const db = await freshDatabase();
    const second = new pg.Pool({ ...TEST_PG, database: db.name, max: 1 });
    try {
      const [a, b] = await Promise.all([migrate(db.pool), migrate(second)]);
      expect([...a, ...b].sort()).toEqual(readMigrationFiles().map((f) => f.name));
    } finally {
      await second.end();
    }
  });
});

describe('migrate guards', () => {
  let dir: string;
  let db: TestDatabase;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lc-a-migrations-'));
    writeFileSync(join(dir, '0001_create_alpha.sql'), 'create table alpha (id int primary key);\n');
    writeFileSync(join(dir, '0002_create_beta.sql'), 'create table beta (id int primary key);\n');
    db = await freshDatabase();
    await migrate(db.pool, { dir });
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a database whose applied file was edited, and applies nothing after it', async () => {
    writeFileSync(join(dir, '0002_create_beta.sql'), 'create table beta (id int primary key, name text);\n');
    writeFileSync(join(dir, '0003_create_gamma.sql'), 'create table gamma (id int);\n');
    await expect(migrate(db.pool, { dir })).rejects.toMatchObject({
      code: 'db.migration_failed',
      message: expect.stringContaining('0002_create_beta.sql was edited'),
    });
    expect(await listAppliedMigrations(db.pool)).toEqual(['0001_create_alpha.sql', '0002_create_beta.sql']);
    expect((await db.pool.query(`select to_regclass('gamma') as t`)).rows[0]).toEqual({ t: null });
  });

  it('refuses when the applied list is not a prefix of the files on disk', async () => {
    unlinkSync(join(dir, '0001_create_alpha.sql'));
    writeFileSync(join(dir, '0001_create_aardvark.sql'), 'select 1;\n');
    await expect(migrate(db.pool, { dir })).rejects.toMatchObject({
      code: 'db.migration_failed',
      message: expect.stringContaining('0001_create_alpha.sql is not on disk'),
    });
  });

  it('refuses when an applied file disappeared', async () => {
    unlinkSync(join(dir, '0002_create_beta.sql'));
    await expect(migrate(db.pool, { dir })).rejects.toMatchObject({ code: 'db.migration_failed' });
  });

  it('rolls back a failing migration completely and applies it once fixed', async () => {
    writeFileSync(join(dir, '0003_create_gamma.sql'), 'create table gamma (id int);\ninsert into gamma values (1 / 0);\n');
    await expect(migrate(db.pool, { dir })).rejects.toMatchObject({
      code: 'db.migration_failed',
      details: { name: '0003_create_gamma.sql' },
    });
    expect((await db.pool.query(`select to_regclass('gamma') as t`)).rows[0]).toEqual({ t: null });
    expect(await listAppliedMigrations(db.pool)).toHaveLength(2);
    writeFileSync(join(dir, '0003_create_gamma.sql'), 'create table gamma (id int);\ninsert into gamma values (1);\n');
    expect(await migrate(db.pool, { dir })).toEqual(['0003_create_gamma.sql']);
  });

  it('ignores files that do not follow NNNN_verb_object.sql', async () => {
    writeFileSync(join(dir, 'notes.sql'), 'this is not sql;\n');
    writeFileSync(join(dir, '0003_create_gamma.sql.bak'), 'neither is this;\n');
    expect(await migrate(db.pool, { dir })).toEqual([]);
  });
});

describe('migrate on embedded PGlite', () => {
  it('applies every migration with pgvector, persists in its data dir, enforces RLS and refuses edits', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'lc-a-pglite-')), 'pgdata');
    const first = await createEmbeddedPglite({ dataDir });
    try {
      expect(await migrate(first)).toEqual(readMigrationFiles().map((f) => f.name));
    } finally {
      await first.close();
    }
    const lite = await createEmbeddedPglite({ dataDir });
    try {
      const files = readMigrationFiles();
      expect(await migrate(lite)).toEqual([]);
      expect(await listAppliedMigrations(lite)).toEqual(files.map((f) => f.name));
      const vectors = await lite.query<{ column: string; type: string }>(`
        select table_name || '.' || column_name as column, udt_name as type from information_schema.columns
        where column_name in ('title_embedding', 'content_embedding') order by 1`);
      expect(vectors.rows).toEqual([
        { column: 'sessions.title_embedding', type: 'halfvec' },
        { column: 'summaries.content_embedding', type: 'halfvec' },
      ]);
      const hnsw = await lite.query(`select 1 from pg_indexes where indexdef ilike '%using hnsw%'`);
      expect(hnsw.rows).toHaveLength(2);

      const owner = await lite.query<{ id: string }>(`insert into users (email) values ('a@example.test') returning id`);
      const other = await lite.query<{ id: string }>(`insert into users (email) values ('b@example.test') returning id`);
      const ownerId = owner.rows[0]?.id ?? '';
      await withUserTx(lite, { sub: ownerId }, (tx) =>
        tx.query(`insert into sessions (user_id, title) values ($1, 'Lite')`, [ownerId]),
      );
      const counts = await Promise.all(
        [ownerId, other.rows[0]?.id ?? ''].map((sub) =>
          withUserTx(lite, { sub }, async (tx) => (await tx.query('select id from sessions')).rows.length),
        ),
      );
      expect(counts).toEqual([1, 0]);

      await lite.query(`update schema_migrations set checksum = 'tampered' where name = $1`, [files[0]?.name]);
      await expect(migrate(lite)).rejects.toMatchObject({ code: 'db.migration_failed' });
    } finally {
      await lite.close();
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    }
  });
});
