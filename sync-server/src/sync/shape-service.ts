import { createLiveVisibility, type PageVisibility } from './live-visibility';
import { SYNCED_TABLES, type SyncedTable } from '../../../src/shared/sync/tables';
import type { QueryResultLike, SqlDb, TxQueryable } from '../db/queryable';
import { runInTransaction } from '../db/queryable';
import { withUserTx, type UserClaims } from '../db/tx';
import { SESSION_SCOPED_TABLES, type ChangeFeed } from './feed';
import { readSnapshotChunk } from './shape-snapshot';
import { columnSql } from './owner-only-columns';
import { changeMessage, readExpansionPage, readUserLogRange, type LogEntry } from './shape-expansion';
import { decodeHandle, encodeHandle, hashSchema, logOffset, parseOffset, snapshotOffset, type HandleData, type ShapePosition } from './handle';

/** A validated shape request (see routes/shape/schema.ts). */
export interface ShapeRequest {
  table: SyncedTable;
  position: ShapePosition;
  handle?: string | undefined;
  live: boolean;
  /** Narrower column list the client asked for (always includes id); undefined = all. */
  columns?: readonly string[] | undefined;
  /** The offset exactly as sent (the Electric proxy forwards it unchanged). */
  rawOffset?: string | undefined;
  /** Electric's live cache-buster cursor, forwarded by the proxy. */
  cursor?: string | undefined;
}

/** What the route sends back: Electric's status, headers and a JSON array body. */
export interface ShapeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Options of {@link createShapeService}. */
export interface ShapeServiceOptions {
  db: SqlDb;
  feed: ChangeFeed;
  /**
   * Rows or log entries per response (default 10,000). It also bounds a visibility change's
   * expansion: a session's rows beyond it follow in the next responses (see shape-expansion.ts).
   */
  chunkSize?: number;
  /** How long a live request waits for a change before answering up-to-date (default 20 s). */
  liveTimeoutMs?: number;
  /** How long one Server-Sent Events response stays open, across live rounds (default 60 s). */
  sseStreamMs?: number;
}

interface ColumnInfo {
  type: string;
  not_null?: true;
  dims?: number;
}

interface FeedState {
  generation: string;
  min_offset: string;
  epoch: string;
}

/** A live batch's visibility entries: per user the sessions that moved, and those sessions' row ids. */
interface VisibilityExpansion {
  byUser: Map<string, { sessions: string[]; head: number }>;
  rowsBySession: Map<string, string[]>;
  /** Users whose expansion does not fit in this response: each is read on its own, in chunks. */
  chunked: Set<string>;
}

/** One read's answer: a must-refetch, or a page of messages and where the shape stands after it. */
type ReadResult =
  | { kind: 'refetch'; handle: string }
  | { kind: 'data'; handle: HandleData; schema: Record<string, ColumnInfo>; messages: string[]; upToDate: boolean; next: ShapePosition };
type LogPosition = Extract<ShapePosition, { kind: 'log' }>;
// Transactions one live batch spreads its per-user reads over.
const LIVE_LANES = 4;
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A SQL string literal (standard_conforming_strings is on: only quotes need doubling). */
function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

const UP_TO_DATE = '{"headers":{"control":"up-to-date"}}';
// Every live wait ends by aborting its controller; a shared reason spares a DOMException (and its
// stack trace) per request, which showed up in the 1,000-subscriber fan-out profile.
const WAIT_ENDED = Object.freeze({ reason: 'live wait ended' });
const MUST_REFETCH = '{"headers":{"control":"must-refetch"}}';

/**
 * Serves Electric shapes from the built-in feed. Rows are always read under the user's RLS role
 * (withUserTx), so a shape holds exactly what Postgres shows that user; a client `where` never
 * reaches SQL. Log entries only name changed keys: a response carries each key's current row if
 * the user can read it, else a delete when the user was in the change's audience.
 */
