import type { SyncedTable } from '../../../src/shared/sync/tables';
import type { TxQueryable } from '../db/queryable';
import type { SessionRule } from './live-visibility';

/** A sync_log entry as shapes read it: a changed key and who could read the row before. */
export interface LogEntry {
  row_id: string;
  log_offset: string | number;
  op: 'insert' | 'update' | 'delete';
  txids: string[];
  aud_owners: string[];
  aud_orgs: string[];
  aud_public: boolean;
}

/** One user's view of a session table's log from an offset, read in one statement (one snapshot). */
export interface UserLogRange {
  generation: string;
  min_offset: string;
  /** The user's visibility epoch (sync_user_epochs). */
  epoch: string;
  /** Log entries from the offset, in order (at most the limit asked for). */
  entries: LogEntry[];
  /** The user's visibility entries from the same offset, in order (at most the limit asked for). */
  moved: { session_id: string; log_offset: string }[];
}

/** Where an expansion page leaves the shape: the next log position, maybe inside an expansion. */
export interface ExpansionNext {
  from: number;
  expandedThrough?: string;
}

/** What {@link readExpansionPage} answers from. */
export interface ExpansionPageRequest {
  table: SyncedTable;
  rule: SessionRule;
  /** The user whose range it is (deletes go to users in an entry's audience). */
  userId: string;
  /** Start of the range (the request's log position). */
  from: number;
  /** Rows of the visibility entry at `from` already sent, up to this id (in id order). */
  expandedThrough: string | undefined;
  /** Most change messages in the page; `range` holds up to chunkSize + 1 of each kind of entry. */
  chunkSize: number;
  /** The table's row select under RLS (`select id, value from … where true…`). */
  select: string;
  range: UserLogRange;
}

/** One response's worth of a user's log range. */
export interface ExpansionPage {
  messages: string[];
  upToDate: boolean;
  next: ExpansionNext;
}

/** Builds one Electric change message (value is the row's JSON text). */
export function changeMessage(table: string, id: string, operation: string, value: string, txids?: string[]): string {
  const tx = txids && txids.length > 0 ? `,"txids":[${txids.join(',')}]` : '';
  return `{"headers":{"operation":"${operation}","relation":["public","${table}"]${tx}},"key":${JSON.stringify(`"public"."${table}"/"${id}"`)},"value":${value}}`;
}

/**
 * Reads the feed state, `limit` log entries of `table` from `from` and `limit` of the user's
 * visibility entries from `from`, in one statement: log and visibility entries share one offset
 * sequence, and reading both in one snapshot means no entry between them can be skipped.
 */
export async function readUserLogRange(tx: TxQueryable, table: SyncedTable, userId: string, from: number, limit: number): Promise<UserLogRange> {
  const result = await tx.query<{
    generation: string;
    min_offset: string;
    epoch: string;
    entries: LogEntry[] | null;
    moved: UserLogRange['moved'] | null;
  }>(
    `select generation, min_offset::text, coalesce((select epoch from sync_user_epochs where user_id = $1), 0)::text as epoch,
       (select coalesce(json_agg(e order by e.log_offset), '[]') from (
          select row_id::text, log_offset, op, txids::text[] as txids, aud_owners::text[] as aud_owners, aud_orgs::text[] as aud_orgs, aud_public
          from sync_log where table_name = $2 and log_offset >= $3 order by log_offset limit $4) e) as entries,
       (select coalesce(json_agg(v order by v.log_offset), '[]') from (
          select session_id::text as session_id, log_offset::text as log_offset
          from sync_visibility_log where user_id = $1 and log_offset >= $3 order by log_offset limit $4) v) as moved
     from sync_feed_state`,
    [userId, table, from, limit],
  );
  const row = result.rows[0];
  if (!row) throw new Error('sync_feed_state is empty');
  return { generation: row.generation, min_offset: row.min_offset, epoch: row.epoch, entries: row.entries ?? [], moved: row.moved ?? [] };
}

// Sessions whose row counts one statement looks up at first; each further lookup takes twice as many,
// so a user gaining thousands of small sessions costs a few statements, and huge sessions few counts.
const FIRST_COUNT_GROUP = 16;

/**
 * One bounded response of a user's log range in offset order: log entries become that entry's
 * change, a visibility entry (a session that entered or left what the user may read) becomes an
 * insert of each of the session's rows the user can read now and a delete of the others, in id
 * order. A session with more rows than the page has room for is split across responses: the next
 * position then stands inside it (`expandedThrough`), so a client that resumes from its stored
 * offset continues after the last row it received.
 *
 * Runs in the user's transaction (claims set) as service_role, which reads the session's row ids
 * whatever their visibility; the rows' values are then read as `authenticated`, under RLS.
 */
