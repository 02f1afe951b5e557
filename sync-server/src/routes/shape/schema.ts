import { z } from 'zod';
import { invalidInput } from '../../../../src/shared/errors';
import { isSyncedTable, SYNCED_TABLES, type SyncedTable } from '../../../../src/shared/sync/tables';
import { parseOffset, type ShapePosition } from '../../sync/handle';

/** Electric's shape query parameters this server accepts (others it ignores or refuses below). */
export const ShapeQuerySchema = z.looseObject({
  table: z.string().min(1).max(100),
  offset: z.string().min(1).max(80),
  handle: z.string().min(1).max(1000).optional(),
  live: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(100).optional(),
  columns: z.string().max(2000).optional(),
  replica: z.enum(['default', 'full']).optional(),
  log: z.enum(['full']).optional(),
  // Electric's Server-Sent Events mode (the client sends both names).
  live_sse: z.enum(['true', 'false']).optional(),
  experimental_live_sse: z.enum(['true', 'false']).optional(),
});

/** A shape request after validation. */
export interface ParsedShapeQuery {
  table: SyncedTable;
  position: ShapePosition;
  handle: string | undefined;
  live: boolean;
  columns: readonly string[] | undefined;
  rawOffset: string;
  cursor: string | undefined;
  /** Stream live changes as Server-Sent Events (`live_sse=true`, requires `live=true`). */
  sse: boolean;
}

// Parameters that would let a client change which rows it gets: the server fixes those.
const WIDENING = /^(where|params(\[.*\])?|subset__.*)$/;

/**
 * Validates a shape query: known table, well-formed offset, handle when resuming, and no
 * `where`/`params`/subset parameters (the server fixes the filter; RLS decides the rows).
 * `columns` may only narrow the table's synced columns and must include `id`.
 * @throws AppError('validation.invalid_input')
 */
export function parseShapeQuery(query: unknown): ParsedShapeQuery {
  const parsed = ShapeQuerySchema.safeParse(query);
  if (!parsed.success) {
    throw invalidInput('Invalid shape request', {
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
  const value = parsed.data;
  const refused = Object.keys(value).filter((key) => WIDENING.test(key));
  if (refused.length > 0) {
    throw invalidInput(`The server fixes each shape's rows; remove ${refused.join(', ')}`, { refused });
  }
  if (!isSyncedTable(value.table)) throw invalidInput(`Table ${value.table.slice(0, 100)} is not synced`);
  // Electric's own offsets (proxy mode) may end in `_inf`; they are forwarded as sent.
  const electric = /^(\d{1,20})_inf$/.exec(value.offset);
  const position = parseOffset(value.offset) ?? (electric?.[1] ? { kind: 'log' as const, from: Number(electric[1]) } : undefined);
  if (!position) throw invalidInput('Invalid offset');
  if ((position.kind === 'log' || position.kind === 'snapshot') && value.handle === undefined) {
    throw invalidInput('handle is required when offset is not -1 or now');
  }
  let columns: readonly string[] | undefined;
  if (value.columns !== undefined) {
    const allowed: readonly string[] = SYNCED_TABLES[value.table];
    const requested = value.columns.split(',').map((column) => column.trim().replace(/^"(.*)"$/, '$1'));
    const unknown = requested.filter((column) => !allowed.includes(column));
    if (unknown.length > 0 || !requested.includes('id')) {
      throw invalidInput('columns must be synced columns of the table and include id', { unknown });
    }
    columns = allowed.filter((column) => requested.includes(column));
  }
  const sse = value.live_sse === 'true' || value.experimental_live_sse === 'true';
  if (sse && value.live !== 'true') throw invalidInput('live_sse requires live=true');
  return { table: value.table, position, handle: value.handle, live: value.live === 'true', columns, rawOffset: value.offset, cursor: value.cursor, sse };
}