export function createShapeService(options: ShapeServiceOptions): ShapeService {
  const { db, feed } = options;
  const chunkSize = options.chunkSize ?? 10_000;
  const liveTimeoutMs = options.liveTimeoutMs ?? 20_000;
  const sseStreamMs = options.sseStreamMs ?? 60_000;
  const schemaCache = new Map<string, { at: number; schema: Record<string, ColumnInfo> }>();
  // Live requests waiting right now; shutdown ends them so the server can close at once.
  const waiting = new Set<AbortController>();
  // Handles whose state (epoch, generation, schema) was checked against the database recently:
  // an idle live request with such a handle waits without reading (the check reruns within 10 s).
  const validated = new Map<string, number>();
  const VALIDATED_MS = 10_000;
  // A user's readable set changed: forget their checked handles and re-check their waiting requests.
  const userWakers = new Map<string, Set<() => void>>();
  feed.onEpochChange((userId) => {
    for (const [handle] of validated) if (decodeHandle(handle)?.u === userId) validated.delete(handle);
    const wakers = userWakers.get(userId);
    userWakers.delete(userId);
    for (const wake of wakers ?? []) wake();
  });
  function waitForUser(userId: string, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      let set = userWakers.get(userId);
      if (!set) {
        set = new Set();
        userWakers.set(userId, set);
      }
      const done = () => {
        userWakers.get(userId)?.delete(done);
        resolve();
      };
      set.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
  let isShuttingDown = false;

  async function readSchema(tx: TxQueryable, table: SyncedTable, columns: readonly string[]): Promise<Record<string, ColumnInfo>> {
    const cached = schemaCache.get(table);
    let full = cached && Date.now() - cached.at < 5_000 ? cached.schema : undefined;
    if (!full) {
      const result = await tx.query<{ name: string; type: string; not_null: boolean; dims: number }>(
        `select a.attname as name, t.typname as type, a.attnotnull as not_null, a.attndims as dims
         from pg_attribute a join pg_type t on t.oid = a.atttypid
         where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped`,
        [`public.${table}`],
      );
      full = {};
      for (const row of result.rows) {
        const isArray = row.type.startsWith('_');
        full[row.name] = {
          type: isArray ? row.type.slice(1) : row.type,
          ...(row.not_null ? { not_null: true as const } : {}),
          ...(isArray ? { dims: Math.max(1, row.dims) } : {}),
        };
      }
      schemaCache.set(table, { at: Date.now(), schema: full });
    }
    const schema: Record<string, ColumnInfo> = {};
    for (const column of columns) {
      const info = full[column];
      if (info) schema[column] = info;
    }
    return schema;
  }

  function rowSelect(table: SyncedTable, columns: readonly string[]): string {
    const pairs = columns.map((column) => `'${column}', ${columnSql(table, column)}::text`).join(', ');
    const self = table === 'users' ? ' and id = auth.uid()' : '';
    return `select id::text as id, json_build_object(${pairs})::text as value from public.${quoteIdent(table)} where true${self}`;
  }

  /** One read: state checks, then a snapshot chunk or a log range, under the user's role. */
  async function readOnce(claims: UserClaims, request: ShapeRequest, current: { handle: HandleData | undefined; position: ShapePosition }): Promise<ReadResult> {
    const columns = request.columns ?? SYNCED_TABLES[request.table];
    return withUserTx(db, claims, async (tx) => {
      await tx.exec(`set local timezone = 'UTC'; set local datestyle = 'ISO, DMY'; set local role service_role`);
      // One round trip: feed state, the user's epoch and (when reading the log) the next entries.
      const readsLog = current.position.kind === 'log';
      const state = (
        await tx.query<FeedState & { entries: LogEntry[] | null }>(
          `select generation, min_offset::text, coalesce((select epoch from sync_user_epochs where user_id = $1), 0)::text as epoch,
             case when $5::boolean then (
               select coalesce(json_agg(e order by e.log_offset), '[]') from (
                 select row_id::text, log_offset, op, txids::text[] as txids, aud_owners::text[] as aud_owners,
                   aud_orgs::text[] as aud_orgs, aud_public
                 from sync_log where table_name = $2 and log_offset >= $3 order by log_offset limit $4) e
             ) end as entries
           from sync_feed_state`,
          [claims.sub, request.table, current.position.kind === 'log' ? current.position.from : 0, chunkSize + 1, readsLog],
        )
      ).rows[0];
      if (!state) throw new Error('sync_feed_state is empty');
      const schema = await readSchema(tx, request.table, columns);
      const signature = hashSchema(JSON.stringify(schema));
      const base = { t: request.table, u: claims.sub, e: state.epoch, g: state.generation, c: signature };
      // A snapshot already shows what the user may read now, so for session tables it also starts
      // past the user's visibility entries: expanding them again would only resend its rows.
      const head = () => readLogHead(tx, request.table, claims.sub);

      let handle = current.handle;
      let position = current.position;
      if (position.kind === 'start' || position.kind === 'now') {
        handle = { ...base, h: await head(), r: '' };
        position = position.kind === 'now' ? { kind: 'log', from: handle.h + 1 } : position;
      } else if (
        !handle || handle.t !== base.t || handle.u !== base.u || handle.e !== base.e || handle.g !== base.g || handle.c !== base.c ||
        (position.kind === 'log' && position.from < Number(state.min_offset))
      ) {
        return { kind: 'refetch' as const, handle: encodeHandle({ ...base, h: await head() }) };
      }

      const entries: LogEntry[] = position.kind === 'log' ? (state.entries ?? []) : [];
      await tx.exec('set local role authenticated');
      const select = rowSelect(request.table, columns);

      if (position.kind === 'start' || position.kind === 'snapshot') {
        const chunk = await readSnapshotChunk(tx, {
          table: request.table,
          columns,
          schema,
          afterId: position.kind === 'snapshot' ? position.afterId : undefined,
          limit: chunkSize,
        });
        const done = chunk.count < chunkSize;
        return {
          kind: 'data' as const,
          handle,
          schema,
          messages: chunk.body === '' ? [] : [chunk.body],
          upToDate: done,
          next: done || chunk.lastId === undefined ? { kind: 'log' as const, from: handle.h + 1 } : { kind: 'snapshot' as const, afterId: chunk.lastId },
        };
      }

      const page = entries.slice(0, chunkSize);
      const messages: string[] = [];
      if (page.length > 0) {
        const ids = page.map((entry) => entry.row_id);
        const rows = await tx.query<{ id: string; value: string }>(`${select} and id = any($1::uuid[])`, [ids]);
        const visible = new Map(rows.rows.map((row) => [row.id, row.value]));
        // Needed only to decide deletes for rows the user cannot read (anymore).
        let orgs: Set<string> | undefined;
        const userOrgs = async () =>
          (orgs ??= new Set(
            (await tx.query<{ id: string }>(`select organization_id::text as id from organization_members where user_id = auth.uid()`)).rows.map((r) => r.id),
          ));
        const isInAudience = async (entry: LogEntry): Promise<boolean> => {
          if (entry.aud_public || entry.aud_owners.includes(claims.sub)) return true;
          if (entry.aud_orgs.length === 0) return false;
          const mine = await userOrgs();
          return entry.aud_orgs.some((org) => mine.has(org));
        };
        for (const entry of page) {
          const value = visible.get(entry.row_id);
          if (value !== undefined) {
            messages.push(changeMessage(request.table, entry.row_id, entry.op === 'insert' ? 'insert' : 'update', value, entry.txids));
          } else if (await isInAudience(entry)) {
            messages.push(changeMessage(request.table, entry.row_id, 'delete', JSON.stringify({ id: entry.row_id }), entry.txids));
          }
        }
      }
      const lastEntry = page.at(-1);
      return {
        kind: 'data' as const,
        handle,
        schema,
        messages,
        upToDate: entries.length <= chunkSize,
        next: lastEntry ? { kind: 'log' as const, from: Number(lastEntry.log_offset) + 1 } : position,
      };
    });
  }

  type LiveItem = {
    claims: UserClaims;
    request: ShapeRequest;
    current: { handle: HandleData; position: LogPosition };
    resolve: (result: ReadResult) => void;
    reject: (error: unknown) => void;
  };
  // Live requests woken by the same change wait here for one shared read (see readLiveBatch).
  const liveGroups = new Map<string, LiveItem[]>();
  const liveVisibility = createLiveVisibility();

  /**
   * Reads a caught-up live request's next log page. Requests for the same table and position that
   * arrive in the same tick (a change wakes them all at once) share one read of the feed state and
   * the log, and the per-user row reads run back to back in a few transactions instead of one full
   * transaction each. Rows are still read under each user's own RLS role and claims.
   */
  function readLive(claims: UserClaims, request: ShapeRequest, current: { handle: HandleData | undefined; position: ShapePosition }): Promise<ReadResult> {
    const { handle, position } = current;
    if (!handle || position.kind !== 'log' || request.columns !== undefined || !UUID_TEXT.test(claims.sub)) return readOnce(claims, request, current);
    if (position.expandedThrough !== undefined) return readExpansion(claims, request, { handle, position });
    const key = `${request.table}|${position.from}`;
    return new Promise<ReadResult>((resolve, reject) => {
      let group = liveGroups.get(key);
      if (!group) {
        group = [];
        liveGroups.set(key, group);
        setImmediate(() => {
          const items = liveGroups.get(key) ?? [];
          liveGroups.delete(key);
          readLiveBatch(request.table, position.from, items).catch((error: unknown) => {
            for (const item of items) item.reject(error);
          });
        });
      }
      group.push({ claims, request, current: { handle, position }, resolve, reject });
    });
  }

  /**
   * Answers each user's requests from one page read; messages are built once per entry. A user's
   * visibility entries (sessions that may have entered or left what they read) become inserts of the
   * session's rows they can read now and deletes of the others.
   */
  function answerFromVisibility(
    table: SyncedTable,
    page: LogEntry[],
    items: LiveItem[],
    visibility: PageVisibility,
    expansion: VisibilityExpansion,
    dataFor: (item: LiveItem, messages: string[], visibilityHead?: number) => ReadResult,
  ): void {
    const upserts = page.map((entry) => {
      const value = visibility.values.get(entry.row_id);
      return value === undefined ? undefined : changeMessage(table, entry.row_id, entry.op === 'insert' ? 'insert' : 'update', value, entry.txids);
    });
    const deletes = page.map((entry) => changeMessage(table, entry.row_id, 'delete', JSON.stringify({ id: entry.row_id }), entry.txids));
    const byUser = new Map<string, LiveItem[]>();
    for (const item of items) byUser.set(item.claims.sub, [...(byUser.get(item.claims.sub) ?? []), item]);
    for (const [userId, members] of byUser) {
      const orgs = visibility.orgsOf(userId);
      const messages: string[] = [];
      const entered = expansion.byUser.get(userId);
      const expanded = new Set<string>();
      for (const sessionId of entered?.sessions ?? []) {
        for (const rowId of expansion.rowsBySession.get(sessionId) ?? []) {
          if (expanded.has(rowId)) continue;
          expanded.add(rowId);
          const value = visibility.values.get(rowId);
          if (value !== undefined && visibility.canRead(userId, rowId)) messages.push(changeMessage(table, rowId, 'insert', value));
          else messages.push(changeMessage(table, rowId, 'delete', JSON.stringify({ id: rowId })));
        }
      }
      page.forEach((entry, index) => {
        if (expanded.has(entry.row_id)) return;
        const upsert = upserts[index];
        if (upsert !== undefined && visibility.canRead(userId, entry.row_id)) messages.push(upsert);
        else if (entry.aud_public || entry.aud_owners.includes(userId) || entry.aud_orgs.some((org) => orgs.has(org))) messages.push(deletes[index] as string);
      });
      for (const item of members) item.resolve(dataFor(item, messages, entered?.head));
    }
  }

  /**
   * One user's next response of a session table's log when visibility entries are too large for the
   * shared live read (or the position stands inside one): log and visibility entries in offset
   * order, at most chunkSize messages, a large session split across responses (shape-expansion.ts).
   * The handle stays: its epoch may have moved, since the visibility log holds every such change.
   */
  function readExpansion(claims: UserClaims, request: ShapeRequest, current: { handle: HandleData; position: LogPosition }): Promise<ReadResult> {
    const { table } = request;
    const columns = SYNCED_TABLES[table];
    const { from, expandedThrough } = current.position;
    return withUserTx(db, claims, async (tx): Promise<ReadResult> => {
      await tx.exec(`set local timezone = 'UTC'; set local datestyle = 'ISO, DMY'; set local role service_role`);
      const range = await readUserLogRange(tx, table, claims.sub, from, chunkSize + 1);
      const schema = await readSchema(tx, table, columns);
      const rule = SESSION_SCOPED_TABLES.includes(table) ? await liveVisibility.ruleFor(tx, table) : undefined;
      const base = { t: table, u: claims.sub, e: range.epoch, g: range.generation, c: hashSchema(JSON.stringify(schema)) };
      const { handle } = current;
      if (rule === undefined || handle.t !== base.t || handle.u !== base.u || handle.g !== base.g || handle.c !== base.c || from < Number(range.min_offset)) {
        return { kind: 'refetch', handle: encodeHandle({ ...base, h: await readLogHead(tx, table, claims.sub) }) };
      }
      const select = rowSelect(table, columns);
      const page = await readExpansionPage(tx, { table, rule, userId: claims.sub, from, expandedThrough, chunkSize, select, range });
      return { kind: 'data', handle, schema, messages: page.messages, upToDate: page.upToDate, next: { kind: 'log', ...page.next } };
    });
  }

  async function readLiveBatch(table: SyncedTable, from: number, items: LiveItem[]): Promise<void> {
    if (items.length === 0) return;
    const columns = SYNCED_TABLES[table];
    const userIds = [...new Set(items.map((item) => item.claims.sub))];
    const shared = await runInTransaction(db, async (tx) => {
      await tx.exec(`set local timezone = 'UTC'; set local datestyle = 'ISO, DMY'; set local role service_role`);
      const state = (
        await tx.query<{
          generation: string;
          min_offset: string;
          epochs: Record<string, string> | null;
          entries: LogEntry[] | null;
          moved: { user_id: string; session_id: string; log_offset: string }[] | null;
        }>(
          `select generation, min_offset::text,
             (select json_object_agg(user_id::text, epoch::text) from sync_user_epochs where user_id = any($1::uuid[])) as epochs,
             (select coalesce(json_agg(e order by e.log_offset), '[]') from (
                select row_id::text, log_offset, op, txids::text[] as txids, aud_owners::text[] as aud_owners,
                  aud_orgs::text[] as aud_orgs, aud_public
                from sync_log where table_name = $2 and log_offset >= $3 order by log_offset limit $4) e) as entries,
             -- Read in the same statement (one snapshot) as the log page, so no entry in between is skipped.
             case when $5::boolean then (select coalesce(json_agg(v order by v.log_offset), '[]') from (
                select user_id::text as user_id, session_id::text as session_id, log_offset::text as log_offset
                from sync_visibility_log where user_id = any($1::uuid[]) and log_offset >= $3) v) end as moved
           from sync_feed_state`,
          [userIds, table, from, chunkSize + 1, SESSION_SCOPED_TABLES.includes(table)],
        )
      ).rows[0];
      if (!state) throw new Error('sync_feed_state is empty');
      const schema = await readSchema(tx, table, columns);
      const head = await readLogHead(tx, table);
      // Session tables: every user's visibility of the page in one statement (same rule as RLS).
      const pageEntries = (state.entries ?? []).slice(0, chunkSize);
      const pageIds = pageEntries.map((entry) => entry.row_id);
      const isScoped = SESSION_SCOPED_TABLES.includes(table);
      const rule = (isScoped || pageIds.length > 0) && pageIds.every((id) => UUID_TEXT.test(id)) ? await liveVisibility.ruleFor(tx, table) : undefined;
      // Sessions that entered or left these users' readable sets since `from` (up to the page's end
      // when the page is full, so later row entries are not skipped), with the ids of their rows.
      const expansion: VisibilityExpansion = { byUser: new Map(), rowsBySession: new Map(), chunked: new Set() };
      if (rule) {
        const until = (state.entries ?? []).length > chunkSize ? Number(pageEntries.at(-1)?.log_offset ?? from) : Number.MAX_SAFE_INTEGER;
        const moved = (state.moved ?? []).filter((row) => Number(row.log_offset) <= until);
        for (const row of moved) {
          const entry = expansion.byUser.get(row.user_id) ?? { sessions: [], head: 0 };
          entry.sessions.push(row.session_id);
          entry.head = Math.max(entry.head, Number(row.log_offset));
          expansion.byUser.set(row.user_id, entry);
        }
        const sessionIds = [...new Set(moved.map((row) => row.session_id))];
        if (sessionIds.length > 0) {
          // The page and the expansions share one response's room; when they do not fit, every user
          // with an expansion is answered on their own, in chunks, from this same position.
          const room = Math.max(0, chunkSize - pageEntries.length);
          // The sessions table expands a session into its own row, whether or not it still exists: one
          // deleted after it left the user's set had its delete sent only to its audience then.
          const rows =
            rule === 'session'
              ? { rows: sessionIds.slice(0, room + 1).map((id) => ({ id, session_id: id })) }
              : await tx.query<{ id: string; session_id: string }>(
                  `select id::text as id, session_id::text as session_id from public.${quoteIdent(table)} where session_id = any($1::uuid[]) limit ${room + 1}`,
                  [sessionIds],
                );
          if (rows.rows.length > room) {
            for (const userId of expansion.byUser.keys()) expansion.chunked.add(userId);
            expansion.byUser.clear();
          } else {
            for (const row of rows.rows) expansion.rowsBySession.set(row.session_id, [...(expansion.rowsBySession.get(row.session_id) ?? []), row.id]);
          }
        }
      }
      const expandedIds = [...expansion.rowsBySession.values()].flat();
      const readIds = [...new Set([...pageIds, ...expandedIds])];
      const visibility = rule && readIds.length > 0 ? await liveVisibility.readPage(tx, table, rule, rowSelect(table, columns), readIds, userIds) : undefined;
      return { state, schema, head, visibility, rule, expansion };
    });
    const { state, schema, head, visibility, rule, expansion } = shared;
    const signature = hashSchema(JSON.stringify(schema));
    const entries = state.entries ?? [];
    const page = entries.slice(0, chunkSize);
    const lastEntry = page.at(-1);
    const valid: LiveItem[] = [];
    for (const item of items) {
      if (expansion.chunked.has(item.claims.sub)) {
        readExpansion(item.claims, item.request, item.current).then(item.resolve, item.reject);
        continue;
      }
      const base = { t: table, u: item.claims.sub, e: state.epochs?.[item.claims.sub] ?? '0', g: state.generation, c: signature };
      const handle = item.current.handle;
      // A moved epoch is served as deletes/inserts where the table follows session visibility (the
      // visibility log holds every such change); elsewhere 409.
      const epochServed = rule !== undefined;
      if (handle.t !== base.t || handle.u !== base.u || (handle.e !== base.e && !epochServed) || handle.g !== base.g || handle.c !== base.c || from < Number(state.min_offset)) {
        item.resolve({ kind: 'refetch' as const, handle: encodeHandle({ ...base, h: head }) });
      } else {
        valid.push(item);
      }
    }
    const dataFor = (item: LiveItem, messages: string[], visibilityHead?: number): ReadResult => {
      const last = Math.max(lastEntry ? Number(lastEntry.log_offset) : 0, visibilityHead ?? 0);
      return {
        kind: 'data' as const,
        handle: item.current.handle,
        schema,
        messages,
        upToDate: entries.length <= chunkSize,
        next: last > 0 ? { kind: 'log' as const, from: last + 1 } : item.current.position,
      };
    };
    if (visibility) {
      answerFromVisibility(table, page, valid, visibility, expansion, dataFor);
      return;
    }
    if (page.length === 0) {
      for (const item of valid) item.resolve(dataFor(item, [], expansion.byUser.get(item.claims.sub)?.head));
      return;
    }
    // Per distinct claims: the rows of the page it can read (and its organizations, for deletes).
    const byClaims = new Map<string, LiveItem[]>();
    for (const item of valid) {
      const claimsText = JSON.stringify({ ...item.claims, role: 'authenticated' });
      byClaims.set(claimsText, [...(byClaims.get(claimsText) ?? []), item]);
    }
    const ids = page.map((entry) => entry.row_id);
    const needsOrgs = page.some((entry) => entry.aud_orgs.length > 0);
    const select = rowSelect(table, columns);
    const groups = [...byClaims.entries()];
    const lanes = Math.min(LIVE_LANES, groups.length);
    const isMultiStatement = !('waitReady' in db);
    await Promise.all(
      Array.from({ length: lanes }, (_, lane) =>
        runInTransaction(db, async (tx) => {
          await tx.exec(`set local timezone = 'UTC'; set local datestyle = 'ISO, DMY'; set local role authenticated`);
          const mine = groups.filter((_, index) => index % lanes === lane);
          // pg: every user's claims + reads in ONE round trip (simple protocol, several statements;
          // values inlined as literals: uuids checked above, claims JSON quoted). PGlite: one by one.
          const stride = needsOrgs ? 3 : 2;
          const ORGS_SQL = `select organization_id::text as id from organization_members where user_id = auth.uid()`;
          let batched: QueryResultLike<{ id: string; value: string }>[] | undefined;
          if (isMultiStatement && ids.every((id) => UUID_TEXT.test(id))) {
            const idList = literal(`{${ids.join(',')}}`);
            const text = mine
              .map(([claimsText]) => `select set_config('request.jwt.claims', ${literal(claimsText)}, true); ${select} and id = any(${idList}::uuid[])${needsOrgs ? `; ${ORGS_SQL}` : ''}`)
              .join('; ');
            const result = (await tx.query(text)) as unknown;
            if (Array.isArray(result)) batched = result as QueryResultLike<{ id: string; value: string }>[];
          }
          for (const [position, [claimsText, members]] of mine.entries()) {
            const userId = (members[0] as LiveItem).claims.sub;
            let rows: { id: string; value: string }[];
            let orgRows: { id: string }[] | undefined;
            if (batched) {
              rows = batched[position * stride + 1]?.rows ?? [];
              orgRows = needsOrgs ? ((batched[position * stride + 2]?.rows ?? []) as unknown as { id: string }[]) : undefined;
            } else {
              await tx.query(`select set_config('request.jwt.claims', $1, true)`, [claimsText]);
              rows = (await tx.query<{ id: string; value: string }>(`${select} and id = any($1::uuid[])`, [ids])).rows;
              orgRows = needsOrgs ? (await tx.query<{ id: string }>(ORGS_SQL)).rows : undefined;
            }
            const visible = new Map(rows.map((row) => [row.id, row.value]));
            const orgs = orgRows ? new Set(orgRows.map((r) => r.id)) : undefined;
            const messages: string[] = [];
            for (const entry of page) {
              const value = visible.get(entry.row_id);
              if (value !== undefined) {
                messages.push(changeMessage(table, entry.row_id, entry.op === 'insert' ? 'insert' : 'update', value, entry.txids));
              } else if (entry.aud_public || entry.aud_owners.includes(userId) || entry.aud_orgs.some((org) => orgs?.has(org))) {
                messages.push(changeMessage(table, entry.row_id, 'delete', JSON.stringify({ id: entry.row_id }), entry.txids));
              }
            }
            for (const item of members) item.resolve(dataFor(item, messages));
          }
        }),
      ),
    );
  }

  return {
    /** Ends every waiting live request (answering up-to-date) and stops new ones from waiting. */
    shutdown(): void {
      isShuttingDown = true;
      for (const controller of waiting) controller.abort(WAIT_ENDED);
    },
    /** Answers one Electric shape request for the user; live requests wait for changes. */
    async serve(claims: UserClaims, request: ShapeRequest, signal?: AbortSignal): Promise<ShapeResponse> {
      const parts = await serveParts(claims, request, signal);
      return { status: parts.status, headers: parts.headers, body: `[${parts.messages.join(',')}]` };
    },
    async stream(claims: UserClaims, request: ShapeRequest, signal: AbortSignal, sink: ShapeEventSink): Promise<ShapeResponse | undefined> {
      // Opens at once with what is there (usually nothing), then one live round after another.
      let parts = await serveParts(claims, { ...request, live: false }, signal);
      if (parts.status !== 200) return { status: parts.status, headers: parts.headers, body: `[${parts.messages.join(',')}]` };
      // Live responses carry a cursor (the official client refuses one without).
      sink.open({ 'electric-cursor': String(Math.floor(Date.now() / 1000)), ...parts.headers });
      const until = Date.now() + sseStreamMs;
      let sentOffset: string | undefined;
      for (;;) {
        const handle = parts.headers['electric-handle'];
        const offset = parts.headers['electric-offset'] ?? '';
        const position = parseOffset(offset);
        if (handle === undefined || position?.kind !== 'log') return undefined;
        // Electric's SSE clients take their next offset from the up-to-date message's LSN (only sent
        // at a plain log position); a live round that timed out with nothing new only keeps the connection alive.
        const from = String(position.from);
        if (offset !== sentOffset || !isQuiet(parts)) sink.send(parts.messages.map((message) => (message === UP_TO_DATE ? upToDateAtLsn(from) : message)));
        else sink.comment();
        sentOffset = offset;
        // A page short of up-to-date is followed at once by the next (the client waits for up-to-date).
        const isCatchingUp = !parts.upToDate;
        if (!isCatchingUp && (signal.aborted || isShuttingDown || Date.now() >= until)) return undefined;
        parts = await serveParts(claims, { ...request, live: !isCatchingUp, handle, position }, signal);
        // A shape to refetch ends the stream; the client's next request gets the 409.
        if (parts.status !== 200) return undefined;
      }
    },
  };

  /** One shape response as parts: status, headers and the messages of its JSON array body. */
  async function serveParts(claims: UserClaims, request: ShapeRequest, signal?: AbortSignal): Promise<ShapeParts> {
    {
      const decoded = request.handle === undefined ? undefined : decodeHandle(request.handle);
      const deadline = Date.now() + liveTimeoutMs;
      let current = { handle: decoded, position: request.position };
      let handleText = request.handle;
      // The client going away (or shutdown) ends any wait.
      let stopWaiting = new AbortController();
      const onAbort = () => stopWaiting.abort(WAIT_ENDED);
      signal?.addEventListener('abort', onAbort, { once: true });
      const upToDateAt = (offset: string, handle: string): ShapeParts => ({
        status: 200,
        headers: { 'electric-handle': handle, 'electric-offset': offset, 'electric-cursor': String(Math.floor(Date.now() / 1000)), 'electric-up-to-date': '' },
        messages: [UP_TO_DATE],
        upToDate: true,
      });
      try {
        for (;;) {
          // Register for wake-ups before reading, so a change committed in between is not missed.
          stopWaiting = new AbortController();
          const stop = stopWaiting;
          if (isShuttingDown || signal?.aborted) stop.abort(WAIT_ENDED);
          waiting.add(stop);
          stop.signal.addEventListener('abort', () => waiting.delete(stop), { once: true });
          const remaining = deadline - Date.now();
          const woken =
            request.live && remaining > 0
              ? Promise.race([feed.waitForTable(request.table, remaining, stop.signal), waitForUser(claims.sub, stop.signal)])
              : undefined;
          const isStillWaiting = () => !stop.signal.aborted && Date.now() < deadline;

          // An idle live request on a recently checked handle waits without touching the database.
          const head = feed.knownHead(request.table);
          const position = current.position;
          if (
            woken && position.kind === 'log' && position.expandedThrough === undefined && handleText !== undefined && head !== undefined && position.from > head &&
            (validated.get(handleText) ?? 0) > Date.now() - VALIDATED_MS
          ) {
            await woken;
            const again = isStillWaiting();
            stop.abort(WAIT_ENDED);
            if (again) continue;
            return upToDateAt(logOffset(position.from), handleText);
          }

          let result: ReadResult;
          try {
            result = await readLive(claims, request, current);
          } catch (error) {
            stop.abort(WAIT_ENDED);
            throw error;
          }
          if (result.kind === 'refetch') {
            stop.abort(WAIT_ENDED);
            return { status: 409, headers: { 'electric-handle': result.handle }, messages: [MUST_REFETCH], upToDate: false };
          }
          if (result.handle !== current.handle || handleText === undefined) handleText = encodeHandle(result.handle);
          if (validated.size > 50_000) validated.clear();
          validated.set(handleText, Date.now());
          const hasNothing = result.messages.length === 0 && result.upToDate && result.next.kind === 'log';
          if (woken && hasNothing && isStillWaiting()) {
            current = { handle: result.handle, position: result.next };
            await woken;
            const again = isStillWaiting();
            stop.abort(WAIT_ENDED);
            if (again) continue;
          }
          stop.abort(WAIT_ENDED);
          const next =
            result.next.kind === 'log' ? logOffset(result.next.from, result.next.expandedThrough) : result.next.kind === 'snapshot' ? snapshotOffset(result.next.afterId) : '-1';
          const headers: Record<string, string> = {
            'electric-handle': handleText,
            'electric-offset': next,
            'electric-schema': JSON.stringify(result.schema),
          };
          if (request.live) headers['electric-cursor'] = String(Math.floor(Date.now() / 1000));
          const messages = result.upToDate ? [...result.messages, UP_TO_DATE] : result.messages;
          if (result.upToDate) headers['electric-up-to-date'] = '';
          return { status: 200, headers, messages, upToDate: result.upToDate };
        }
      } finally {
        signal?.removeEventListener('abort', onAbort);
      }
    }
  }
}

/** A shape response before its body is joined: the messages of the JSON array, in order. */
interface ShapeParts {
  status: number;
  headers: Record<string, string>;
  messages: string[];
  upToDate: boolean;
}

/** True for a live round that ended with nothing new (the wait timed out). */
function isQuiet(parts: ShapeParts): boolean {
  return parts.upToDate && parts.messages.length === 1;
}

function upToDateAtLsn(from: string): string {
  return `{"headers":{"control":"up-to-date","global_last_seen_lsn":"${from}"}}`;
}

/** Where {@link ShapeService.stream} writes a Server-Sent Events response. */
export interface ShapeEventSink {
  /** Sends the status line and headers (text/event-stream); called once, before anything else. */
  open(headers: Record<string, string>): void;
  /** Sends one event per message (each a JSON text), the last one usually up-to-date. */
  send(messages: readonly string[]): void;
  /** Sends a keep-alive comment. */
  comment(): void;
}

/** What the shape route calls: the built-in feed, or the Electric proxy. */
export interface ShapeService {
  serve(claims: UserClaims, request: ShapeRequest, signal?: AbortSignal): Promise<ShapeResponse>;
  /**
   * Electric's `live_sse`: streams one live round after another as events until the stream's time
   * is up, the client leaves or the shape must be refetched (its next request then gets the 409).
   * Returns a plain response instead when the stream cannot start (e.g. 409 must-refetch).
   */
  stream?(claims: UserClaims, request: ShapeRequest, signal: AbortSignal, sink: ShapeEventSink): Promise<ShapeResponse | undefined>;
  shutdown(): void;
}

/**
 * The newest log offset of `table` (never below the retained log's start). With `userId`, for a
 * session-scoped table, also past that user's visibility entries.
 */
async function readLogHead(tx: TxQueryable, table: SyncedTable, userId?: string): Promise<number> {
  const result = await tx.query<{ head: string }>(
    `select greatest(coalesce(max(log_offset), 0), (select min_offset - 1 from sync_feed_state),
       case when $3::boolean then (select coalesce(max(log_offset), 0) from sync_visibility_log where user_id = $2::uuid) else 0 end)::text as head
     from sync_log where table_name = $1`,
    [table, userId ?? null, userId !== undefined && SESSION_SCOPED_TABLES.includes(table)],
  );
  return Number(result.rows[0]?.head ?? 0);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
