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
   * Runs as service_role inside `tx`: `app.readable_session_ids_for()` (migration 0020, the rule of
   * `app.readable_session_ids()` for many users) answers for all users in one statement.
   */
  readPage(tx: TxQueryable, table: SyncedTable, rule: SessionRule, select: string, ids: readonly string[], userIds: readonly string[]): Promise<PageVisibility>;
}

// The read policies this module knows (pg_policies.qual text, Postgres' own deparsing).
const SESSION_QUAL = '((user_id = auth.uid()) OR (id IN ( SELECT app.readable_session_ids() AS readable_session_ids)))';
const CHILD_QUAL = '(session_id IN ( SELECT app.readable_session_ids() AS readable_session_ids))';
const CACHE_MS = 5_000;

/** Creates the evaluator; table rules are re-read every few seconds. */
export function createLiveVisibility(): LiveVisibility {
  const rules = new Map<string, { at: number; rule: SessionRule | undefined }>();

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
      if (security.rows[0]?.enabled && only?.permissive === 'PERMISSIVE') {
        if (table === 'sessions' && only.qual === SESSION_QUAL) rule = 'session';
        else if (table !== 'sessions' && only.qual === CHILD_QUAL) rule = 'session_child';
      }
      rules.set(table, { at: Date.now(), rule });
      return rule;
    },

    async readPage(tx, table, rule, select, ids, userIds) {
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
                `select user_id::text as user_id, session_id::text as session_id from app.readable_session_ids_for($1::uuid[], $2::uuid[])`,
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
