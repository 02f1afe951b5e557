import { AppError } from '../../../src/shared/errors';
import { runInTransaction, type SqlDb, type TxQueryable } from './queryable';

/** JWT claims a user request runs under; `sub` is the user id that `auth.uid()` returns. */
export interface UserClaims {
  sub: string;
  role?: string;
  org?: string;
  exp?: number;
  [claim: string]: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `fn` in a transaction as role `authenticated` with `request.jwt.claims` set, so every RLS
 * policy sees `auth.uid() = claims.sub`. Commits when `fn` resolves, rolls back when it throws.
 * @throws AppError('auth.forbidden') when `claims.sub` is not a uuid.
 */
export async function withUserTx<T>(db: SqlDb, claims: UserClaims, fn: (tx: TxQueryable) => Promise<T>): Promise<T> {
  if (typeof claims.sub !== 'string' || !UUID.test(claims.sub)) {
    throw new AppError('auth.forbidden', 'Token subject is not a user id');
  }
  const jwtClaims = { ...claims, role: 'authenticated' };
  return runInTransaction(db, async (tx) => {
    await tx.query('set local role authenticated');
    await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(jwtClaims)]);
    return fn(tx);
  });
}

/** Runs `fn` in a transaction as role `anon` (no user): RLS lets it see only public rows. */
export async function withAnonTx<T>(db: SqlDb, fn: (tx: TxQueryable) => Promise<T>): Promise<T> {
  return runInTransaction(db, async (tx) => {
    await tx.query('set local role anon');
    await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ role: 'anon' })]);
    return fn(tx);
  });
}

/** Runs `fn` in a transaction as `service_role` (BYPASSRLS): jobs, webhooks, admin. Grep for it. */
export async function withServiceTx<T>(db: SqlDb, fn: (tx: TxQueryable) => Promise<T>): Promise<T> {
  return runInTransaction(db, async (tx) => {
    await tx.query('set local role service_role');
    await tx.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ role: 'service_role' })]);
    return fn(tx);
  });
}
