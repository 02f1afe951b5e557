import { z } from 'zod';
import { AppError, type ErrorCode } from '../../shared/errors';
import type { SyncMutationRejected, SyncOrganizations, SyncStatus } from '../../shared/ipc/contracts/sync';
import type { IpcHandlers } from '../../shared/ipc/contract';
import { SYNCED_TABLE_NAMES } from '../../shared/sync/tables';
import type { AppDb } from '../db/open-database';
import { createLogger } from '../log/logger';
import type { SecretStore } from '../ports';
import { clearTable } from './apply-batch';
import { adoptLocalRows, captureMode, stopCapturingToOutbox } from './change-capture';
import { createOutbox } from './outbox';
import { createSyncEngine, type SyncEngine } from './sync-engine';

const log = createLogger('sync');
const SECRET_KEY = 'sync.session';

const StoredSessionSchema = z.object({
  serverUrl: z.string(),
  userId: z.string(),
  accessToken: z.string(),
  refreshToken: z.string(),
});
type StoredSession = z.infer<typeof StoredSessionSchema>;

const TokenPairSchema = z.looseObject({
  accessToken: z.string().min(10),
  refreshToken: z.string().min(10),
  user: z.looseObject({ id: z.string() }).optional(),
});

const OrganizationViewSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  displayName: z.string().nullable().optional(),
  role: z.enum(['owner', 'admin', 'member']),
});
const OrganizationsResponseSchema = z.looseObject({
  organizations: z.array(OrganizationViewSchema),
  currentOrganizationId: z.string().nullable(),
});
const SwitchResponseSchema = z.looseObject({ organization: OrganizationViewSchema, accessToken: z.string().min(10) });
const ServerErrorSchema = z.looseObject({ error: z.looseObject({ code: z.string(), message: z.string() }) });
// Server error codes passed on to the UI as they are; anything else becomes a generic sync error.
const PASSED_ON_CODES = new Set<ErrorCode>(['org.not_found', 'org.slug_taken', 'auth.forbidden', 'validation.invalid_input', 'http.rate_limited']);

/** What the sync feature needs from the core. */
export interface SyncFeatureDeps {
  db: AppDb;
  secrets: SecretStore;
  now: () => number;
  newId: () => string;
  emitStatus: (status: SyncStatus) => void;
  emitRejected: (rejected: SyncMutationRejected) => void;
  fetch?: typeof fetch;
}

/**
 * Sign-in, sign-out and status over the sync engine. Tokens live in the SecretStore only; after a
 * restart the stored session resumes syncing from the positions kept in SQLite.
 */
