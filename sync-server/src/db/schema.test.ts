import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type CatalogTable } from '../../test/catalog';
import { createTestDatabase, type TestDatabase } from '../../test/db';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// The seed data model (58 tables), copied verbatim from the project brief so CI has it.
const SEED_DOC = process.env['LIVECONVO_SEED_SCHEMA'] ?? join(ROOT, 'migrations/postgres/seed-schema.md');
const SQLITE_DIR = join(ROOT, 'migrations/sqlite');
// Present only where pgvector is installed (PGlite, production); CI's Postgres 15 has none.
const VECTOR_COLUMNS = ['sessions.title_embedding', 'summaries.content_embedding'];

interface SeedTable {
  name: string;
  columns: string[];
  /** Enumerations the seed lists for a column; `open` when it ends in "etc.". */
  enums: { column: string; values: string[]; open: boolean }[];
  /** Columns marked (UNIQUE) or (PRIMARY KEY) on their own. */
  unique: string[];
}

/** Parses the seed document: `### table` sections, their `column` names and listed values. */
function parseSeed(text: string): SeedTable[] {
  return text
    .split(/^### /m)
    .slice(1)
    .map((section) => ({ name: section.slice(0, section.indexOf('\n')).trim(), body: section }))
    .filter((s) => /^[a-z_]+$/.test(s.name))
    .map(({ name, body }) => {
      const columns = [...new Set([...body.matchAll(/`([a-z_]+)`/g)].map((m) => m[1] ?? ''))];
      const enums: SeedTable['enums'] = [];
      const lists = [...body.matchAll(/`([a-z_]+)`\s*\(([^)]*)\)/g), ...body.matchAll(/`([a-z_]+)`\s*-\s*([a-z_]+(?:,\s*[a-z_.]+)+)/g)];
      for (const [, column, list] of lists) {
        const items = (list ?? '').replace(/^ENUM:\s*/, '').split(',').map((s) => s.trim());
        const open = items.includes('etc.') || items.includes('etc');
        const values = items.filter((v) => v !== 'etc.' && v !== 'etc');
        if (column && values.length >= 2 && values.every((v) => /^[a-z_]+$/.test(v))) enums.push({ column, values, open });
      }
      const unique = [...body.matchAll(/`([a-z_]+)`\s*\(([^)]*(?:UNIQUE|PRIMARY KEY)[^)]*)\)/g)].map((m) => m[1] ?? '');
      return { name, columns, enums, unique };
    });
}

const seed = parseSeed(readFileSync(SEED_DOC, 'utf8'));
let db: TestDatabase;
let catalog: Map<string, CatalogTable>;
let hasVector = false;

beforeAll(async () => {
  db = await createTestDatabase();
  const client = await db.pool.connect();
  try {
    catalog = await loadCatalog(client);
    hasVector = ((await client.query(`select 1 from pg_extension where extname = 'vector'`)).rowCount ?? 0) > 0;
  } finally {
    client.release();
  }
});
afterAll(async () => {
  await db.drop();
});

describe('the seed schema', () => {
  it('names 58 tables', () => {
    expect(seed).toHaveLength(58);
  });

  it.each(seed.map((t) => t.name))('%s exists with every column the seed names', (name) => {
    const table = catalog.get(name);
    expect(table, `table ${name}`).toBeDefined();
    const present = new Set(table?.columns.map((c) => c.name));
    const missing = (seed.find((t) => t.name === name)?.columns ?? [])
      .filter((c) => !present.has(c))
      .filter((c) => hasVector || !VECTOR_COLUMNS.includes(`${name}.${c}`));
    expect(missing).toEqual([]);
  });

  it('every enumeration the seed lists is enforced by a CHECK that allows its values', () => {
    const problems: string[] = [];
    for (const table of seed) {
      for (const { column, values, open } of table.enums) {
        const allowed = catalog.get(table.name)?.columns.find((c) => c.name === column)?.enumValues;
        if (!allowed) {
          if (!open) problems.push(`${table.name}.${column} has no CHECK`);
          continue;
        }
        const missing = values.filter((v) => !allowed.includes(v));
        if (missing.length > 0) problems.push(`${table.name}.${column} rejects ${missing.join(', ')}`);
      }
    }
    expect(seed.flatMap((t) => t.enums).length).toBeGreaterThanOrEqual(20);
    expect(problems).toEqual([]);
  });

  it('every column the seed marks UNIQUE or PRIMARY KEY is unique on its own', async () => {
    const marked = seed.flatMap((t) => t.unique.map((column) => `${t.name}.${column}`));
    const unique = await db.pool.query<{ name: string }>(`
      select c.relname || '.' || a.attname as name from pg_index i
      join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
      where n.nspname = 'public' and i.indisunique and i.indnkeyatts = 1 and i.indpred is null`);
    const have = new Set(unique.rows.map((r) => r.name));
    expect(marked.length).toBeGreaterThanOrEqual(15);
    expect(marked.filter((m) => !have.has(m))).toEqual([]);
  });

  it('core enumerations are exactly the seed lists', () => {
    const values = (table: string, column: string): string[] | undefined =>
      catalog.get(table)?.columns.find((c) => c.name === column)?.enumValues;
    expect(values('sessions', 'meeting_platform')).toEqual(['zoom', 'google_meet', 'teams', 'local']);
    expect(values('sessions', 'visibility')).toEqual(['private', 'organization', 'shared']);
    expect(values('smart_notes', 'category')).toEqual(['key_point', 'action_item', 'decision', 'question', 'insight']);
    expect(values('smart_notes', 'importance')).toEqual(['high', 'medium', 'low']);
  });
});

