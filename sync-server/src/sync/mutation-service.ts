import { AppError, invalidInput, type ErrorCode } from '../../../src/shared/errors';
import { isReadOnlyTable, isSyncedTable, SYNCED_TABLES, type SyncedTable } from '../../../src/shared/sync/tables';
import type { MutationResult } from '../../../src/shared/sync/mutations';
import type { SqlDb, TxQueryable } from '../db/queryable';
import { runInTransaction } from '../db/queryable';
import { withUserTx, type UserClaims } from '../db/tx';
import type { Mutation } from '../routes/mutations/schema';
import { checkMutationAge, DEFAULT_MUTATION_RETENTION_MS } from './mutation-retention';

/** Options of {@link createMutationService}. */
export interface MutationServiceOptions {
  db: SqlDb;
  /** Called after a batch commits (the feed's kick), so live shapes see it at once. */
  onCommitted?: () => void;
  /**
   * How long outcomes are kept (default 30 days; purged by sync/mutation-retention.ts). A mutation
   * id with no recorded outcome whose first send is older than this is refused, not applied.
   */
  retentionMs?: number;
}

interface PreparedMutation {
  mutation: Mutation;
  table: SyncedTable;
  columns: string[];
  values: unknown[];
}

const SQLSTATE_CODES: Record<string, ErrorCode> = {
  '42501': 'auth.forbidden',
  '23505': 'db.constraint',
  '23503': 'db.constraint',
  '23P01': 'db.constraint',
  '23502': 'validation.invalid_input',
  '23514': 'validation.invalid_input',
  '22P02': 'validation.invalid_input',
  '22001': 'validation.invalid_input',
  '22003': 'validation.invalid_input',
  '22007': 'validation.invalid_input',
  '22008': 'validation.invalid_input',
};

/**
 * Applies mutation batches. Batch semantics: the whole batch is validated first (unknown table or
 * column, wrong value type: 400, nothing applied); then it runs in ONE transaction under the
 * user's RLS role, each mutation inside its own savepoint, in order. A mutation the database
 * refuses (RLS, constraint) is rolled back alone and reported `rejected` with its error code; the
 * others commit. Every outcome is recorded under (user, mutation id): a mutation id seen before is
 * not applied again and returns its recorded result. Outcomes are kept for `retentionMs`; an id
 * with none whose `first_sent_at` is older than that may be a retry whose outcome was purged, so
 * it is refused (`sync.mutation_expired`) rather than applied again over newer edits; one claiming
 * a first send too far in the future is refused too (`sync.clock_skew`, see mutation-retention.ts).
 * Ages are `sentAt - first_sent_at` (both the client's clock) when the batch has `sentAt`.
 * All mutations applied by one request share its transaction id (`pg_current_xact_id()`), which
 * the shape stream carries in `txids`.
 */
