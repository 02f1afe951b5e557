import type { SyncedTable } from '../../../src/shared/sync/tables';
import type { TxQueryable } from '../db/queryable';
import { rowJsonSql, type RowJsonColumn } from './row-json';

/** One chunk of a shape's initial snapshot, as Electric change messages joined with commas. */
export interface SnapshotChunk {
  /** The chunk's messages (`{...},{...}`), without brackets; empty when no row is left. */
  body: string;
  /** Rows in the chunk. */
  count: number;
  /** The last (highest) id of the chunk, where the next chunk starts after; undefined when empty. */
  lastId: string | undefined;
}

/** What {@link readSnapshotChunk} reads. */
export interface SnapshotChunkRequest {
  table: SyncedTable;
  /** Served columns, in wire order (always includes id). */
  columns: readonly string[];
  /** Their types (the shape's schema), which decide how each value is written as JSON. */
  schema: Readonly<Record<string, RowJsonColumn | undefined>>;
  /** Start after this id (the previous chunk's last); undefined for the first chunk. */
  afterId: string | undefined;
  limit: number;
}

/**
 * Reads the next `limit` rows of a snapshot in id order and builds the whole chunk's message text
 * in Postgres: one text value back instead of thousands of rows to parse and join in JS. The
 * caller has already set the user's role and claims, so RLS decides which rows are in it.
 *
 * The chunk's messages are joined in whatever order the aggregate sees them: they are inserts of
 * distinct rows, and which rows are in the chunk is fixed by the ordered, limited subquery (an
 * `order by` inside string_agg sorted every chunk again, spilling to disk).
 *
 * The page is walked in the uuid primary key's order with a plain `id > $1` range, so each chunk
 * is an index range scan of `limit` rows; ordering by a text cast of the id (or an `$1 is null or`
 * condition) made every chunk sort the whole visible table.
 */
export async function readSnapshotChunk(tx: TxQueryable, request: SnapshotChunkRequest): Promise<SnapshotChunk> {
  const { table, columns, schema, afterId, limit } = request;
  const self = table === 'users' ? ' and id = auth.uid()' : '';
  const range = afterId === undefined ? '' : ' and id > $2::uuid';
  const head = `{"headers":{"operation":"insert","relation":["public","${table}"]},"key":"\\"public\\".\\"${table}\\"/\\"`;
  const result = await tx.query<{ body: string | null; n: number; last: string | null }>(
    `select string_agg(m, ',') as body, count(*)::int as n, max(id::text) as last from (
       select id, ${literal(head)} || id::text || '\\"","value":' || ${rowJsonSql(table, columns, schema)} || '}' as m
       from public.${quoteIdent(table)} where true${self}${range} order by id limit $1
     ) page`,
    afterId === undefined ? [limit] : [limit, afterId],
  );
  const row = result.rows[0];
  return { body: row?.body ?? '', count: row?.n ?? 0, lastId: row?.last ?? undefined };
}

/** A SQL string literal (standard_conforming_strings is on: only quotes need doubling). */
function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
