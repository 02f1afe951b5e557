import type { SyncedTable } from '../../../src/shared/sync/tables';

// Synced columns that `authenticated` may not select (column grants cannot tell the row's owner from a
// co-member), each with the security-definer function the owner reads it through (migration 0019).
const OWNER_ONLY_COLUMNS: Partial<Record<SyncedTable, Readonly<Record<string, string>>>> = {
  users: { personal_context: 'app.own_personal_context(id)' },
};

/**
 * The SQL a shape reads `column` of `table` with under the user's role: the quoted column, or the
 * function that returns an owner-only column's value for its owner (null for anyone else).
 */
export function columnSql(table: SyncedTable, column: string): string {
  return OWNER_ONLY_COLUMNS[table]?.[column] ?? `"${column.replace(/"/g, '""')}"`;
}
