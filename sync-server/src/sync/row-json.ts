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
  // Alternating literal text and SQL expressions; neighbouring literals are merged, so a row of
  // plain non-null columns costs one concatenation per column.
  const pieces: { literal: string; sql?: string }[] = [{ literal: '{' }];
  const append = (literal: string, sql?: string) => {
    const last = pieces[pieces.length - 1] as { literal: string; sql?: string };
    if (last.sql === undefined) last.literal += literal;
    else pieces.push({ literal });
    if (sql !== undefined) (pieces[pieces.length - 1] as { sql?: string }).sql = sql;
  };
  columns.forEach((column, index) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(column)) throw new Error(`not a plain column name: ${column}`);
    const info = schema[column];
    const read = columnSql(table, column);
    const text = `(${read})::text`;
    const isPlain = info !== undefined && (info.dims ?? 0) === 0 && PLAIN_TEXT_TYPES.has(info.type);
    // A not-null column read through a function (owner-only columns) may still be null.
    const isNeverNull = info?.not_null === true && read.startsWith('"');
    const key = `${index === 0 ? '' : ','}"${column}":`;
    if (isPlain && isNeverNull) {
      append(`${key}"`, text);
      append('"');
    } else if (isPlain) {
      append(key, `coalesce('"' || ${text} || '"', 'null')`);
    } else {
      append(key, isNeverNull ? `to_json(${text})::text` : `coalesce(to_json(${text})::text, 'null')`);
    }
  });
  append('}');
  const quote = (literal: string) => `'${literal.replaceAll("'", "''")}'`;
  return `(${pieces.map((piece) => (piece.sql === undefined ? quote(piece.literal) : `${quote(piece.literal)} || ${piece.sql}`)).join(' || ')})`;
}
