import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import type { IpcHandlers } from '../../shared/ipc/contract';
import type { AppDb } from '../db/open-database';
import { sql, type SqlQuery } from '../db/sql';
import { createLogger } from '../log/logger';

const log = createLogger('data');

/**
 * User data tables, children before parents, with the filter that selects user rows.
 * System templates, settings, accounts and sync bookkeeping are not user data.
 */
const USER_TABLES: readonly { table: string; where: string }[] = [
  { table: 'collaborative_action_items', where: '1 = 1' },
  { table: 'conversation_links', where: '1 = 1' },
  { table: 'custom_reports', where: '1 = 1' },
  { table: 'guidance', where: '1 = 1' },
  { table: 'meeting_metadata', where: '1 = 1' },
  { table: 'prep_checklist', where: '1 = 1' },
  { table: 'session_timeline_events', where: '1 = 1' },
  { table: 'smart_notes', where: '1 = 1' },
  { table: 'summaries', where: '1 = 1' },
  { table: 'transcripts', where: '1 = 1' },
  { table: 'session_context', where: '1 = 1' },
  { table: 'documents', where: '1 = 1' },
  { table: 'context_chunks', where: '1 = 1' },
  { table: 'usage_tracking', where: '1 = 1' },
  { table: 'sessions', where: '1 = 1' },
  { table: 'templates', where: 'is_system_template = 0' },
];

/** Dependencies of the data feature. */
export interface DataFeatureDeps {
  db: AppDb;
  dataDir: string;
  now: () => number;
  /** Markdown of one session (the same as `export.markdown`). */
  markdownFor: (sessionId: string) => Promise<{ filename: string; markdown: string }>;
}

type DataHandlers = Pick<IpcHandlers, 'data.exportAll' | 'data.deleteAll'>;

/** `data.exportAll` (every session as Markdown + a JSON dump) and `data.deleteAll` (one transaction). */
export function createDataFeature(deps: DataFeatureDeps): { handlers: DataHandlers } {
  const rowsOf = (table: string, where: string) => deps.db.all<Record<string, unknown>>([`SELECT * FROM ${table} WHERE ${where} ORDER BY rowid`, []] as SqlQuery);

  const handlers: DataHandlers = {
    'data.exportAll': async () => {
      const stamp = new Date(deps.now()).toISOString().replace(/[:.]/g, '-');
      const exportsDir = join(deps.dataDir, 'exports');
      let path = join(exportsDir, `liveconvo-export-${stamp}`);
      for (let n = 2; existsSync(path); n += 1) path = join(exportsDir, `liveconvo-export-${stamp}-${n}`);
      // Written under a temporary name and renamed at the end: a failed export leaves nothing behind.
      const partial = `${path}.partial`;
      try {
        // Read every table in one transaction so the dump is consistent.
        const tables = deps.db.transaction(() => Object.fromEntries(USER_TABLES.map(({ table, where }) => [table, rowsOf(table, where)])));
        const sessions = deps.db.all<{ id: string }>(sql`SELECT id FROM sessions ORDER BY created_at, id`);
        await mkdir(join(partial, 'sessions'), { recursive: true });
        const names = new Set<string>();
        for (const { id } of sessions) {
          const { filename, markdown } = await deps.markdownFor(id);
          const name = names.has(filename) ? `${id}.md` : filename;
          names.add(name);
          await writeFile(join(partial, 'sessions', name), markdown, { flag: 'wx' });
        }
        const dump = { format: 'liveconvo-export/1', exported_at: new Date(deps.now()).toISOString(), tables };
        await writeFile(join(partial, 'data.json'), JSON.stringify(dump, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('base64') : value), 2), { flag: 'wx' });
        await rename(partial, path);
        const rows = Object.fromEntries(Object.entries(tables).map(([table, list]) => [table, list.length]));
        log.info('data exported', { sessions: sessions.length });
        return { path, sessions: sessions.length, rows };
      } catch (cause) {
        await rm(partial, { recursive: true, force: true }).catch(() => undefined);
        if (cause instanceof AppError) throw cause;
        throw new AppError('data.export_failed', `Could not write the export to ${exportsDir}; nothing was changed`, { cause, details: { reason: String(cause).slice(0, 200) } });
      }
    },
    'data.deleteAll': async () => {
      const deleted = deps.db.transaction(() => Object.fromEntries(USER_TABLES.map(({ table, where }) => [table, deps.db.run([`DELETE FROM ${table} WHERE ${where}`, []] as SqlQuery)])));
      log.info('all user data deleted', { sessions: deleted['sessions'] ?? 0 });
      return { deleted };
    },
  };
  return { handlers };
}
