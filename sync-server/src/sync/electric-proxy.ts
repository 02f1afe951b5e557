import { createHash } from 'node:crypto';
import { SESSION_CHILD_TABLES, SYNCED_TABLES, type SyncedTable } from '../../../src/shared/sync/tables';
import type { SqlDb } from '../db/queryable';
import { withUserTx, type UserClaims } from '../db/tx';
import { logOffset, snapshotOffset } from './handle';
import type { ShapeRequest, ShapeResponse, ShapeService } from './shape-service';

/** Options of {@link createElectricProxy}. */
export interface ElectricProxyOptions {
  db: SqlDb;
  /** Base URL of the Electric service (ELECTRIC_URL), e.g. http://electric:3000 */
  electricUrl: string;
  /** Electric's ELECTRIC_SECRET, when it requires one. */
  secret?: string;
  fetch?: typeof fetch;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FORWARDED_HEADERS = ['electric-offset', 'electric-schema', 'electric-up-to-date', 'electric-cursor', 'etag'];

/**
 * The production read path: forwards shape requests to a real Electric service with the table,
 * columns and `where` fixed by this server for the caller (client `where`/`params` never reach
 * it; routes/shape/schema.ts refuses them). The `where` mirrors the RLS read rules from the
 * caller's current memberships; its hash rides on the handle, so a membership change answers
 * 409 must-refetch and the client re-syncs under the new rule. Not covered in this mode: sessions
 * visible only through shared_meetings / organization_shared_meetings grants.
 */
export function createElectricProxy(options: ElectricProxyOptions): ShapeService {
  const doFetch = options.fetch ?? fetch;
  const base = options.electricUrl.replace(/\/+$/, '');

  async function whereFor(claims: UserClaims, table: SyncedTable): Promise<string> {
    const orgs = await withUserTx(options.db, claims, async (tx) =>
      (await tx.query<{ id: string }>(`select organization_id::text as id from organization_members where user_id = auth.uid()`)).rows.map((row) => row.id),
    );
    const user = literal(claims.sub);
    const orgList = `(${(orgs.length > 0 ? orgs : ['00000000-0000-0000-0000-000000000000']).map(literal).join(', ')})`;
    const sessions = `user_id = ${user} OR (visibility = 'organization' AND organization_id IN ${orgList})`;
    if (table === 'users') return `id = ${user}`;
    if (table === 'organizations') return `id IN ${orgList}`;
    if (table === 'organization_members') return `organization_id IN ${orgList}`;
    if (table === 'templates') return `is_system_template OR is_public OR user_id = ${user} OR (is_organization_template AND organization_id IN ${orgList})`;
    if (table === 'sessions') return sessions;
    // Calendars are the owner's alone (0008's policies); an event follows its connection.
    if (table === 'calendar_connections') return `user_id = ${user}`;
    if (table === 'calendar_events') return `calendar_connection_id IN (SELECT id FROM calendar_connections WHERE user_id = ${user})`;
    if ((SESSION_CHILD_TABLES as readonly string[]).includes(table)) return `session_id IN (SELECT id FROM sessions WHERE ${sessions})`;
    throw new Error(`No proxy rule for ${table}`);
  }

  return {
    /** Nothing waits locally: Electric holds the long-polls. */
    shutdown(): void {},
    /** Forwards one shape request for the user. */
    async serve(claims: UserClaims, request: ShapeRequest, signal?: AbortSignal): Promise<ShapeResponse> {
      const where = await whereFor(claims, request.table);
      const columns = request.columns ?? SYNCED_TABLES[request.table];
      const tag = createHash('sha256').update(`${claims.sub}\n${where}\n${columns.join(',')}`).digest('base64url').slice(0, 10);
      const [upstreamHandle, handleTag] = request.handle === undefined ? [undefined, undefined] : splitHandle(request.handle);
      const isResuming = request.position.kind === 'log' || request.position.kind === 'snapshot';
      if (isResuming && handleTag !== tag) {
        return { status: 409, headers: { 'electric-handle': `refetch~${tag}` }, body: '[{"headers":{"control":"must-refetch"}}]' };
      }
      const url = new URL(`${base}/v1/shape`);
      url.searchParams.set('table', request.table);
      url.searchParams.set('where', where);
      url.searchParams.set('columns', columns.join(','));
      url.searchParams.set('offset', offsetParam(request));
      if (isResuming && upstreamHandle) url.searchParams.set('handle', upstreamHandle);
      if (request.live) url.searchParams.set('live', 'true');
      if (request.cursor) url.searchParams.set('cursor', request.cursor);
      if (options.secret) url.searchParams.set('secret', options.secret);
      const upstream = await doFetch(url, signal ? { signal } : {});
      const headers: Record<string, string> = {};
      for (const name of FORWARDED_HEADERS) {
        const value = upstream.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      const handle = upstream.headers.get('electric-handle');
      if (handle) headers['electric-handle'] = `${handle}~${tag}`;
      const body = await upstream.text();
      if (upstream.status === 409) return { status: 409, headers, body };
      if (!upstream.ok) {
        return { status: 502, headers: {}, body: JSON.stringify({ error: { code: 'sync.unavailable', message: `Electric answered ${upstream.status}` } }) };
      }
      return { status: 200, headers, body };
    },
  };
}

function splitHandle(handle: string): [string, string | undefined] {
  const at = handle.lastIndexOf('~');
  return at < 0 ? [handle, undefined] : [handle.slice(0, at), handle.slice(at + 1)];
}

function offsetParam(request: ShapeRequest): string {
  const position = request.position;
  switch (position.kind) {
    case 'start':
      return '-1';
    case 'now':
      return 'now';
    case 'log':
      return request.rawOffset ?? logOffset(position.from);
    case 'snapshot':
      return request.rawOffset ?? snapshotOffset(position.afterId);
  }
}

function literal(id: string): string {
  if (!UUID.test(id)) throw new Error('not a uuid');
  return `'${id}'`;
}
