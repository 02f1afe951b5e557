import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';

/** Default location of the SQLite migrations, relative to this file in the source tree. */
export const SQLITE_MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../migrations/sqlite');

/** One migration file on disk. */
export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

/** Reads `NNNN_verb_object.sql` files in order, with their sha256 checksums. */
export function readMigrationFiles(dir: string): MigrationFile[] {
  return readdirSync(dir)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies pending migrations forward-only, each in its own transaction. Refuses a database whose
 * applied list is not a prefix of the files on disk, or whose applied files were edited.
 * @throws AppError('db.migration_failed')
 */
export function migrate(raw: Database.Database, dir = SQLITE_MIGRATIONS_DIR): string[] {
  raw.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const files = readMigrationFiles(dir);
  const applied = raw.prepare('SELECT name, checksum FROM schema_migrations ORDER BY name').all() as {
    name: string;
    checksum: string;
  }[];
  applied.forEach((row, index) => {
    const file = files[index];
    if (!file || file.name !== row.name) {
      throw new AppError('db.migration_failed', `Applied migration ${row.name} is not on disk in that position`);
    }
    if (file.checksum !== row.checksum) {
      throw new AppError('db.migration_failed', `Migration ${row.name} was edited after it was applied`);
    }
  });
  const pending = files.slice(applied.length);
  const record = raw.prepare('INSERT INTO schema_migrations (name, checksum, applied_at) VALUES (?, ?, ?)');
  for (const file of pending) {
    try {
      raw.transaction(() => {
        raw.exec(file.sql);
        record.run(file.name, file.checksum, Date.now());
      })();
    } catch (error) {
      throw new AppError('db.migration_failed', `Migration ${file.name} failed`, { cause: error });
    }
  }
  return pending.map((file) => file.name);
}
