import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { TxQueryable } from '../db/queryable';

/** A newly issued opaque refresh token; only its hash is stored. */
export interface IssuedRefreshToken {
  token: string;
  expiresAt: Date;
}

/** Outcome of presenting a refresh token. */
export type RotateResult =
  | { kind: 'rotated'; userId: string; next: IssuedRefreshToken }
  /** The token was already spent or revoked: its whole family has now been revoked. */
  | { kind: 'reused' }
  | { kind: 'invalid' };

/** Options shared by the refresh token operations. */
export interface RefreshTokenOptions {
  ttlSeconds: number;
  now: () => number;
}

interface TokenRow {
  id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

/** Starts a new token family (one per sign-in) and returns its first token. */
export async function issueRefreshToken(tx: TxQueryable, userId: string, options: RefreshTokenOptions): Promise<IssuedRefreshToken> {
  return insertToken(tx, { userId, familyId: randomUUID() }, options);
}

/**
 * Exchanges a refresh token for its successor in the same family. A token that was already
 * rotated or revoked is treated as stolen: the family is revoked and `reused` returned, so the
 * caller must commit before answering 401.
 */
export async function rotateRefreshToken(tx: TxQueryable, token: string, options: RefreshTokenOptions): Promise<RotateResult> {
  const result = await tx.query<TokenRow>(
    `select id, user_id, family_id, expires_at, rotated_at, revoked_at
       from refresh_tokens where token_hash = $1 for update`,
    [hashToken(token)],
  );
  const row = result.rows[0];
  if (!row) return { kind: 'invalid' };
  if (row.rotated_at !== null || row.revoked_at !== null) {
    await revokeFamily(tx, row.family_id, 'reuse_detected', options.now);
    return { kind: 'reused' };
  }
  if (new Date(row.expires_at).getTime() <= options.now()) return { kind: 'invalid' };
  await tx.query(`update refresh_tokens set rotated_at = $2 where id = $1`, [row.id, new Date(options.now())]);
  const next = await insertToken(tx, { userId: row.user_id, familyId: row.family_id }, options);
  return { kind: 'rotated', userId: row.user_id, next };
}

/** Revokes the family the token belongs to (logout); returns false for an unknown token. */
export async function revokeRefreshToken(tx: TxQueryable, token: string, now: () => number): Promise<boolean> {
  const result = await tx.query<{ family_id: string }>(`select family_id from refresh_tokens where token_hash = $1`, [hashToken(token)]);
  const familyId = result.rows[0]?.family_id;
  if (familyId === undefined) return false;
  await revokeFamily(tx, familyId, 'logout', now);
  return true;
}

async function revokeFamily(tx: TxQueryable, familyId: string, reason: 'logout' | 'reuse_detected', now: () => number): Promise<void> {
  await tx.query(
    `update refresh_tokens set revoked_at = $2, revoked_reason = $3 where family_id = $1 and revoked_at is null`,
    [familyId, new Date(now()), reason],
  );
}

async function insertToken(
  tx: TxQueryable,
  owner: { userId: string; familyId: string },
  options: RefreshTokenOptions,
): Promise<IssuedRefreshToken> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(options.now() + options.ttlSeconds * 1000);
  await tx.query(
    `insert into refresh_tokens (user_id, family_id, token_hash, expires_at) values ($1, $2, $3, $4)`,
    [owner.userId, owner.familyId, hashToken(token), expiresAt],
  );
  return { token, expiresAt };
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