describe('postgres conventions', () => {
  it('every table has a uuid or natural primary key and a comment', async () => {
    const result = await db.pool.query<{ name: string }>(`
      select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and obj_description(c.oid, 'pg_class') is null`);
    expect(result.rows.map((r) => r.name)).toEqual([]);
    expect([...catalog.values()].filter((t) => t.primaryKey.length === 0).map((t) => t.name)).toEqual([]);
  });

  it('every foreign key is covered by an index starting with its columns', async () => {
    const result = await db.pool.query<{ name: string }>(`
      select k.conrelid::regclass || '.' || k.conname as name from pg_constraint k
      join pg_namespace n on n.oid = k.connamespace
      where k.contype = 'f' and n.nspname = 'public' and not exists (
        select 1 from pg_index i where i.indrelid = k.conrelid
          and (i.indkey::int2[])[0:cardinality(k.conkey) - 1] = k.conkey)`);
    expect(result.rows.map((r) => r.name)).toEqual([]);
  });

  it('every ordinary timestamp is timestamptz and every seed table has created_at', () => {
    const naive = [...catalog.values()].flatMap((t) =>
      t.columns.filter((c) => c.type === 'timestamp without time zone').map((c) => `${t.name}.${c.name}`),
    );
    expect(naive).toEqual([]);
    const withoutCreatedAt = seed.filter((t) => !catalog.get(t.name)?.columns.some((c) => c.name === 'created_at')).map((t) => t.name);
    expect(withoutCreatedAt).toEqual([]);
  });
});

describe('the SQLite mirror', () => {
  // The desktop's local tables that also exist on the server must have the same columns there.
  const sqlite = new Database(':memory:');
  sqliteVec.load(sqlite);
  for (const file of readdirSync(SQLITE_DIR).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort()) {
    sqlite.exec(readFileSync(join(SQLITE_DIR, file), 'utf8'));
  }
  const mirrored = (sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like '%fts%'`).all() as { name: string }[])
    .map((r) => r.name)
    .filter((name) => seed.some((t) => t.name === name));
  const sqliteColumns = (table: string): { name: string; type: string; dflt_value: string | null }[] =>
    sqlite.prepare(`select name, type, dflt_value from pragma_table_info(?)`).all(table) as { name: string; type: string; dflt_value: string | null }[];

  it('covers the core desktop tables', () => {
    expect(mirrored).toEqual(expect.arrayContaining(['users', 'organizations', 'sessions', 'transcripts', 'summaries', 'smart_notes']));
  });

  it.each(mirrored)('%s has every mirror column in Postgres with the matching type', (name) => {
    const pgColumns = new Map(catalog.get(name)?.columns.map((c) => [c.name, c.type]));
    const problems: string[] = [];
    for (const column of sqliteColumns(name)) {
      const pgType = pgColumns.get(column.name);
      if (!pgType) {
        problems.push(`${column.name} missing`);
        continue;
      }
      const isJson = column.type === 'TEXT' && (column.dflt_value === `'[]'` || column.dflt_value === `'{}'`);
      const isFlag = column.type === 'INTEGER' && /^(is|was|has|email)_/.test(column.name) && /^[01]$/.test(column.dflt_value ?? '');
      if (column.name.endsWith('_at') && column.type === 'INTEGER' && pgType !== 'timestamp with time zone') problems.push(`${column.name} is ${pgType}`);
      if (isJson && pgType !== 'jsonb') problems.push(`${column.name} is ${pgType}, not jsonb`);
      if (isFlag && pgType !== 'boolean') problems.push(`${column.name} is ${pgType}, not boolean`);
      if (pgType === 'boolean' && column.type !== 'INTEGER') problems.push(`${column.name} is boolean but ${column.type} locally`);
    }
    expect(problems).toEqual([]);
  });

  afterAll(() => {
    sqlite.close();
  });
});
