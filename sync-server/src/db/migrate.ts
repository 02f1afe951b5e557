import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../src/shared/errors';
import { runInTransaction, type SqlDb, type TxQueryable } from './queryable';

/** Default location of the Postgres migrations, relative to this file in the source tree. */
export const POSTGRES_MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../migrations/postgres');

/** One migration file on disk: `NNNN_verb_object.sql` with its sha256. */
export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

/** Options for {@link migrate}. */
export interface MigrateOptions {
  /** Folder holding the numbered `.sql` files; defaults to migrations/postgres. */
  dir?: string;
}

// Any constant works; it only has to be the same for every migrator of this schema.
const MIGRATION_LOCK_KEY = 7_316_485_201;

/** Reads `NNNN_verb_object.sql` files in name order, with their sha256 checksums. */
export function readMigrationFiles(dir: string = POSTGRES_MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies pending migrations forward-only, each in its own transaction under an advisory lock,
 * recording name and checksum in `schema_migrations`. Returns the names it applied.
 * @throws AppError('db.migration_failed') when an applied file was edited or removed, the applied
 * list is not a prefix of the files on disk, or a migration's SQL fails (nothing of it is kept).
 */
export async function migrate(db: SqlDb, options: MigrateOptions = {}): Promise<string[]> {
  const files = readMigrationFiles(options.dir ?? POSTGRES_MIGRATIONS_DIR);
  const applied: string[] = [];
  // One transaction per migration; each re-reads the applied list under the lock, so concurrent
  // migrators (several server processes booting) serialise and never apply a file twice.
  for (;;) {
    const next = await runInTransaction(db, async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await ensureMigrationsTable(tx);
      const pending = await findPending(tx, files);
      if (!pending) return undefined;
      try {
        await tx.exec(pending.sql);
      } catch (error) {
        throw new AppError('db.migration_failed', `Migration ${pending.name} failed`, {
          cause: error,
          details: { name: pending.name },
        });
      }
      await tx.query('insert into schema_migrations (name, checksum) values ($1, $2)', [pending.name, pending.checksum]);
      return pending.name;
    });
    if (next === undefined) return applied;
    applied.push(next);
  }
}

/** Names of the migrations recorded in `schema_migrations`, in order (empty before the first run). */
export async function listAppliedMigrations(db: SqlDb): Promise<string[]> {
  return runInTransaction(db, async (tx) => {
    const exists = await tx.query<{ present: boolean }>(`select to_regclass('public.schema_migrations') is not null as present`);
    if (!exists.rows[0]?.present) return [];
    const result = await tx.query<{ name: string }>('select name from schema_migrations order by name');
    return result.rows.map((row) => row.name);
  });
}

async function ensureMigrationsTable(tx: TxQueryable): Promise<void> {
  const exists = await tx.query<{ present: boolean }>(`select to_regclass('public.schema_migrations') is not null as present`);
  if (exists.rows[0]?.present) return;
  await tx.exec(`
    create table public.schema_migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    );
    comment on table public.schema_migrations is 'Applied migration files and their sha256; written only by the migrator.';
    alter table public.schema_migrations enable row level security;
  `);
}

async function findPending(tx: TxQueryable, files: MigrationFile[]): Promise<MigrationFile | undefined> {
  const result = await tx.query<{ name: string; checksum: string }>('select name, checksum from schema_migrations order by name');
  result.rows.forEach((row, index) => {
    const file = files[index];
    if (!file || file.name !== row.name) {
      throw new AppError('db.migration_failed', `Applied migration ${row.name} is not on disk in that position`, {
        details: { name: row.name },
      });
    }
    if (file.checksum !== row.checksum) {
      throw new AppError('db.migration_failed', `Migration ${row.name} was edited after it was applied`, {
        details: { name: row.name },
      });
    }
  });
  return files[result.rows.length];
}