export function createSyncFeature(deps: SyncFeatureDeps) {
  const doFetch = deps.fetch ?? fetch;
  const outbox = createOutbox(deps.db, { now: deps.now, newId: deps.newId });
  let session: StoredSession | undefined;
  let engine: SyncEngine | undefined;

  function status(): SyncStatus {
    const base = { serverUrl: session?.serverUrl ?? null, userId: session?.userId ?? null };
    if (!session || !engine) return { state: 'signed_out', pending: outbox.unconfirmedCount(), tablesSyncing: 0, rowsReceived: 0, ...base };
    // Fresh: local writes change the outbox without telling the engine.
    const current = engine.status();
    return { ...current, ...base };
  }

  async function refresh(): Promise<boolean> {
    if (!session) return false;
    try {
      const response = await doFetch(`${session.serverUrl}/v1/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      });
      if (!response.ok) return false;
      const pair = TokenPairSchema.parse(await response.json());
      session = { ...session, accessToken: pair.accessToken, refreshToken: pair.refreshToken };
      await deps.secrets.set(SECRET_KEY, JSON.stringify(session));
      return true;
    } catch (error) {
      log.warn('token refresh failed', { error: String(error).slice(0, 200) });
      return false;
    }
  }

  function startEngine(): void {
    if (!session) return;
    engine = createSyncEngine({
      db: deps.db,
      serverUrl: session.serverUrl,
      getAccessToken: async () => session?.accessToken ?? '',
      refreshAccessToken: refresh,
      now: deps.now,
      newId: deps.newId,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      onStatus: () => deps.emitStatus(status()),
      onRejected: (rejected) =>
        deps.emitRejected({ table: rejected.table, rowId: rejected.rowId, op: rejected.op, code: rejected.code, message: rejected.message }),
    });
    engine.start();
  }

  async function stopEngine(): Promise<void> {
    const running = engine;
    engine = undefined;
    await running?.stop();
  }

  function currentUser(): { userId: string | null; organizationId: string | null } {
    if (!session) return { userId: null, organizationId: null };
    return { userId: session.userId, organizationId: readClaim(session.accessToken, 'org') };
  }

  // Rows written while signed out become the user's and are queued; later writes are captured.
  function adopt(): void {
    if (!session || captureMode(deps.db) === 'outbox') return;
    const queued = adoptLocalRows(deps.db, currentUser() as { userId: string; organizationId: string | null });
    log.info('local rows adopted for sync', { queued });
  }

  // A request to the server as the signed-in user; one token refresh on 401.
  async function requestAsUser(path: string, init: { method: 'GET' | 'POST'; body?: unknown }): Promise<unknown> {
    if (!session) throw new AppError('auth.unauthenticated', 'Sign in to a sync server first');
    const send = (current: StoredSession) =>
      doFetch(`${current.serverUrl}${path}`, {
        method: init.method,
        headers: {
          authorization: `Bearer ${current.accessToken}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
    let response: Response;
    try {
      response = await send(session);
      if (response.status === 401 && (await refresh())) response = await send(session);
    } catch (error) {
      throw new AppError('sync.unauthorized', 'The sync server cannot be reached', { cause: error });
    }
    const body: unknown = await response.json().catch(() => null);
    if (response.ok) return body;
    const failure = ServerErrorSchema.safeParse(body);
    const code = failure.success ? (failure.data.error.code as ErrorCode) : undefined;
    if (code !== undefined && PASSED_ON_CODES.has(code)) throw new AppError(code, failure.success ? failure.data.error.message : '');
    if (response.status === 401) throw new AppError('sync.unauthorized', 'The sync server no longer accepts this sign-in; sign in again');
    throw new AppError('sync.push_failed', `The sync server refused the request (HTTP ${response.status})`);
  }

  async function listOrganizations(): Promise<SyncOrganizations> {
    const body = OrganizationsResponseSchema.parse(await requestAsUser('/v1/organizations', { method: 'GET' }));
    return {
      organizations: body.organizations.map((org) => ({ id: org.id, name: org.displayName ?? org.name, role: org.role })),
      // The token decides which organization new rows belong to, so it is the one to show.
      currentOrganizationId: currentUser().organizationId ?? body.currentOrganizationId,
    };
  }

  const handlers: Pick<
    IpcHandlers,
    'sync.status' | 'sync.signIn' | 'sync.signOut' | 'sync.organizations' | 'sync.switchOrganization' | 'sync.createOrganization'
  > = {
    'sync.status': async () => status(),
    'sync.signIn': async ({ serverUrl, email, password }) => {
      const base = serverUrl.replace(/\/+$/, '');
      let response: Response;
      try {
        response = await doFetch(`${base}/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
      } catch (error) {
        throw new AppError('sync.unauthorized', 'The sync server cannot be reached', { cause: error });
      }
      if (response.status === 401) throw new AppError('auth.invalid_credentials', 'Wrong email or password');
      if (!response.ok) throw new AppError('sync.unauthorized', `The sync server refused the sign-in (HTTP ${response.status})`);
      const pair = TokenPairSchema.parse(await response.json());
      const userId = pair.user?.id ?? readSubject(pair.accessToken);
      await stopEngine();
      if (session && (session.userId !== userId || session.serverUrl !== base)) {
        // Another account: its mirror must not leak into this one.
        for (const table of SYNCED_TABLE_NAMES) clearTable(deps.db, table);
      }
      session = { serverUrl: base, userId, accessToken: pair.accessToken, refreshToken: pair.refreshToken };
      await deps.secrets.set(SECRET_KEY, JSON.stringify(session));
      adopt();
      startEngine();
      return status();
    },
    'sync.signOut': async () => {
      await stopEngine();
      if (session) {
        await doFetch(`${session.serverUrl}/v1/auth/logout`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken: session.refreshToken }),
        }).catch((error: unknown) => log.warn('logout request failed; tokens dropped locally', { error: String(error).slice(0, 200) }));
      }
      session = undefined;
      await deps.secrets.delete(SECRET_KEY);
      stopCapturingToOutbox(deps.db);
      const signedOut = status();
      deps.emitStatus(signedOut);
      return signedOut;
    },
    'sync.organizations': listOrganizations,
    'sync.switchOrganization': async ({ organizationId }) => {
      const switched = SwitchResponseSchema.parse(
        await requestAsUser(`/v1/organizations/${encodeURIComponent(organizationId)}/switch`, { method: 'POST' }),
      );
      if (!session) throw new AppError('auth.unauthenticated', 'Signed out while switching organizations');
      // The mirror holds every organization the user belongs to (the server's visibility rules do
      // not depend on the current one), so the positions stay valid: the streams restart with the new
      // token, the users row's current organization arrives through them, and new rows belong to the
      // new organization. Unconfirmed local writes keep the organization they were written in.
      await stopEngine();
      session = { ...session, accessToken: switched.accessToken };
      await deps.secrets.set(SECRET_KEY, JSON.stringify(session));
      startEngine();
      log.info('organization switched', { organizationId: switched.organization.id });
      deps.emitStatus(status());
      return listOrganizations();
    },
    'sync.createOrganization': async ({ name }) => {
      await requestAsUser('/v1/organizations', { method: 'POST', body: { name } });
      log.info('organization created');
      return listOrganizations();
    },
  };

  return {
    handlers,
    /** Local writes that sync: SQLite + outbox in one transaction. Call `flush()` after writing. */
    outbox,
    /** Sends pending local writes now. */
    flush(): void {
      engine?.flush();
    },
    /** Resumes a stored session (after a restart). */
    async resume(): Promise<void> {
      const stored = await deps.secrets.get(SECRET_KEY);
      if (!stored) return;
      const parsed = StoredSessionSchema.safeParse(JSON.parse(stored));
      if (!parsed.success) {
        log.warn('stored sync session is unreadable; signed out');
        await deps.secrets.delete(SECRET_KEY);
        return;
      }
      session = parsed.data;
      adopt();
      startEngine();
    },
    /** The signed-in user and organization (null when signed out): new rows are owned by them. */
    currentUser,
    /** Stops syncing (the session stays stored). */
    close: stopEngine,
  };
}

/** The feature's type. */
export type SyncFeature = ReturnType<typeof createSyncFeature>;

function readSubject(token: string): string {
  const payload = token.split('.')[1];
  if (!payload) throw new AppError('sync.unauthorized', 'The sync server returned an unreadable token');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown };
  if (typeof claims.sub !== 'string') throw new AppError('sync.unauthorized', 'The sync server returned a token without a user');
  return claims.sub;
}

function readClaim(token: string, claim: string): string | null {
  try {
    const payload = token.split('.')[1] ?? '';
    const value = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>)[claim];
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}