export function createMutationService(options: MutationServiceOptions) {
  const { db } = options;
  const retentionMs = options.retentionMs ?? DEFAULT_MUTATION_RETENTION_MS;
  const types = new Map<string, Map<string, string>>();

  async function columnTypes(table: SyncedTable): Promise<Map<string, string>> {
    const cached = types.get(table);
    if (cached) return cached;
    const result = await runInTransaction(db, (tx) =>
      tx.query<{ name: string; type: string }>(
        `select a.attname as name, t.typname as type from pg_attribute a join pg_type t on t.oid = a.atttypid
         where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped`,
        [`public.${table}`],
      ),
    );
    if (result.rows.length === 0) throw invalidInput(`Table ${table} is not available on this server`);
    const map = new Map(result.rows.map((row) => [row.name, row.type]));
    types.set(table, map);
    return map;
  }

  async function prepare(mutation: Mutation, index: number): Promise<PreparedMutation> {
    const where = `mutations.${index}`;
    if (!isSyncedTable(mutation.table)) throw invalidInput(`${where}: table ${mutation.table.slice(0, 100)} is not synced`);
    const table = mutation.table;
    const allowed: readonly string[] = SYNCED_TABLES[table];
    const pgTypes = await columnTypes(table);
    const source = mutation.op === 'insert' ? mutation.row : mutation.op === 'update' ? mutation.changes : {};
    const columns: string[] = [];
    const values: unknown[] = [];
    for (const [column, raw] of Object.entries(source)) {
      const type = pgTypes.get(column);
      if (!allowed.includes(column) || type === undefined) throw invalidInput(`${where}: unknown column ${column.slice(0, 100)}`);
      if (mutation.op === 'update' && column === 'id') throw invalidInput(`${where}: id cannot change`);
      columns.push(column);
      values.push(toPgValue(raw, type, `${where}.${column}`));
    }
    if (mutation.op === 'insert' && (typeof mutation.row['id'] !== 'string' || !columns.includes('id'))) {
      throw invalidInput(`${where}: an inserted row needs its id`);
    }
    if (mutation.op === 'update' && columns.length === 0) throw invalidInput(`${where}: no changes`);
    return { mutation, table, columns, values };
  }

  async function applyOne(tx: TxQueryable, prepared: PreparedMutation, types: Map<string, string>): Promise<'applied' | ErrorCode> {
    const { mutation, table, columns, values } = prepared;
    const target = `public.${quoteIdent(table)}`;
    const cast = (column: string, n: number) => `$${n}::${quoteIdent(types.get(column) ?? 'text')}`;
    if (mutation.op === 'insert') {
      const list = columns.map(quoteIdent).join(', ');
      const params = columns.map((column, i) => cast(column, i + 1)).join(', ');
      await tx.query(`insert into ${target} (${list}) values (${params})`, values);
      return 'applied';
    }
    let changed: number;
    if (mutation.op === 'update') {
      const sets = columns.map((column, i) => `${quoteIdent(column)} = ${cast(column, i + 2)}`).join(', ');
      const result = await tx.query(`update ${target} set ${sets} where id = $1::uuid`, [mutation.key, ...values]);
      changed = result.rowCount ?? result.affectedRows ?? 0;
    } else {
      const result = await tx.query(`delete from ${target} where id = $1::uuid`, [mutation.key]);
      changed = result.rowCount ?? result.affectedRows ?? 0;
    }
    if (changed > 0) return 'applied';
    // Nothing matched under RLS: tell "hidden from you" apart from "gone".
    await tx.query('set local role service_role');
    const exists = await tx.query(`select 1 from ${target} where id = $1::uuid`, [mutation.key]);
    await tx.query('set local role authenticated');
    if (exists.rows.length > 0) return 'auth.forbidden';
    return mutation.op === 'delete' ? 'applied' : 'sync.not_found';
  }

  return {
    /**
     * Validates and applies one batch for the user; see the batch semantics above. `sentAt` is the
     * client's clock at posting, the reference for its mutations' `first_sent_at`.
     * @throws AppError('validation.invalid_input') when any mutation is malformed (nothing applied).
     */
    async apply(claims: UserClaims, mutations: Mutation[], batch: { sentAt?: number } = {}): Promise<{ txid: string; results: MutationResult[] }> {
      const seen = new Set<string>();
      for (const mutation of mutations) {
        if (seen.has(mutation.id)) throw invalidInput(`Mutation id ${mutation.id} appears twice in the batch`);
        seen.add(mutation.id);
      }
      const prepared: PreparedMutation[] = [];
      for (const [index, mutation] of mutations.entries()) prepared.push(await prepare(mutation, index));

      const outcome = await withUserTx(db, claims, async (tx) => {
        // The database clock, the one that stamps sync_mutations.created_at for the purge.
        const head = (
          await tx.query<{ txid: string; now_ms: number }>(
            'select pg_current_xact_id()::text as txid, (extract(epoch from now()) * 1000)::float8 as now_ms',
          )
        ).rows[0];
        const txid = head?.txid ?? '';
        // Ages on the client's own clock when it says what time it is; the server's otherwise.
        const nowMs = batch.sentAt ?? Number(head?.now_ms);
        const results: MutationResult[] = [];
        for (const item of prepared) {
          const { mutation, table } = item;
          await tx.query('savepoint mutation');
          const recorded = async (): Promise<MutationResult | undefined> =>
            (
              await tx.query<{ result: MutationResult }>('select result from sync_mutations where user_id = auth.uid() and id = $1', [
                mutation.id,
              ])
            ).rows[0]?.result;
          const earlier = await recorded();
          if (earlier) {
            await tx.query('release savepoint mutation');
            results.push(earlier);
            continue;
          }
          let status: 'applied' | ErrorCode;
          const refusal = checkMutationAge(mutation.first_sent_at, nowMs, retentionMs);
          try {
            // Calendar rows are written by the server's calendar sync only, whatever RLS would allow.
            status = refusal ?? (isReadOnlyTable(table) ? 'auth.forbidden' : await applyOne(tx, item, await columnTypes(table)));
          } catch (error) {
            const code = readSqlState(error);
            const mapped = code === undefined ? undefined : SQLSTATE_CODES[code];
            if (!mapped) throw error;
            status = mapped;
          }
          const result: MutationResult =
            status === 'applied'
              ? { id: mutation.id, status: 'applied', txid }
              : { id: mutation.id, status: 'rejected', error: { code: status, message: describe(status, retentionMs) } };
          if (result.status === 'rejected') await tx.query('rollback to savepoint mutation');
          // A concurrent request with the same id may have committed meanwhile: its result wins.
          const claimed = await tx.query(
            `insert into sync_mutations (user_id, id, table_name, status, result) values (auth.uid(), $1, $2, $3, $4)
             on conflict do nothing returning id`,
            [mutation.id, table, result.status, JSON.stringify(result)],
          );
          if (claimed.rows.length === 0) {
            await tx.query('rollback to savepoint mutation');
            const winner = await recorded();
            if (!winner) throw new AppError('internal', 'Recorded mutation vanished');
            await tx.query('release savepoint mutation');
            results.push(winner);
            continue;
          }
          await tx.query('release savepoint mutation');
          results.push(result);
        }
        return { txid, results };
      });
      options.onCommitted?.();
      return outcome;
    },
  };
}

