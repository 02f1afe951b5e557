import type { RouteContext } from '../app';
import type { TxQueryable } from '../db/queryable';
import type { PublicUser } from './accounts';
import { issueRefreshToken } from './refresh-tokens';

/** What signup, login, refresh and OAuth exchange return. */
export interface TokenPair {
  user: PublicUser;
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

/** Starts a new sign-in for the user: a fresh refresh token family plus an access token. */
export async function issueTokenPair(ctx: RouteContext, tx: TxQueryable, user: PublicUser): Promise<TokenPair> {
  const refresh = await issueRefreshToken(tx, user.id, { ttlSeconds: ctx.config.refreshTokenTtlSeconds, now: ctx.now });
  return withAccessToken(ctx, user, refresh);
}

/** Adds an access token for the user's current organization to an issued refresh token. */
export async function withAccessToken(
  ctx: RouteContext,
  user: PublicUser,
  refresh: { token: string; expiresAt: Date },
): Promise<TokenPair> {
  const access = await ctx.tokens.mintAccessToken({ userId: user.id, orgId: user.currentOrganizationId });
  return {
    user,
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    refreshToken: refresh.token,
    refreshTokenExpiresAt: refresh.expiresAt.toISOString(),
  };
}
