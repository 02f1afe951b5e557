import type { SyncedTable } from '../../../src/shared/sync/tables';
import { columnSql } from './owner-only-columns';

/** A column's type as the shape's `electric-schema` header describes it. */
export interface RowJsonColumn {
  type: string;
  dims?: number;
  not_null?: boolean;
}

// Types whose text output is only digits, letters, spaces and `-+.:`: quoting it is already JSON.
const PLAIN_TEXT_TYPES = new Set(['uuid', 'int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'bool', 'timestamptz', 'timestamp', 'date', 'oid']);

/**
 * SQL for one row of `table` as the JSON object a shape sends (`{"col":"<Postgres text>",…}`, null
 * for SQL null), built by concatenation: only columns whose text may need escaping go through
 * to_json. The same values as json_build_object over `::text` casts at about half of its cost per
 * row, which is most of what Postgres spends on an initial sync.
 */
export function rowJsonSql(table: SyncedTable, columns: readonly string[], schema: Readonly<Record<string, RowJsonColumn | undefined>>): string {
  const parts = columns.map((column, index) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(column)) throw new Error(`not a plain column name: ${column}`);
    const info = schema[column];
    const text = `(${columnSql(table, column)})::text`;
    const isPlain = info !== undefined && (info.dims ?? 0) === 0 && PLAIN_TEXT_TYPES.has(info.type);
    const value = isPlain ? `'"' || ${text} || '"'` : `to_json(${text})::text`;
    // A not-null column still goes through coalesce when it is read through a function.
    const isNeverNull = info?.not_null === true && columnSql(table, column).startsWith('"');
    return `'${index === 0 ? '{' : ','}"${column}":' || ${isNeverNull ? value : `coalesce(${value}, 'null')`}`;
  });
  return parts.length === 0 ? `'{}'` : `(${parts.join(' || ')} || '}')`;
}
