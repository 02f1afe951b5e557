import type { SyncedTable } from '../../../src/shared/sync/tables';
import type { TxQueryable } from '../db/queryable';

/**
 * How a table's rows are readable, when its read policy is one this module can evaluate for many
 * users in one statement: `sessions` (`user_id = auth.uid() or id in readable_session_ids()`) or a
 * session child (`session_id in readable_session_ids()`).
 */
export type SessionRule = 'session' | 'session_child';

/** Who of a set of users can read which of a page's rows (see {@link createLiveVisibility}). */
export interface PageVisibility {
  /** Current row value (JSON text, the synced columns) by id; a missing id is gone from the table. */
  values: Map<string, string>;
  /** True when `userId` may read row `rowId` right now (the table's read policy, evaluated for them). */
  canRead(userId: string, rowId: string): boolean;
  /** Organizations `userId` belongs to (to decide who is sent a delete). */
  orgsOf(userId: string): ReadonlySet<string>;
}

/** Evaluates session read policies for many users at once, exactly as RLS would for each of them. */
export interface LiveVisibility {
  /** The table's rule, or undefined when its policies are not (any more) the known session forms. */
  ruleFor(tx: TxQueryable, table: SyncedTable): Promise<SessionRule | undefined>;
  /**
   * Reads the page's rows once and decides, for every user, which of them that user may read.
   * Runs as service_role inside `tx` (BYPASSRLS): the policy is evaluated by the query derived
   * from `app.readable_session_ids()`'s own body, for all users in one statement.
   */
  readPage(tx: TxQueryable, table: SyncedTable, rule: SessionRule, select: string, ids: readonly string[], userIds: readonly string[]): Promise<PageVisibility>;
}

// The read policies this module knows (pg_policies.qual text, Postgres' own deparsing).
const SESSION_QUAL = '((user_id = auth.uid()) OR (id IN ( SELECT app.readable_session_ids() AS readable_session_ids)))';
const CHILD_QUAL = '(session_id IN ( SELECT app.readable_session_ids() AS readable_session_ids))';
const CACHE_MS = 5_000;

/**
 * Turns the body of `app.readable_session_ids()` (one user: `with me as (select auth.uid() as id)`
 * and a union of `select s.id from …` branches joined to `me`) into the same query for an array of
 * users (`$1`), returning (user_id, session_id) pairs. Undefined when the body has another form:
 * the caller then reads row by row under each user's RLS role instead.
 */
export function pairsQueryFrom(body: string): string | undefined {
  const text = body.trim();
  const head = 'with me as (select auth.uid() as id)';
  if (!text.startsWith(head)) return undefined;
  const rest = text.slice(head.length);
  const branches = rest.split(/\n\s*union\s*\n/);
  if (!branches.every((branch) => /^\s*select s\.id from /.test(branch) && /\bme\b/.test(branch.replace(/^\s*select s\.id from /, '')))) return undefined;
  // Nothing else may depend on the caller's identity or settings.
  if (/auth\.|current_setting|current_user|session_user|set_config/i.test(rest)) return undefined;
  const pairs = branches.map((branch) => branch.replace(/^(\s*)select s\.id from /, '$1select me.id as user_id, s.id as session_id from '));
  return `with me as (select unnest($1::uuid[]) as id)${pairs.join('\n  union\n')}`;
}

/** Creates the evaluator; table rules and the derived query are re-read every few seconds. */
export function createLiveVisibility(): LiveVisibility {
  let derived: { at: number; query: string | undefined } | undefined;
  const rules = new Map<string, { at: number; rule: SessionRule | undefined }>();

  async function pairsQuery(tx: TxQueryable): Promise<string | undefined> {
    if (derived && Date.now() - derived.at < CACHE_MS) return derived.query;
    const result = await tx.query<{ body: string; is_definer: boolean }>(
      `select p.prosrc as body, p.prosecdef as is_definer from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'app' and p.proname = 'readable_session_ids' and p.pronargs = 0`,
    );
    const row = result.rows.length === 1 ? result.rows[0] : undefined;
    derived = { at: Date.now(), query: row?.is_definer ? pairsQueryFrom(row.body) : undefined };
    return derived.query;
  }

  return {
    async ruleFor(tx, table) {
      const cached = rules.get(table);
      if (cached && Date.now() - cached.at < CACHE_MS) return cached.rule;
      // Every policy that can apply to a SELECT by `authenticated`; exactly one permissive known form.
      const policies = await tx.query<{ permissive: string; qual: string | null }>(
        `select permissive, qual from pg_policies
         where schemaname = 'public' and tablename = $1 and cmd in ('SELECT', 'ALL')
           and ('authenticated' = any (roles) or 'public' = any (roles))`,
        [table],
      );
      const security = await tx.query<{ enabled: boolean }>(
        `select c.relrowsecurity as enabled from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = $1`,
        [table],
      );
      const only = policies.rows.length === 1 ? policies.rows[0] : undefined;
      let rule: SessionRule | undefined;
      if (security.rows[0]?.enabled && only?.permissive === 'PERMISSIVE' && (await pairsQuery(tx)) !== undefined) {
        if (table === 'sessions' && only.qual === SESSION_QUAL) rule = 'session';
        else if (table !== 'sessions' && only.qual === CHILD_QUAL) rule = 'session_child';
      }
      rules.set(table, { at: Date.now(), rule });
      return rule;
    },

    async readPage(tx, table, rule, select, ids, userIds) {
      const query = await pairsQuery(tx);
      if (query === undefined) throw new Error('readable_session_ids() changed form; use the per-user read');
      const key = rule === 'session' ? 't.id' : 't.session_id';
      const owner = rule === 'session' ? 't.user_id' : 'null';
      const rows = await tx.query<{ id: string; value: string; session_id: string | null; owner_id: string | null }>(
        `select r.id, r.value, ${key}::text as session_id, ${owner}::text as owner_id
         from (${select} and id = any($1::uuid[])) r join public."${table}" t on t.id = r.id::uuid`,
        [ids],
      );
      const sessionIds = [...new Set(rows.rows.map((row) => row.session_id).filter((id): id is string => id !== null))];
      const pairs =
        sessionIds.length === 0
          ? []
          : (
              await tx.query<{ user_id: string; session_id: string }>(
                `select p.user_id::text as user_id, p.session_id::text as session_id from (${query}) p where p.session_id = any($2::uuid[])`,
                [userIds, sessionIds],
              )
            ).rows;
      const orgRows = (
        await tx.query<{ user_id: string; orgs: string[] }>(
          `select user_id::text as user_id, array_agg(organization_id::text) as orgs from public.organization_members where user_id = any($1::uuid[]) group by user_id`,
          [userIds],
        )
      ).rows;
      const readable = new Set(pairs.map((pair) => `${pair.user_id}|${pair.session_id}`));
      const byId = new Map(rows.rows.map((row) => [row.id, row]));
      const orgs = new Map(orgRows.map((row) => [row.user_id, new Set(row.orgs)]));
      const none: ReadonlySet<string> = new Set();
      return {
        values: new Map(rows.rows.map((row) => [row.id, row.value])),
        canRead(userId, rowId) {
          const row = byId.get(rowId);
          if (!row) return false;
          if (rule === 'session' && row.owner_id === userId) return true;
          return row.session_id !== null && readable.has(`${userId}|${row.session_id}`);
        },
        orgsOf: (userId) => orgs.get(userId) ?? none,
      };
    },
  };
}