/** The service's type, for route wiring. */
export type MutationService = ReturnType<typeof createMutationService>;

function describe(code: ErrorCode, retentionMs: number): string {
  switch (code) {
    case 'sync.mutation_expired':
      return `The change was first sent more than ${formatDays(retentionMs)} ago and the server no longer knows whether it was applied, so it was not applied (a late retry could overwrite newer edits). Check the device clock if the change is recent`;
    case 'sync.clock_skew':
      return 'The change claims a first send more than an hour after the time it was sent at (the device clock moved back, or is ahead of the server), so its age is unknown and it was not applied. Correct the clock and make the change again';
    case 'auth.forbidden':
      return 'Row-level security does not allow this change';
    case 'db.constraint':
      return 'The change conflicts with a constraint (duplicate or missing reference)';
    case 'validation.invalid_input':
      return 'A value is missing, out of range or malformed';
    case 'sync.not_found':
      return 'The row does not exist';
    default:
      return 'Rejected';
  }
}

function formatDays(ms: number): string {
  const days = ms / 86_400_000;
  return days === 1 ? '1 day' : `${Number.isInteger(days) ? days : days.toFixed(1)} days`;
}

// Wire values are the SQLite mirror's: epoch ms for timestamptz, 0/1 or booleans, JSON text.
function toPgValue(raw: unknown, type: string, where: string): unknown {
  if (raw === null) return null;
  const fail = (expected: string) => invalidInput(`${where}: expected ${expected}`);
  switch (type) {
    case 'timestamptz':
    case 'timestamp':
      if (typeof raw === 'number' && Number.isFinite(raw)) return new Date(raw).toISOString();
      if (typeof raw === 'string' && !Number.isNaN(Date.parse(raw))) return raw;
      throw fail('epoch milliseconds');
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (raw === 0 || raw === 1) return raw === 1;
      throw fail('a boolean');
    case 'int2':
    case 'int4':
    case 'int8':
      if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
      throw fail('an integer');
    case 'float4':
    case 'float8':
    case 'numeric':
      if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
      throw fail('a number');
    case 'json':
    case 'jsonb':
      if (typeof raw === 'string') {
        try {
          JSON.parse(raw);
          return raw;
        } catch {
          // Not JSON text: reported as the caller's mistake, which is what this branch decides.
          throw fail('JSON text');
        }
      }
      return JSON.stringify(raw);
    case 'uuid':
      if (typeof raw === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(raw)) return raw;
      throw fail('a uuid');
    default:
      if (typeof raw === 'string') return raw;
      throw fail('a string');
  }
}

function readSqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