export async function readExpansionPage(tx: TxQueryable, request: ExpansionPageRequest): Promise<ExpansionPage> {
  const { table, rule, from, expandedThrough, chunkSize, range } = request;
  const key = rule === 'session' ? 'id' : 'session_id';
  const source = `public."${table}"`;
  // Entries past the first one a full read left out are unknown: the page stops before it.
  const horizon = Math.min(
    range.entries.length > chunkSize ? Number(range.entries[chunkSize]?.log_offset) : Number.POSITIVE_INFINITY,
    range.moved.length > chunkSize ? Number(range.moved[chunkSize]?.log_offset) : Number.POSITIVE_INFINITY,
  );
  type Event = { offset: number; entry: LogEntry; sessionId?: undefined } | { offset: number; sessionId: string; entry?: undefined };
  const events: Event[] = [
    ...range.entries.map((entry) => ({ offset: Number(entry.log_offset), entry })),
    ...range.moved.map((moved) => ({ offset: Number(moved.log_offset), sessionId: moved.session_id })),
  ]
    .filter((event) => event.offset < horizon)
    .sort((a, b) => a.offset - b.offset);

  // What the page sends, in order: log entries, row ids of (part of) a session, or a whole session.
  const steps: (LogEntry | string[] | { whole: string })[] = [];
  const counts = new Map<string, number>();
  let group = FIRST_COUNT_GROUP;
  let budget = chunkSize;
  let stop: ExpansionNext | undefined;
  let lastOffset = from - 1;
  for (const [index, event] of events.entries()) {
    if (event.entry) {
      if (budget === 0) {
        stop = { from: event.offset };
        break;
      }
      steps.push(event.entry);
      budget -= 1;
      lastOffset = event.offset;
      continue;
    }
    const after = event.offset === from ? expandedThrough : undefined;
    // The sessions table expands a session into its own row, sent even when it no longer exists
    // (deleted after it left the user's set, its delete reached only its audience then).
    if (rule === 'session') counts.set(event.sessionId, 1);
    if (after === undefined && !counts.has(event.sessionId)) {
      const upcoming = events.slice(index).flatMap((next) => (next.sessionId === undefined ? [] : [next.sessionId])).slice(0, group);
      group *= 2;
      const rows = await tx.query<{ session_id: string; n: number }>(
        `select s::text as session_id, (select count(*) from (select 1 from ${source} where ${key} = s limit $2) c)::int as n from unnest($1::uuid[]) s`,
        [upcoming, chunkSize + 1],
      );
      for (const row of rows.rows) counts.set(row.session_id, row.n);
    }
    const count = after === undefined ? (counts.get(event.sessionId) ?? 0) : undefined;
    if (count !== 0 && budget === 0) {
      stop = after === undefined ? { from: event.offset } : { from: event.offset, expandedThrough: after };
      break;
    }
    lastOffset = event.offset;
    if (count === 0) continue;
    if (count !== undefined && count <= budget) {
      steps.push({ whole: event.sessionId });
      budget -= count;
      continue;
    }
    // More rows than room (or the rest of a session begun earlier): the next ids in order.
    const past = after === undefined ? '' : ` and id > $3::uuid`;
    const ids = (
      await tx.query<{ id: string }>(
        `select id::text as id from ${source} where ${key} = $1::uuid${past} order by id limit $2`,
        after === undefined ? [event.sessionId, budget + 1] : [event.sessionId, budget + 1, after],
      )
    ).rows.map((row) => row.id);
    if (ids.length <= budget) {
      steps.push(ids);
      budget -= ids.length;
      continue;
    }
    const sent = ids.slice(0, budget);
    steps.push(sent);
    stop = { from: event.offset, expandedThrough: sent.at(-1) as string };
    break;
  }

  const wholeSessions = steps.flatMap((step) => ('whole' in step ? [step.whole] : []));
  const rowsOf = new Map<string, string[]>();
  if (rule === 'session') for (const id of wholeSessions) rowsOf.set(id, [id]);
  else if (wholeSessions.length > 0) {
    const rows = await tx.query<{ id: string; session_id: string }>(
      `select id::text as id, ${key}::text as session_id from ${source} where ${key} = any($1::uuid[]) order by id`,
      [wholeSessions],
    );
    for (const row of rows.rows) rowsOf.set(row.session_id, [...(rowsOf.get(row.session_id) ?? []), row.id]);
  }
  const expanded = new Set(steps.flatMap((step) => (Array.isArray(step) ? step : 'whole' in step ? (rowsOf.get(step.whole) ?? []) : [])));
  const logged = steps.flatMap((step) => (Array.isArray(step) || 'whole' in step ? [] : [step.row_id]));

  await tx.exec('set local role authenticated');
  const ids = [...new Set([...logged, ...expanded])];
  const rows = ids.length === 0 ? [] : (await tx.query<{ id: string; value: string }>(`${request.select} and id = any($1::uuid[])`, [ids])).rows;
  const visible = new Map(rows.map((row) => [row.id, row.value]));
  let orgs: Set<string> | undefined;
  const messages: string[] = [];
  for (const step of steps) {
    if (Array.isArray(step) || 'whole' in step) {
      for (const id of Array.isArray(step) ? step : (rowsOf.get(step.whole) ?? [])) {
        const value = visible.get(id);
        messages.push(value === undefined ? changeMessage(table, id, 'delete', JSON.stringify({ id })) : changeMessage(table, id, 'insert', value));
      }
      continue;
    }
    // A row this page also expands was sent with its current value there.
    if (expanded.has(step.row_id)) continue;
    const value = visible.get(step.row_id);
    if (value !== undefined) {
      messages.push(changeMessage(table, step.row_id, step.op === 'insert' ? 'insert' : 'update', value, step.txids));
      continue;
    }
    if (step.aud_orgs.length > 0 && orgs === undefined) {
      const result = await tx.query<{ id: string }>(`select organization_id::text as id from organization_members where user_id = auth.uid()`);
      orgs = new Set(result.rows.map((row) => row.id));
    }
    const isInAudience = step.aud_public || step.aud_owners.includes(request.userId) || step.aud_orgs.some((org) => orgs?.has(org));
    if (isInAudience) messages.push(changeMessage(table, step.row_id, 'delete', JSON.stringify({ id: step.row_id }), step.txids));
  }
  const isDone = stop === undefined && horizon === Number.POSITIVE_INFINITY;
  const next = stop ?? (horizon === Number.POSITIVE_INFINITY ? { from: Math.max(from, lastOffset + 1) } : { from: horizon });
  return { messages, upToDate: isDone, next };
}
