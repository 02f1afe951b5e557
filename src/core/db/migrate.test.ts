import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open-database';
import { SQLITE_MIGRATIONS_DIR } from './migrate';
import { sql } from './sql';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lc-migrate-'));
  dirs.push(dir);
  return dir;
}
function copyMigrations(): string {
  const dir = tempDir();
  for (const name of readdirSync(SQLITE_MIGRATIONS_DIR)) copyFileSync(join(SQLITE_MIGRATIONS_DIR, name), join(dir, name));
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SQLite migrations', () => {
  it('opens a file database in WAL mode with foreign keys, FTS5 and sqlite-vec', () => {
    const db = openDatabase(join(tempDir(), 'app.db'));
    expect(db.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.raw.pragma('foreign_keys', { simple: true })).toBe(1);
    const version = db.get<{ v: string }>(sql`SELECT vec_version() AS v`);
    expect(version?.v).toMatch(/^v\d/);
    const now = Date.now();
    db.run(sql`INSERT INTO sessions (id, title, created_at, updated_at) VALUES ('s1', 'Budget review', ${now}, ${now})`);
    db.run(sql`INSERT INTO transcripts (id, session_id, content, speaker, sequence_number, created_at)
      VALUES ('t1', 's1', 'We are deciding the marketing budgets today', 'them', 0, ${now})`);
    const hits = db.all<{ rowid: number }>(sql`SELECT rowid FROM transcripts_fts WHERE transcripts_fts MATCH 'budget'`);
    expect(hits).toHaveLength(1);
    expect(() => db.run(sql`INSERT INTO transcripts (id, session_id, content, speaker, sequence_number, created_at)
      VALUES ('t2', 'missing', 'x', 'me', 1, ${now})`)).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('is a no-op when re-opened, and keeps the data', () => {
    const path = join(tempDir(), 'app.db');
    const first = openDatabase(path);
    const now = Date.now();
    first.run(sql`INSERT INTO sessions (id, title, created_at, updated_at) VALUES ('s1', 'Kept', ${now}, ${now})`);
    first.close();
    const second = openDatabase(path);
    expect(second.get<{ title: string }>(sql`SELECT title FROM sessions WHERE id = 's1'`)?.title).toBe('Kept');
    second.close();
  });

  it('refuses a database whose applied migration was edited afterwards', () => {
    const migrations = copyMigrations();
    const path = join(tempDir(), 'app.db');
    openDatabase(path, { migrationsDir: migrations }).close();
    appendFileSync(join(migrations, '0001_create_core_tables.sql'), '\n-- edited\n');
    expect(() => openDatabase(path, { migrationsDir: migrations })).toThrow(/edited/);
  });

  it('refuses a database whose history is not a prefix of the files on disk', () => {
    const migrations = copyMigrations();
    const path = join(tempDir(), 'app.db');
    writeFileSync(join(migrations, '9999_add_future_table.sql'), 'CREATE TABLE future_table (id TEXT);');
    openDatabase(path, { migrationsDir: migrations }).close();
    rmSync(join(migrations, '9999_add_future_table.sql'));
    expect(() => openDatabase(path, { migrationsDir: migrations })).toThrow(/not on disk/);
  });

  it('rolls back a failing migration and leaves earlier ones applied', () => {
    const migrations = copyMigrations();
    writeFileSync(join(migrations, '9998_break_things.sql'), 'CREATE TABLE half_done (id TEXT); SELECT * FROM no_such_table;');
    const path = join(tempDir(), 'app.db');
    expect(() => openDatabase(path, { migrationsDir: migrations })).toThrow(/9998_break_things/);
    rmSync(join(migrations, '9998_break_things.sql'));
    const db = openDatabase(path, { migrationsDir: migrations });
    expect(db.get(sql`SELECT name FROM sqlite_master WHERE name = 'half_done'`)).toBeUndefined();
    db.close();
  });
});
